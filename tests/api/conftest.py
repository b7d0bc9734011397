"""Fixtures of the API tests: a throttle that starts afresh, an editor's token."""

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.authtoken.models import Token


@pytest.fixture(autouse=True)
def fresh_throttle():
    """The anonymous throttle counts in the cache: each test starts with none used."""
    cache.clear()


@pytest.fixture
def token_client(editor):
    """A client that sends an editor's API token."""
    return Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
