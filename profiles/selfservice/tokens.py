"""Signed links in emails: an invitation, and the confirmation of a new email address."""

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext

INVITATION_SALT = "selfservice.invitation"
EMAIL_SALT = "selfservice.email-change"


class BadLink(Exception):
    """A link that is forged, expired, used or replaced; the message says which."""


def invitation_token(invitation):
    return signing.dumps([invitation.pk, invitation.nonce], salt=INVITATION_SALT, compress=True)


def read_invitation(token):
    """The Invitation a token names, or BadLink saying why it cannot be used."""
    from profiles.selfservice.models import Invitation

    try:
        pk, nonce = signing.loads(
            token, salt=INVITATION_SALT, max_age=settings.INVITATION_DAYS * 86400
        )
    except signing.SignatureExpired:
        raise BadLink(
            gettext("This invitation has expired. Ask an editor to send you a new one.")
        ) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise BadLink(
            gettext("This invitation link is not valid. Check that you copied all of it.")
        ) from None
    invitation = Invitation.objects.select_related("person").filter(pk=pk, nonce=nonce).first()
    if invitation is None or invitation.superseded:
        raise BadLink(gettext("This invitation was replaced by a newer one; use the latest email."))
    if invitation.used:
        raise BadLink(
            gettext("This invitation was already used. Sign in with your password instead.")
        )
    return invitation


def email_change_token(user, new_email):
    # The current address is signed too: once the change is made, the link stops working.
    return signing.dumps([user.pk, user.email, new_email], salt=EMAIL_SALT)


def read_email_change(token, user):
    """The new address a token confirms for `user`, or BadLink."""
    try:
        pk, old, new = signing.loads(
            token, salt=EMAIL_SALT, max_age=settings.EMAIL_CHANGE_HOURS * 3600
        )
    except signing.SignatureExpired:
        raise BadLink(gettext("This confirmation link has expired; ask for a new one.")) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise BadLink(gettext("This confirmation link is not valid.")) from None
    if pk != user.pk:
        raise BadLink(
            gettext("This confirmation link is for another account; sign in as that one.")
        )
    if old != user.email:
        raise BadLink(gettext("This confirmation link was already used."))
    return new
