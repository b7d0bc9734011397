"""Merging two records of one model: what conflicts, and what the kept one takes."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Conflict:
    field: str
    label: str
    kept: str
    other: str


def _value(record, name):
    value = getattr(record, name)
    return getattr(value, "name", value) or ""


def field_conflicts(keep, other, fields):
    """Fields where both records hold a value and the values differ."""
    conflicts = []
    for name in fields:
        kept, theirs = _value(keep, name), _value(other, name)
        if kept and theirs and str(kept) != str(theirs):
            label = str(keep._meta.get_field(name).verbose_name)
            conflicts.append(Conflict(name, label, str(kept), str(theirs)))
    return conflicts


def fill_fields(keep, other, fields, take_other):
    """Copy into `keep` what it lacks from `other`, and the conflicts chosen from `other`.

    Unique fields are cleared on `other` first so that `keep` can take them over.
    """
    moved = {}
    for name in fields:
        theirs = getattr(other, name)
        if _value(other, name) and (not _value(keep, name) or name in take_other):
            moved[name] = theirs
    unique = [name for name in moved if keep._meta.get_field(name).unique]
    if unique:
        type(other).objects.filter(pk=other.pk).update(**{name: None for name in unique})
    for name, value in moved.items():
        setattr(keep, name, value)
