"""Researchers with accounts, and the links their emails carry."""

import re

from django.contrib.auth import get_user_model
from django.core import mail

from profiles.selfservice.models import ProfileAccount
from tests.factories import make_person

PASSWORD = "a-long-pass-phrase-42"


def make_user(email, password=PASSWORD, **fields):
    return get_user_model().objects.create_user(
        username=email, email=email, password=password, **fields
    )


def make_researcher(full_name="Ada Lovelace", email=None, **fields):
    """A person with a public profile and the account that is them."""
    person = make_person(full_name, has_profile=True, **fields)
    email = email or f"{person.slug}@example.org"
    user = make_user(email)
    ProfileAccount.objects.create(person=person, user=user)
    return person, user


def link_in(message, pattern=r"https?://\S+"):
    """The first link in an email's plain text."""
    return re.search(pattern, message.body).group(0)


def last_email():
    return mail.outbox[-1]
