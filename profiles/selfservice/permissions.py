"""Who may change which profile: one set of rules for the pages and the API.

A researcher edits their own profile and chooses its delegates; a delegate edits the
profile they were given. Nothing here grants anything in admin, a membership or a merge:
those stay with the model permissions of editors.
"""

import rules
from django.db.models import F, Q

from profiles.models import Person


def _account_user_id(person):
    if not hasattr(person, "account_user_id"):
        person.account_user_id = (
            Person.objects.filter(pk=person.pk).values_list("account__user_id", flat=True).first()
        )
    return person.account_user_id


@rules.predicate
def is_the_researcher(user, person):
    return isinstance(person, Person) and _account_user_id(person) == user.pk


@rules.predicate
def is_a_delegate(user, person):
    return isinstance(person, Person) and person.delegates.filter(user_id=user.pk).exists()


rules.add_perm(
    "selfservice.edit_profile", rules.is_authenticated & (is_the_researcher | is_a_delegate)
)
rules.add_perm("selfservice.manage_delegates", rules.is_authenticated & is_the_researcher)


def editable_people(user):
    """The people whose profile `user` may edit, as researcher or delegate."""
    if not user.is_authenticated:
        return Person.objects.none()
    people = Person.objects.filter(Q(account__user=user) | Q(delegates__user=user)).distinct()
    return people.annotate(account_user_id=F("account__user_id")).order_by("sort_name", "id")


def may_edit(user, person):
    """True when `user` may edit `person`'s profile as its researcher or a delegate.

    Asked of the rules alone: an editor's superuser flag opens admin, not these pages.
    """
    return rules.has_perm("selfservice.edit_profile", user, person)


def may_manage_delegates(user, person):
    return rules.has_perm("selfservice.manage_delegates", user, person)
