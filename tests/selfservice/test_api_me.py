"""/api/me/: the signed-in researcher's profile with the API's conventions."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from profiles.selfservice.models import PendingRevision
from tests.factories import make_person, make_topic
from tests.selfservice.factories import make_researcher

pytestmark = pytest.mark.django_db

URL = "/api/me/"


@pytest.fixture
def ada():
    person, user = make_researcher(position="Lecturer")
    token = Token.objects.create(user=user)
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    return person, api


def patch(api, body, etag):
    return api.patch(URL, body, content_type="application/json", HTTP_IF_MATCH=etag)


def test_get_answers_the_profile_with_an_etag(ada):
    person, api = ada
    response = api.get(URL)
    assert response.status_code == 200 and response["ETag"]
    body = response.json()
    assert body["slug"] == person.slug and body["position"] == "Lecturer"
    assert body["pending"] == {} and "position" in body["reviewed_fields"]
    assert api.get(URL, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_patch_publishes_links_at_once_and_queues_the_position(ada):
    person, api = ada
    graphs = make_topic("Graphs")
    etag = api.get(URL)["ETag"]
    body = {
        "bio": "Notes",
        "orcid": "https://orcid.org/0000-0002-1825-0097",
        "position": "Professor",
        "topics": [graphs.slug],
        "new_topics": ["Looms"],
    }
    response = patch(api, body, etag)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["bio"] == "Notes" and data["orcid"] == "0000-0002-1825-0097"
    assert data["position"] == "Lecturer" and data["topics"] == ["graphs"]
    assert data["pending"] == {"position": "Professor", "new_topics": ["Looms"]}
    assert response["ETag"] == api.get(URL)["ETag"]
    person.refresh_from_db()
    assert person.position == "Lecturer" and person.bio == "Notes"
    assert PendingRevision.objects.get().submitted_by.email == "ada-lovelace@example.org"


def test_patch_without_if_match_is_428_and_with_a_stale_one_412(ada):
    person, api = ada
    response = api.patch(URL, {"bio": "x"}, content_type="application/json")
    assert response.status_code == 428 and response["Content-Type"] == "application/problem+json"
    etag = api.get(URL)["ETag"]
    assert patch(api, {"bio": "first"}, etag).status_code == 200
    response = patch(api, {"bio": "second"}, etag)
    assert response.status_code == 412
    person.refresh_from_db()
    assert person.bio == "first"


def test_fields_a_researcher_may_not_set_are_400_problems_that_change_nothing(ada):
    person, api = ada
    etag = api.get(URL)["ETag"]
    for body in [
        {"has_profile": False},
        {"slug": "someone-else"},
        {"full_name": "Someone Else"},
        {"account": 1},
        {"homepage": "not a url", "bio": "x"},
        {"membership": "emperor"},
        {"topics": ["no-such-topic"]},  # a slug of the right form no topic has: 422
    ]:
        response = patch(api, body, etag)
        assert response.status_code in (400, 422), body
        assert response.json()["errors"], body
    person.refresh_from_db()
    assert person.has_profile and person.slug == "ada-lovelace" and person.bio == ""
    assert person.full_name == "Ada Lovelace"


def test_an_account_without_a_profile_gets_a_404_problem(editor):
    api = Client()
    api.force_login(editor)
    response = api.get(URL)
    assert response.status_code == 404
    assert response.json()["detail"].startswith("No profile is linked to this account;")


def test_anonymous_clients_are_refused(client):
    response = client.get(URL)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_a_session_write_needs_the_csrf_token(ada):
    person, _ = ada
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(person.account.user)
    etag = browser.get(URL)["ETag"]
    response = browser.patch(URL, {"bio": "x"}, content_type="application/json", HTTP_IF_MATCH=etag)
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    person.refresh_from_db()
    assert person.bio == ""


def test_the_api_changes_only_the_own_profile_whatever_the_body_says(ada):
    person, api = ada
    bob = make_person("Bob Kahn", has_profile=True)
    etag = api.get(URL)["ETag"]
    response = patch(api, {"slug": bob.slug, "bio": "Mine"}, etag)
    assert response.status_code == 400
    response = api.patch(
        reverse("api:person-detail", args=[bob.slug]),
        {"bio": "Hacked"},
        content_type="application/json",
        HTTP_IF_MATCH="*",
    )
    assert response.status_code == 403
    bob.refresh_from_db()
    assert bob.bio == ""
