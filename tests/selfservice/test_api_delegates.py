"""/api/me/people/: a delegate reads and changes the profiles given, under the pages' rules."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from profiles.models import Person
from profiles.selfservice.models import Delegate, PendingRevision
from tests.factories import make_person
from tests.selfservice.factories import make_researcher, make_user

pytestmark = pytest.mark.django_db


def token_client(user):
    return Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")


@pytest.fixture
def ada():
    person, user = make_researcher(position="Lecturer")
    return person, Client(), user


@pytest.fixture
def assistant(ada):
    person, _, researcher = ada
    user = make_user("assistant@example.org")
    delegate = Delegate.objects.create(person=person, user=user, granted_by=researcher)
    return delegate, token_client(user)


def url_of(person):
    return reverse("api:me-person", args=[person.slug])


def patch(api, person, body, etag):
    return api.patch(url_of(person), body, content_type="application/json", HTTP_IF_MATCH=etag)


def test_the_list_names_each_profile_the_account_may_edit_and_in_which_right(ada):
    person, _, _ = ada
    grace, user = make_researcher("Grace Hopper")
    Delegate.objects.create(person=person, user=user)
    make_person("Bob Kahn", has_profile=True)
    response = token_client(user).get(reverse("api:me-people"))
    assert response.status_code == 200 and response["ETag"]
    assert [(row["slug"], row["role"]) for row in response.json()] == [
        ("grace-hopper", "researcher"),
        ("ada-lovelace", "delegate"),
    ]
    row = response.json()[1]
    assert row["url"] == "http://testserver" + url_of(person)
    assert row["web_url"] == "http://testserver" + person.get_absolute_url()


def test_a_delegate_reads_and_changes_the_profile_given_with_if_match(ada, assistant):
    person, _, _ = ada
    delegate, api = assistant
    assert api.get("/api/me/").status_code == 404
    assert "/api/me/people/" in api.get("/api/me/").json()["detail"]
    response = api.get(url_of(person))
    assert response.status_code == 200 and response.json()["position"] == "Lecturer"
    response = patch(
        api, person, {"bio": "By her assistant", "position": "Professor"}, response["ETag"]
    )
    assert response.status_code == 200, response.content
    assert response.json()["pending"] == {"position": "Professor"}
    assert response["ETag"] == api.get(url_of(person))["ETag"]
    person.refresh_from_db()
    assert person.bio == "By her assistant" and person.position == "Lecturer"
    assert Person.history.filter(id=person.pk).first().history_user == delegate.user
    assert PendingRevision.objects.get().submitted_by == delegate.user


def test_the_researcher_reaches_the_own_profile_there_too(ada):
    person, _, user = ada
    api = token_client(user)
    etag = api.get(url_of(person))["ETag"]
    assert etag == api.get("/api/me/")["ETag"]
    assert patch(api, person, {"bio": "Mine"}, etag).status_code == 200
    person.refresh_from_db()
    assert person.bio == "Mine"


def test_if_match_is_required_and_a_stale_one_refused(ada, assistant):
    person, _, _ = ada
    _, api = assistant
    response = api.patch(url_of(person), {"bio": "x"}, content_type="application/json")
    assert response.status_code == 428 and response["Content-Type"] == "application/problem+json"
    etag = api.get(url_of(person))["ETag"]
    assert patch(api, person, {"bio": "first"}, etag).status_code == 200
    assert patch(api, person, {"bio": "second"}, etag).status_code == 412
    person.refresh_from_db()
    assert person.bio == "first"


def test_a_delegate_after_removal_is_refused_and_changes_nothing(ada, assistant):
    person, browser, researcher = ada
    delegate, api = assistant
    etag = api.get(url_of(person))["ETag"]
    browser.force_login(researcher)
    browser.post(reverse("selfservice:remove-delegate", args=[person.slug, delegate.pk]))
    assert not Delegate.objects.exists()
    for response in [api.get(url_of(person)), patch(api, person, {"bio": "Too late"}, etag)]:
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["detail"] == (
            "You may edit only your own profile and those delegated to you."
        )
    french = api.get(url_of(person), {"lang": "fr"}).json()["detail"]
    assert (
        french == "Vous ne pouvez modifier que votre propre profil et ceux qui vous sont délégués."
    )
    assert api.get(reverse("api:me-people")).json() == []
    person.refresh_from_db()
    assert person.bio == ""


def test_another_person_s_slug_is_refused_and_an_unknown_one_not_found(ada, assistant):
    person, _, _ = ada
    _, api = assistant
    bob, _ = make_researcher("Bob Kahn")
    etag = api.get(url_of(person))["ETag"]
    assert api.get(url_of(bob)).status_code == 403
    assert patch(api, bob, {"bio": "Hacked"}, etag).status_code == 403
    assert patch(api, bob, {"bio": "Hacked"}, "*").status_code == 403
    response = api.get(reverse("api:me-person", args=["nobody-here"]))
    assert (
        response.status_code == 404
        and response.json()["detail"] == "No person has the slug 'nobody-here'."
    )
    # The body cannot name another profile either.
    assert patch(api, person, {"slug": bob.slug, "bio": "Hacked"}, etag).status_code == 400
    bob.refresh_from_db()
    person.refresh_from_db()
    assert bob.bio == "" and person.bio == ""


def test_mass_assignment_is_a_400_problem_that_changes_nothing(ada, assistant):
    person, _, _ = ada
    _, api = assistant
    etag = api.get(url_of(person))["ETag"]
    bodies = [
        {"has_profile": False},
        {"full_name": "Someone Else"},
        {"slug": "someone-else"},
        {"account": 1},
        {"delegates": [1]},
        {"membership": "emperor", "bio": "x"},
        {"pending": {"position": "Dean"}, "bio": "x"},
        {"reviewed_fields": [], "position": "Dean"},
    ]
    for body in bodies:
        response = patch(api, person, body, etag)
        assert response.status_code == 400, (body, response.content)
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["errors"], body
    person.refresh_from_db()
    assert (person.full_name, person.slug, person.has_profile, person.bio) == (
        "Ada Lovelace",
        "ada-lovelace",
        True,
        "",
    )
    assert person.position == "Lecturer" and not PendingRevision.objects.exists()


def test_anonymous_clients_are_refused(ada):
    person, _, _ = ada
    for url in [reverse("api:me-people"), url_of(person)]:
        response = Client().get(url)
        assert (
            response.status_code == 401 and response["Content-Type"] == "application/problem+json"
        )


def test_a_session_write_needs_the_csrf_token(ada, assistant):
    person, _, _ = ada
    delegate, _ = assistant
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(delegate.user)
    etag = browser.get(url_of(person))["ETag"]
    response = browser.patch(
        url_of(person), {"bio": "x"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    person.refresh_from_db()
    assert person.bio == ""


def test_the_schema_documents_the_delegates_endpoints(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    people = schema["paths"]["/api/me/people/"]["get"]
    assert people["responses"]["200"]["content"]["application/json"]["schema"]["type"] == "array"
    item = schema["paths"]["/api/me/people/{slug}/"]
    assert set(item) >= {"get", "patch"}
    (slug,) = [p for p in item["patch"]["parameters"] if p["in"] == "path"]
    assert slug["schema"]["pattern"] == "^[-a-zA-Z0-9_]+$"
    assert {"403", "404", "412", "428"} <= set(item["patch"]["responses"])
