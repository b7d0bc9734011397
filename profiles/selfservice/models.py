"""Researchers' accounts, their invitations, delegates, and changes waiting for review."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from profiles.models import Person


class ProfileAccount(models.Model):
    """The user account that is this person: one account per person, one person per account."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="account", verbose_name=_("person")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile_account",
        verbose_name=_("user"),
    )
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("profile account")
        verbose_name_plural = _("profile accounts")

    def __str__(self):
        return gettext("%(user)s is %(person)s") % {"user": self.user, "person": self.person}


def new_nonce():
    return secrets.token_urlsafe(16)


class Invitation(models.Model):
    """An emailed link that lets a researcher set a password; good once, for INVITATION_DAYS.

    The link signs (pk, nonce); a later invitation for the same person replaces the
    nonce of the earlier ones' rows, so an old email stops working.
    """

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("person")
    )
    email = models.EmailField(verbose_name=_("email"))
    nonce = models.CharField(max_length=32, default=new_nonce, verbose_name=_("nonce"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    used = models.DateTimeField(null=True, blank=True, verbose_name=_("used"))
    superseded = models.BooleanField(default=False, verbose_name=_("superseded"))

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created"]

    def __str__(self):
        return gettext("Invitation of %(person)s (%(email)s)") % {
            "person": self.person,
            "email": self.email,
        }


class Delegate(models.Model):
    """Another account that may edit this person's profile (an assistant, a lab manager)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="delegates", verbose_name=_("person")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="delegations",
        verbose_name=_("user"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        constraints = [
            models.UniqueConstraint(fields=["person", "user"], name="one_delegation_per_user")
        ]

    def __str__(self):
        return gettext("%(user)s for %(person)s") % {"user": self.user, "person": self.person}


class EditorDecision(models.Model):
    """Who decided a request waiting for review, when, and what they told the researcher."""

    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided = models.DateTimeField(null=True, blank=True, verbose_name=_("decided"))
    message = models.TextField(
        blank=True,
        help_text=_("Sent to the researcher with the decision."),
        verbose_name=_("message"),
    )

    class Meta:
        abstract = True

    def record_decision(self, *, editor, status, message):
        self.status, self.decided_by, self.decided = status, editor, timezone.now()
        self.message = message
        self._history_user = editor
        self.save()


class PendingRevision(EditorDecision):
    """Changes to a profile that wait for an editor; the public profile keeps the old values.

    `changes` maps a field to its proposed value and `before` to its value when proposed;
    topics proposed by name are under "new_topics". A person has at most one open revision:
    later proposals are added to it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("person")
    )
    changes = models.JSONField(default=dict, verbose_name=_("changes"))
    before = models.JSONField(default=dict, verbose_name=_("before"))
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, verbose_name=_("status")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted = models.DateTimeField(auto_now_add=True, verbose_name=_("submitted"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pending revision")
        verbose_name_plural = _("pending revisions")
        ordering = ["submitted", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status="pending"),
                name="one_open_revision_per_person",
            )
        ]

    def __str__(self):
        return gettext("Changes to %(person)s (%(status)s)") % {
            "person": self.person,
            "status": self.get_status_display().lower(),
        }
