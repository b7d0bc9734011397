"""Writes of the self-service: invitations, accounts, profile changes and their review."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.i18n import language_name
from profiles.models import Person, Topic
from profiles.selfservice import mail
from profiles.selfservice.models import Delegate, Invitation, PendingRevision, ProfileAccount
from profiles.selfservice.tokens import BadLink, invitation_token

# Text written per language (profiles/translation.py): the plain name is the default
# language's column, and each other language's column follows it ("position_fr").
TRANSLATED = ("position", "bio", "portrait_alt")
OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def _with_translations(names):
    for name in names:
        yield name
        if name in TRANSLATED:
            yield from (f"{name}_{code}" for code in OTHER_LANGUAGES)


# What a researcher may change on their profile; "new_topics" are topics proposed by name.
PROFILE_FIELDS = list(
    _with_translations(
        [
            "position",
            "affiliation",
            "membership",
            "bio",
            "homepage",
            "orcid",
            "scholar_url",
            "github",
            "portrait_alt",
            "topics",
            "new_topics",
        ]
    )
)
TEXT_PER_LANGUAGE = {
    name: base for base in TRANSLATED for name in _with_translations([base])
}  # profile field -> the translated field it is a language of


def column(name):
    """The model attribute a profile field is stored in: a plain translated name is the
    default language's column, whatever language the request is in."""
    return f"{name}_{settings.LANGUAGE_CODE}" if name in TRANSLATED else name


def profile_field(attribute):
    """The profile field stored in a model `attribute` (the reverse of column)."""
    default_column = {column(name): name for name in TRANSLATED}
    return default_column.get(attribute, attribute)


# How the pages, emails and the review name the fields: verbose names that the model
# leaves to Django (and so to English) would otherwise show untranslated.
FIELD_LABELS = {
    "position": pgettext_lazy("role at the institute", "position"),
    "affiliation": _("affiliation"),
    "membership": _("membership"),
    "bio": _("bio"),
    "homepage": _("homepage"),
    "portrait": _("portrait"),
    "topics": _("topics"),
    "new_topics": _("proposed topics"),
}


@dataclass(frozen=True)
class OutsideField:
    """A choice kept outside Person that a revision may hold like a profile field.

    publications registers its own (featured and hidden publications), since profiles
    may not import it: `published(person)` is the value now, in the JSON form a revision
    keeps, `apply(person, value, user)` publishes one, `describe(values)` gives the
    editors' diff a text for each of several values at once.
    """

    label: Any
    published: Callable
    apply: Callable
    describe: Callable


OUTSIDE_FIELDS = {}  # name -> OutsideField, applied in the order registered


def register_outside_field(name, **parts):
    OUTSIDE_FIELDS[name] = OutsideField(**parts)


def existing_topic_names(names):
    """Those of `names` that a topic already has, whatever their case."""
    same_name = Q()
    for name in names:
        same_name |= Q(name__iexact=name)
    found = Topic.objects.filter(same_name).values_list("name", flat=True) if names else []
    known = {name.casefold() for name in found}
    return [name for name in names if name.casefold() in known]


def is_reviewed(name):
    return TEXT_PER_LANGUAGE.get(name, name) in settings.SELF_SERVICE_REVIEWED_FIELDS


def label_of(name):
    if name in OUTSIDE_FIELDS:
        return str(OUTSIDE_FIELDS[name].label)
    if name in TEXT_PER_LANGUAGE and name not in TRANSLATED:
        base, code = TEXT_PER_LANGUAGE[name], name.rsplit("_", 1)[1]
        label = FIELD_LABELS.get(base) or Person._meta.get_field(base).verbose_name
        return f"{label} ({language_name(code)})"
    return str(FIELD_LABELS.get(name) or Person._meta.get_field(name).verbose_name)


def _stored_value(value, name):
    # A language not written yet is NULL in its column, and "" in a form.
    return value or "" if name in TEXT_PER_LANGUAGE else value


def invite(*, person, email, invited_by, base_url):
    """Email `person` a link to set a password; earlier unused links stop working."""
    with transaction.atomic():
        Invitation.objects.filter(person=person, used=None).update(superseded=True)
        invitation = Invitation.objects.create(person=person, email=email, invited_by=invited_by)
    path = reverse("selfservice:accept-invitation", args=[invitation_token(invitation)])
    mail.send(
        "invitation",
        [email],
        {"person": person, "url": base_url + path, "days": settings.INVITATION_DAYS},
    )
    return invitation


def accept_invitation(*, invitation, password):
    """The new account of the invited researcher, linked to their person."""
    User = get_user_model()
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.used or invitation.superseded:
            raise BadLink(gettext("This invitation was already used or replaced."))
        if ProfileAccount.objects.filter(person_id=invitation.person_id).exists():
            raise BadLink(
                gettext("This profile already has an account. Sign in, or reset the password.")
            )
        if User.objects.filter(username__iexact=invitation.email).exists():
            raise BadLink(
                gettext(
                    "An account with this email address exists already; ask an editor to "
                    "invite another address."
                )
            )
        user = User.objects.create_user(
            username=invitation.email, email=invitation.email, password=password
        )
        ProfileAccount.objects.create(person_id=invitation.person_id, user=user)
        invitation.used = timezone.now()
        invitation.save(update_fields=["used"])
    return user


def current_values(person):
    """Each of PROFILE_FIELDS as stored, in the JSON form a revision keeps."""
    values = {
        name: _stored_value(getattr(person, column(name)), name) for name in PROFILE_FIELDS[:-2]
    }
    values["topics"] = sorted(person.topics.values_list("pk", flat=True))
    values["new_topics"] = []
    return values


def open_revision(person):
    return PendingRevision.objects.filter(person=person, status="pending").first()


UNCHANGED = object()


def submit_changes(*, person, user, values, portrait=UNCHANGED):
    """Publish the changed `values` that need no review and queue the others.

    `portrait`, an upload checked by clean_portrait or "" to remove it, publishes at
    once. Returns (labels published, labels waiting). A waiting value set back to the
    published one leaves the queue.
    """
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        stored = current_values(person)
        for name in OUTSIDE_FIELDS.keys() & values.keys():
            stored[name] = OUTSIDE_FIELDS[name].published(person)
        revision = PendingRevision.objects.select_for_update().filter(
            person=person, status="pending"
        ).first() or PendingRevision(person=person)
        published, waiting, person_changed = [], [], False
        for name, value in values.items():
            if name == "topics":
                value = sorted(topic.pk for topic in value)
            value = _stored_value(value, name)
            if is_reviewed(name):
                if value == stored[name]:
                    revision.changes.pop(name, None)
                    revision.before.pop(name, None)
                else:
                    if revision.changes.get(name) != value:
                        waiting.append(label_of(name))
                    revision.changes[name] = value
                    revision.before[name] = stored[name]
            elif value != stored[name]:
                published.append(label_of(name))
                person_changed |= name not in OUTSIDE_FIELDS
                if name in OUTSIDE_FIELDS:
                    OUTSIDE_FIELDS[name].apply(person, value, user)
                elif name == "topics":
                    person.topics.set(value)
                else:
                    setattr(person, column(name), value)
        if portrait is not UNCHANGED:
            person.portrait = portrait
            published.append(label_of("portrait"))
            person_changed = True
        if person_changed:
            person._history_user = user
            person.save()
        if revision.changes:
            revision.submitted_by = user
            revision.save()
        elif revision.pk:
            revision.delete()
    return published, waiting


def _apply(person, changes, editor):
    for name, value in changes.items():
        if name in OUTSIDE_FIELDS:
            continue  # after the profile's own fields, in their order
        if name == "topics":
            person.topics.set(Topic.objects.filter(pk__in=value))  # a topic may be gone since
        elif name == "new_topics":
            for topic_name in value:
                topic = Topic.objects.filter(name__iexact=topic_name).first()
                person.topics.add(topic or Topic.objects.create(name=topic_name))
        else:
            setattr(person, column(name), value)
    for name, outside in OUTSIDE_FIELDS.items():
        if name in changes:
            outside.apply(person, changes[name], editor)


def decide(*, revision, editor, approve, message=""):
    """Approve (publish) or reject a pending revision and email the researcher the answer."""
    with transaction.atomic():
        revision = PendingRevision.objects.select_for_update().get(pk=revision.pk)
        if revision.status != PendingRevision.Status.PENDING:
            raise ValueError(
                gettext("This revision was decided already; the queue shows the answer.")
            )
        person = Person.objects.select_for_update().get(pk=revision.person_id)
        if approve:
            _apply(person, revision.changes, editor)
            person._history_user = editor
            person._change_reason = gettext("Approved revision %(id)d") % {"id": revision.pk}
            person.save()
        status = "approved" if approve else "rejected"
        revision.record_decision(editor=editor, status=status, message=message)
    recipients = researcher_addresses(person, revision.submitted_by)
    if recipients:
        mail.send(
            "decision",
            recipients,
            {
                "person": person,
                "revision": revision,
                "labels": [label_of(name) for name in revision.changes],
                "url": settings.SITE_URL + reverse("selfservice:profile", args=[person.slug]),
            },
        )
    return revision


def researcher_addresses(person, *others):
    """The emails of the person's account and of `others` (users), without repeats."""
    users = [getattr(person, "account", None) and person.account.user, *others]
    return sorted({user.email for user in users if user and user.email})


def add_delegate(*, person, email, granted_by):
    """Let the account with `email` edit `person`'s profile; ValueError when there is none."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        raise ValueError(
            gettext("No account uses this email address; they must have an account first.")
        )
    if user.pk == granted_by.pk:
        raise ValueError(gettext("That is your own account; you edit your profile already."))
    delegate, _ = Delegate.objects.get_or_create(
        person=person, user=user, defaults={"granted_by": granted_by}
    )
    return delegate
