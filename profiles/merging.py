"""Merging two records of one person into the one kept, in one transaction."""

from django.db import transaction
from django.utils.translation import gettext
from simple_history.utils import bulk_update_with_history

from core.merging import field_conflicts, fill_fields
from profiles.models import NameVariant, Person, PersonRedirect

# Fields an editor may take from the other record when both hold a different value.
PERSON_MERGE_FIELDS = [
    "full_name",
    "membership",
    "position",
    "affiliation",
    "portrait",
    "portrait_alt",
    "bio",
    "homepage",
    "orcid",
    "scholar_url",
    "github",
]


def person_merge_conflicts(*, keep, other):
    """What the editor must decide before `other` is merged into `keep`."""
    return field_conflicts(keep, other, PERSON_MERGE_FIELDS)


@transaction.atomic
def merge_people(*, keep, other, take_other=()):
    """Merge `other` into `keep` and delete `other`; return `keep`.

    Bylines, name variants, topics and old addresses move to `keep`; where both were
    on one paper the kept authorship stays. `other`'s slug redirects to `keep` from
    now on. Fields listed in `take_other` take `other`'s value over `keep`'s.
    """
    if keep.pk == other.pk:
        raise ValueError(gettext("A person cannot be merged with itself."))
    # Both rows locked, in id order, so two merges of one pair cannot deadlock.
    locked = Person.objects.select_for_update().filter(pk__in=[keep.pk, other.pk]).order_by("pk")
    rows = {person.pk: person for person in locked}
    if len(rows) != 2:
        raise ValueError(
            gettext("One of the two people no longer exists; it may be merged already.")
        )
    keep, other = rows[keep.pk], rows[other.pk]
    # In the language of the editor who merges, like every change reason of the history.
    reason = gettext("Merged %(other)s (#%(other_id)d) into %(keep)s (#%(keep_id)d)") % {
        "other": other.full_name,
        "other_id": other.pk,
        "keep": keep.full_name,
        "keep_id": keep.pk,
    }

    kept_papers = {a.publication_id: a for a in keep.authorships.all()}
    moved = []
    for authorship in other.authorships.all():
        mine = kept_papers.get(authorship.publication_id)
        if mine is None:
            authorship.person = keep
            moved.append(authorship)
            continue
        position = authorship.position
        authorship._change_reason = reason
        authorship.delete()
        if mine.position is None and position is not None:
            mine.position = position
            mine._change_reason = reason
            mine.save()

    # One statement (with its history rows) for all the bylines: a save per byline fired
    # the stored-count triggers once each, which made imports into a full database crawl.
    if moved:
        bulk_update_with_history(moved, type(moved[0]), ["person"], default_change_reason=reason)
    kept_names = set(keep.name_variants.values_list("name", flat=True))
    for variant in other.name_variants.all():
        if variant.name in kept_names:
            continue
        variant.person = keep
        variant._change_reason = reason
        variant.save()
        kept_names.add(variant.name)
    keep.topics.add(*other.topics.all())
    PersonRedirect.objects.filter(person=other).update(person=keep)
    if not keep.membership_periods.exists():  # the only history there is stays true
        other.membership_periods.update(person=keep)

    names_before = {keep.full_name, other.full_name}
    fill_fields(keep, other, PERSON_MERGE_FIELDS, set(take_other))
    if keep.full_name == other.full_name:
        keep.given_name, keep.name_particle = other.given_name, other.name_particle
        keep.family_name = other.family_name
    keep.has_profile = keep.has_profile or other.has_profile
    old_slug = other.slug
    other._change_reason = reason
    other.delete()
    PersonRedirect.objects.update_or_create(old_slug=old_slug, defaults={"person": keep})
    keep._change_reason = reason
    keep.save()
    # Both names stay findable: the one dropped becomes a variant of the one kept.
    for name in sorted(names_before - kept_names):
        variant = NameVariant(person=keep, name=name)
        variant._change_reason = reason
        variant.save()
    return keep
