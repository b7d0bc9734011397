import pytest
from django.test import Client

from tests.selfservice.factories import make_researcher


@pytest.fixture
def ada(client):
    """A researcher with a profile, signed in on `client`."""
    person, user = make_researcher()
    client.force_login(user)
    return person


@pytest.fixture
def editor_browser(editor):
    browser = Client()
    browser.force_login(editor)
    return browser
