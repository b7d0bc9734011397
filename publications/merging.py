"""Merging two records of one publication into the one kept, in one transaction."""

from django.db import transaction
from django.utils.translation import gettext

from core.merging import field_conflicts, fill_fields
from publications.models import Authorship, Publication

PUBLICATION_MERGE_FIELDS = [
    "title",
    "abstract",
    "language",
    "year",
    "date",
    "venue",
    "kind",
    "doi",
    "arxiv_id",
    "url",
    "pdf_url",
]


def publication_merge_conflicts(*, keep, other):
    """Fields and bylines that differ, for the editor to see before merging."""
    conflicts = field_conflicts(keep, other, PUBLICATION_MERGE_FIELDS)
    kept_byline = [a.person_id for a in keep.authorships.all()]
    other_byline = [a.person_id for a in other.authorships.all()]
    return conflicts, kept_byline != other_byline and bool(kept_byline and other_byline)


@transaction.atomic
def merge_publications(*, keep, other, take_other=()):
    """Merge `other` into `keep` and delete `other`; return `keep`.

    The byline is `keep`'s, followed by the authors only `other` lists, in its
    order. Identifiers and other fields `keep` lacks come from `other`; fields in
    `take_other` take `other`'s value even where `keep` has one. Topics are
    combined and versions that pointed at `other` point at `keep`.
    """
    if keep.pk == other.pk:
        raise ValueError(gettext("A publication cannot be merged with itself."))
    locked = Publication.objects.select_for_update().filter(pk__in=[keep.pk, other.pk])
    rows = {publication.pk: publication for publication in locked.order_by("pk")}
    if len(rows) != 2:
        raise ValueError(
            gettext("One of the two publications no longer exists; it may be merged already.")
        )
    keep, other = rows[keep.pk], rows[other.pk]
    reason = gettext("Merged “%(other)s” (#%(other_id)d) into #%(keep_id)d") % {
        "other": other.title,
        "other_id": other.pk,
        "keep_id": keep.pk,
    }

    kept_authorships = list(keep.authorships.all())
    on_byline = {a.person_id for a in kept_authorships}
    next_position = max((a.position or 0 for a in kept_authorships), default=0) + 1
    for authorship in other.authorships.all():
        if authorship.person_id in on_byline:
            authorship._change_reason = reason
            authorship.delete()
            continue
        moved = Authorship(
            publication=keep,
            person_id=authorship.person_id,
            position=next_position,
            name_as_printed=authorship.name_as_printed,
        )
        authorship._change_reason = reason
        authorship.delete()
        moved._change_reason = reason
        moved.save()
        on_byline.add(authorship.person_id)
        next_position += 1

    keep.topics.add(*other.topics.all())
    for version in Publication.objects.filter(version_of=other).exclude(pk=keep.pk):
        version.version_of = keep
        version._change_reason = reason
        version.save()
    if keep.version_of_id == other.pk:
        keep.version_of = other.version_of if other.version_of_id != keep.pk else None

    date_before = keep.date
    fill_fields(keep, other, PUBLICATION_MERGE_FIELDS, set(take_other))
    if keep.date and keep.year and keep.date.year != keep.year:
        keep.date = date_before  # a date taken over must fall in the year kept
    other._change_reason = reason
    other.delete()
    keep._change_reason = reason
    keep.save()
    return keep
