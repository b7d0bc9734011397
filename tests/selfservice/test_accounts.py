"""Invitations, first passwords, signing in and out, password reset and email change."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from profiles.selfservice.models import Invitation, ProfileAccount
from tests.factories import make_person
from tests.selfservice.factories import PASSWORD, last_email, link_in, make_researcher, make_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-long-phrase-77"


def invite_from_admin(editor_client, people, emails):
    data = {"action": "invite_researchers", "_selected_action": [p.pk for p in people]}
    editor_client.post(reverse("admin:profiles_person_changelist"), data)  # the form
    data["invite"] = "yes"
    for person, email in zip(people, emails, strict=True):
        data[f"email_{person.pk}"] = email
    return editor_client.post(reverse("admin:profiles_person_changelist"), data)


def path_of(url):
    return urlsplit(url).path


def test_an_editor_invites_a_selection_and_each_gets_a_text_and_html_email(editor_client):
    ada = make_person("Ada Lovelace", has_profile=True)
    bob = make_person("Bob Kahn", has_profile=True)
    response = invite_from_admin(editor_client, [ada, bob], ["ada@example.org", "bob@example.org"])
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.org", "bob@example.org"]
    message = next(m for m in mail.outbox if m.to == ["ada@example.org"])
    assert "Ada Lovelace" in message.body and "7 days" in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html" and link_in(message) in html.replace("&amp;", "&")
    assert Invitation.objects.filter(person=ada, email="ada@example.org").count() == 1


def test_the_invitation_page_asks_for_an_address_before_sending(editor_client):
    ada = make_person("Ada Lovelace", has_profile=True)
    data = {"action": "invite_researchers", "_selected_action": [ada.pk]}
    response = editor_client.post(reverse("admin:profiles_person_changelist"), data)
    assert response.status_code == 200
    assert "Email of Ada Lovelace" in response.text
    assert mail.outbox == []


def test_the_invited_researcher_sets_a_password_and_lands_on_their_profile_editor(
    editor_client,
):
    ada = make_person("Ada Lovelace", has_profile=True)
    invite_from_admin(editor_client, [ada], ["ada@example.org"])
    url = path_of(link_in(last_email()))
    browser = Client()
    assert "Choose a password" in browser.get(url).text
    response = browser.post(url, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("selfservice:profile", args=[ada.slug])
    assert browser.get(response["Location"]).status_code == 200
    account = ProfileAccount.objects.select_related("user").get(person=ada)
    assert account.user.email == "ada@example.org" and account.user.check_password(PASSWORD)
    assert not account.user.is_staff


def test_a_weak_or_mismatched_password_is_refused_field_by_field(editor_client):
    ada = make_person("Ada Lovelace", has_profile=True)
    invite_from_admin(editor_client, [ada], ["ada@example.org"])
    url = path_of(link_in(last_email()))
    response = Client().post(url, {"password1": "123", "password2": "123"})
    assert response.status_code == 400
    assert "too short" in response.text
    response = Client().post(url, {"password1": PASSWORD, "password2": PASSWORD + "x"})
    assert response.status_code == 400 and "The two passwords differ" in response.text
    assert not ProfileAccount.objects.exists()


def test_a_used_invitation_link_is_refused_the_second_time(editor_client):
    ada = make_person("Ada Lovelace", has_profile=True)
    invite_from_admin(editor_client, [ada], ["ada@example.org"])
    url = path_of(link_in(last_email()))
    Client().post(url, {"password1": PASSWORD, "password2": PASSWORD})
    response = Client().post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 400 and "already used" in response.text
    user = get_user_model().objects.get(email="ada@example.org")
    assert user.check_password(PASSWORD)


def test_an_earlier_invitation_stops_working_when_a_new_one_is_sent(editor_client):
    ada = make_person("Ada Lovelace", has_profile=True)
    invite_from_admin(editor_client, [ada], ["old@example.org"])
    stale = path_of(link_in(last_email()))
    invite_from_admin(editor_client, [ada], ["ada@example.org"])
    response = Client().post(stale, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 400 and "replaced by a newer one" in response.text
    assert not get_user_model().objects.filter(email="old@example.org").exists()


def test_an_expired_invitation_is_refused(editor_client, settings, monkeypatch):
    ada = make_person("Ada Lovelace", has_profile=True)
    invite_from_admin(editor_client, [ada], ["ada@example.org"])
    url = path_of(link_in(last_email()))
    later = datetime.datetime.now().timestamp() + 8 * 86400
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = Client().post(url, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 400 and "expired" in response.text
    assert not ProfileAccount.objects.exists()


def test_a_forged_invitation_token_is_refused(client):
    response = client.get(reverse("selfservice:accept-invitation", args=["1:forged:token"]))
    assert response.status_code == 400 and "not valid" in response.text


def test_a_researcher_signs_in_and_out(client):
    ada, _ = make_researcher()
    response = client.post(
        reverse("selfservice:login"),
        {"username": "ada-lovelace@example.org", "password": PASSWORD},
        REMOTE_ADDR="10.1.1.1",
    )
    assert response.status_code == 302
    assert client.get(reverse("selfservice:home"))["Location"] == reverse(
        "selfservice:profile", args=[ada.slug]
    )
    assert client.get(reverse("selfservice:logout")).status_code == 405  # sign out is a POST
    client.post(reverse("selfservice:logout"))
    response = client.get(reverse("selfservice:home"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("selfservice:login")
    )


def test_the_sign_in_page_is_throttled_by_axes(client):
    make_researcher()

    def sign_in(password):
        return client.post(
            reverse("selfservice:login"),
            {"username": "ada-lovelace@example.org", "password": password},
            REMOTE_ADDR="10.1.1.2",
        )

    for _ in range(4):
        assert sign_in("wrong").status_code == 200
    assert sign_in("wrong").status_code == 429
    assert sign_in(PASSWORD).status_code == 429  # locked, even with the right password
    assert "_auth_user_id" not in client.session


def test_a_password_reset_email_leads_to_a_new_password(client):
    make_researcher()
    client.post(reverse("selfservice:password-reset"), {"email": "ada-lovelace@example.org"})
    message = last_email()
    assert message.alternatives and "Set a new password" in message.alternatives[0][0]
    url = path_of(link_in(message))
    response = client.get(url)
    assert response.status_code == 302  # Django moves the token into the session
    form_url = response["Location"]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    user = get_user_model().objects.get(email="ada-lovelace@example.org")
    assert user.check_password(NEW_PASSWORD)
    assert "not valid any more" in client.get(url, follow=True).text


def test_an_email_change_waits_for_the_confirmation_link(client):
    _, user = make_researcher()
    client.force_login(user)
    response = client.post(
        reverse("selfservice:email-change"),
        {"email": "ada@new.example.org", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert last_email().to == ["ada@new.example.org"]
    user.refresh_from_db()
    assert user.email == "ada-lovelace@example.org"
    url = path_of(link_in(last_email()))
    client.post(url)
    user.refresh_from_db()
    assert user.email == "ada@new.example.org" and user.username == "ada@new.example.org"
    response = client.post(url)
    assert response.status_code == 400 and "already used" in response.text


def test_an_email_change_needs_the_password_and_a_free_address(client):
    _, user = make_researcher()
    make_user("taken@example.org")
    client.force_login(user)
    response = client.post(
        reverse("selfservice:email-change"), {"email": "taken@example.org", "password": "no"}
    )
    assert response.status_code == 400
    assert "Another account uses this address" in response.text
    assert "That is not your password" in response.text
    assert mail.outbox == []


def test_a_confirmation_link_works_only_for_the_account_it_was_sent_to(client):
    _, ada = make_researcher()
    _, bob = make_researcher("Bob Kahn")
    client.force_login(ada)
    client.post(
        reverse("selfservice:email-change"), {"email": "new@example.org", "password": PASSWORD}
    )
    url = path_of(link_in(last_email()))
    thief = Client()
    thief.force_login(bob)
    response = thief.post(url)
    assert response.status_code == 400 and "another account" in response.text
    bob.refresh_from_db()
    assert bob.email == "bob-kahn@example.org"
