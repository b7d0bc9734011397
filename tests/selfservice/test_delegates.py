"""A researcher gives another account the right to edit their profile, and takes it back."""

import pytest
from django.test import Client
from django.urls import reverse

from profiles.selfservice.models import Delegate
from tests.selfservice.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def assistant():
    user = make_user("assistant@example.org")
    browser = Client()
    browser.force_login(user)
    return user, browser


def delegates_url(person):
    return reverse("selfservice:delegates", args=[person.slug])


def test_a_delegate_edits_the_profile_and_loses_the_right_when_removed(client, ada, assistant):
    user, browser = assistant
    profile_url = reverse("selfservice:profile", args=[ada.slug])
    assert browser.get(profile_url).status_code == 403
    response = client.post(delegates_url(ada), {"email": "Assistant@example.org"}, follow=True)
    assert "assistant@example.org may now edit this profile" in response.text
    assert browser.get(reverse("selfservice:home"))["Location"] == profile_url
    browser.post(profile_url, {"bio": "Written by the assistant", "new_topics": ""})
    ada.refresh_from_db()
    assert ada.bio == "Written by the assistant"
    assert ada.history.first().history_user == user
    delegate = Delegate.objects.get()
    client.post(reverse("selfservice:remove-delegate", args=[ada.slug, delegate.pk]))
    assert not Delegate.objects.exists()
    response = browser.post(profile_url, {"bio": "After removal", "new_topics": ""})
    assert response.status_code == 403
    ada.refresh_from_db()
    assert ada.bio == "Written by the assistant"


def test_a_delegate_cannot_choose_delegates(client, ada, assistant):
    user, browser = assistant
    Delegate.objects.create(person=ada, user=user, granted_by=None)
    assert browser.get(delegates_url(ada)).status_code == 403
    response = browser.post(delegates_url(ada), {"email": "assistant@example.org"})
    assert response.status_code == 403


def test_a_delegate_needs_an_existing_account(client, ada):
    response = client.post(delegates_url(ada), {"email": "nobody@example.org"})
    assert response.status_code == 400 and "No account uses this email address" in response.text
    response = client.post(delegates_url(ada), {"email": "ada-lovelace@example.org"})
    assert "That is your own account" in response.text
    assert not Delegate.objects.exists()


def test_removal_is_kept_in_the_history_with_who_did_it(client, ada, assistant):
    user, _ = assistant
    delegate = Delegate.objects.create(person=ada, user=user)
    client.post(reverse("selfservice:remove-delegate", args=[ada.slug, delegate.pk]))
    record = Delegate.history.first()
    assert record.history_type == "-" and record.history_user.email == "ada-lovelace@example.org"
