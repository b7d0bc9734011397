"""Fixtures every test module may use; factories live in tests/factories.py."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.utils import translation


@pytest.fixture
def editor(django_user_model):
    """A superuser: the admin as an editor of the institute sees it."""
    return django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: the test client's requests activate
    theirs in the test's own thread (LocaleMiddleware), so reverse() would follow them."""
    translation.deactivate()
    yield
    translation.deactivate()


def pytest_collection_modifyitems(config, items):
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://…)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def _caching(**setting):
    cache.clear()
    with override_settings(**setting):
        yield
    cache.clear()


@pytest.fixture
def fragment_cache():
    """What views keep under the content version, kept (test settings turn it off)."""
    yield from _caching(FRAGMENT_CACHE=True)


@pytest.fixture
def page_cache():
    """Whole anonymous answers kept, and ETags (test settings turn them off)."""
    yield from _caching(PAGE_CACHE=True)
