"""Deciding a doubtful name: take one of its readings, or keep it as printed."""

from django.db import transaction
from django.utils.translation import gettext

from profiles.models import NameReview, NameVariant, Person


class ReviewError(ValueError):
    """A decision that cannot be taken; the message says why."""


@transaction.atomic
def decide_name(*, review, name):
    """Show `name` (a reading of the review, or the printed form) for its person; return it."""
    review = NameReview.objects.select_for_update().get(pk=review.pk)
    if review.status != NameReview.Status.OPEN:
        raise ReviewError(
            gettext("“%(printed)s” was already decided: %(status)s.")
            % {"printed": review.printed, "status": review.get_status_display()}
        )
    if name != review.printed and name not in review.candidates:
        raise ReviewError(
            gettext("“%(name)s” is not a reading of “%(printed)s”.")
            % {"name": name, "printed": review.printed}
        )
    person = Person.objects.select_for_update().get(pk=review.person_id)
    reason = gettext("Name review: “%(printed)s” read as “%(name)s”") % {
        "printed": review.printed,
        "name": name,
    }
    if person.full_name != name:
        person.full_name, person.family_name = name, ""  # the parts follow the name
        person._change_reason = reason
        person.save()
    for spelling in (review.printed, name):
        if not person.name_variants.filter(name=spelling).exists():
            variant = NameVariant(person=person, name=spelling)
            variant._change_reason = reason
            variant.save()
    kept = name == review.printed
    review.status = NameReview.Status.KEPT if kept else NameReview.Status.ACCEPTED
    review.decided_name = name
    review._change_reason = reason
    review.save()
    return review
