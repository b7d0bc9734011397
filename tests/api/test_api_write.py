"""Writing through the JSON API: who may, validation as in admin, ordered authors in
one transaction, and conditional updates."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from profiles.models import Person, Topic
from publications.models import Publication
from tests.factories import make_person, make_publication, make_topic

pytestmark = pytest.mark.django_db


def send(client, method, url, data=None, **headers):
    return getattr(client, method)(url, data=data, content_type="application/json", **headers)


def current_etag(client, url):
    return client.get(url)["ETag"]


def test_anonymous_clients_read_but_cannot_write(client):
    response = send(client, "post", "/api/topics/", {"name": "Robotics"})

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response["Content-Type"] == "application/problem+json"
    assert not Topic.objects.exists()


def test_a_staff_token_with_model_permissions_creates_a_topic(token_client):
    response = send(token_client, "post", "/api/topics/", {"name": "Robotics"})

    assert response.status_code == 201, response.content
    assert response["Location"] == "http://testserver/api/topics/robotics/"
    # Exactly str: WSGI servers (wsgiref under runserver) refuse a str subclass.
    assert type(response["Location"]) is str
    assert response.json()["slug"] == "robotics"
    assert response.json()["people_count"] == 0
    assert Topic.objects.get().name == "Robotics"


def test_staff_without_the_model_permission_and_non_staff_are_refused(django_user_model):
    clerk = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    reader = django_user_model.objects.create_user("reader", password="pw")
    reader.user_permissions.add(Permission.objects.get(codename="add_topic"))
    refused = []
    for user in (clerk, reader):
        token = Token.objects.create(user=user)
        client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
        refused.append(send(client, "post", "/api/topics/", {"name": "Robotics"}).status_code)
    clerk.user_permissions.add(Permission.objects.get(codename="add_topic"))
    clerk = django_user_model.objects.get(pk=clerk.pk)
    allowed = send(
        Client(HTTP_AUTHORIZATION=f"Token {clerk.auth_token.key}"),
        "post",
        "/api/topics/",
        {"name": "Robotics"},
    )

    assert refused == [403, 403]
    assert allowed.status_code == 201


def test_a_wrong_token_is_a_401_problem(client):
    response = client.get("/api/people/", HTTP_AUTHORIZATION="Token not-a-real-token")

    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid token."


def test_session_writes_need_the_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    without = send(client, "post", "/api/topics/", {"name": "Robotics"})
    client.get("/admin/")
    csrf = client.cookies["csrftoken"].value
    with_token = send(client, "post", "/api/topics/", {"name": "Robotics"}, HTTP_X_CSRFTOKEN=csrf)

    assert without.status_code == 403
    assert "CSRF" in without.json()["detail"]
    assert with_token.status_code == 201


def test_tokens_are_issued_in_admin(editor_client):
    response = editor_client.get("/admin/authtoken/tokenproxy/add/")

    assert response.status_code == 200


def test_a_publication_is_created_with_its_authors_in_order(token_client):
    ada = make_person("Ada Lovelace")
    alan = make_person("Alan Turing")
    make_topic("Deep learning")
    body = {
        "title": "  Engines   and numbers ",
        "year": 2020,
        "kind": "article",
        "doi": "https://doi.org/10.1000/ABC",
        "arxiv_id": "arXiv:2506.05233v3",
        "authors": [
            {"person": "alan-turing", "name": "A. M. Turing"},
            {"person": "ada-lovelace"},
        ],
        "topics": [{"slug": "deep-learning"}],
    }

    response = send(token_client, "post", "/api/publications/", body)

    assert response.status_code == 201, response.content
    data = response.json()
    assert data["title"] == "Engines and numbers"
    assert data["doi"] == "10.1000/abc"
    assert data["arxiv_id"] == "2506.05233"
    assert [(a["position"], a["person"], a["name"]) for a in data["authors"]] == [
        (1, "alan-turing", "A. M. Turing"),
        (2, "ada-lovelace", "Ada Lovelace"),
    ]
    publication = Publication.objects.get()
    assert [a.person for a in publication.authorships.all()] == [alan, ada]
    assert response["ETag"] == current_etag(token_client, data["api_url"])


def test_validation_gives_admin_messages_at_each_field(token_client, editor_client):
    make_publication("Taken", doi="10.1000/taken")
    make_person("Ada Lovelace")
    body = {
        "title": "A",
        "year": 1500,
        "doi": "10.1000/TAKEN",
        "arxiv_id": "not an id",
        "authors": [{"person": "ada-lovelace"}, {"person": "nobody"}],
    }

    response = send(token_client, "post", "/api/publications/", body)
    admin = editor_client.post(
        "/admin/publications/publication/add/",
        {
            "title": "A",
            "kind": "other",
            "year": "1500",
            "doi": "10.1000/TAKEN",
            "arxiv_id": "not an id",
            "authorships-TOTAL_FORMS": "0",
            "authorships-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    errors = {e["pointer"]: e["detail"] for e in response.json()["errors"]}
    assert errors == {
        "#/year": f"Enter a year from 1600 to {timezone.now().year + 1}.",
        "#/authors/1/person": "No person has the slug 'nobody'.",
        # The identifier's form is the field's own check (the schema's pattern), so it
        # comes with the others; the admin's message.
        "#/arxiv_id": "Enter an arXiv id such as 2506.05233 or hep-th/9901001.",
    }
    body.update(year=2000, authors=[])
    response = send(token_client, "post", "/api/publications/", body)
    errors = {e["pointer"]: e["detail"] for e in response.json()["errors"]}
    admin_errors = admin.context["adminform"].form.errors
    assert errors == {"#/arxiv_id": admin_errors["arxiv_id"][0]}
    body.update(arxiv_id="2506.05233")
    response = send(token_client, "post", "/api/publications/", body)
    errors = {e["pointer"]: e["detail"] for e in response.json()["errors"]}
    assert errors == {"#/doi": admin_errors["doi"][0]}
    assert errors["#/doi"] == "Publication with this DOI already exists."
    assert Publication.objects.count() == 1


def test_a_person_with_a_bad_orcid_gets_the_admin_message(token_client):
    response = send(
        token_client,
        "post",
        "/api/people/",
        {"full_name": "Ada Lovelace", "orcid": "0000-0002-1825-0098"},
    )

    assert response.status_code == 422  # of the documented form, but a wrong check digit
    assert response.json()["errors"] == [
        {
            "pointer": "#/orcid",
            "detail": "This ORCID iD has a wrong check digit; check it for a typo.",
            "code": "orcid_checksum",
        }
    ]


def test_a_failing_byline_leaves_nothing_half_written(token_client):
    ada = make_person("Ada Lovelace")
    publication = make_publication("Engines", authors=[ada])
    url = f"/api/publications/{publication.pk}/"
    etag = current_etag(token_client, url)

    response = send(
        token_client,
        "patch",
        url,
        {"title": "Renamed", "authors": [{"person": "ada-lovelace"}, {"person": "ada-lovelace"}]},
        HTTP_IF_MATCH=etag,
    )

    assert response.status_code == 422  # each value well-formed, together inconsistent
    assert response.json()["errors"][0]["pointer"] == "#/authors/1/person"
    publication.refresh_from_db()
    assert publication.title == "Engines"
    assert [a.person for a in publication.authorships.all()] == [ada]


def test_updates_need_the_current_etag(token_client, editor):
    person = make_person("Ada Lovelace", orcid="0000-0002-1825-0097")
    url = "/api/people/ada-lovelace/"
    etag = current_etag(token_client, url)

    missing = send(token_client, "patch", url, {"position": "Professor"})
    done = send(token_client, "patch", url, {"position": "Professor"}, HTTP_IF_MATCH=etag)
    stale = send(token_client, "patch", url, {"position": "Dean"}, HTTP_IF_MATCH=etag)

    assert missing.status_code == 428
    assert done.status_code == 200, done.content
    assert done["ETag"] == current_etag(token_client, url) != etag
    assert stale.status_code == 412
    person.refresh_from_db()
    assert person.position == "Professor"
    assert person.history.count() == 2
    assert person.history.first().history_user == editor


def test_a_body_that_cannot_be_read_is_a_400_whatever_if_match_says(token_client):
    make_person("Ada Lovelace")
    url = "/api/people/ada-lovelace/"
    for etag in ('W/"stale"', current_etag(token_client, url), None):
        headers = {"HTTP_IF_MATCH": etag} if etag else {}
        response = token_client.put(
            url, data=b"\x8f{uv", content_type="application/json", **headers
        )
        assert response.status_code == 400, (etag, response.content)
        assert "JSON parse error" in response.json()["detail"]


def test_put_replaces_a_topic_and_a_new_slug_is_taken(token_client):
    make_topic("Robotics")
    url = "/api/topics/robotics/"

    response = send(
        token_client,
        "put",
        url,
        {"name": "Robot learning", "slug": "robot-learning", "description": "Arms."},
        HTTP_IF_MATCH=current_etag(token_client, url),
    )

    assert response.status_code == 200, response.content
    assert response.json()["api_url"] == "http://testserver/api/topics/robot-learning/"
    assert Topic.objects.get().description == "Arms."


def test_deleting_a_person_on_a_byline_is_a_conflict(token_client):
    ada = make_person("Ada Lovelace")
    make_publication(authors=[ada])
    alone = make_person("Alan Turing")

    conflict = token_client.delete("/api/people/ada-lovelace/")
    deleted = token_client.delete("/api/people/alan-turing/")

    assert conflict.status_code == 409
    assert "byline" in conflict.json()["detail"]
    assert deleted.status_code == 204
    assert list(Person.objects.all()) == [ada]
    assert not Person.objects.filter(pk=alone.pk).exists()


def test_a_taken_slug_or_identifier_is_a_409_conflict_with_the_admin_message(token_client):
    make_person("Ada Lovelace", orcid="0000-0002-1825-0097")

    response = send(
        token_client,
        "post",
        "/api/people/",
        {"full_name": "Ada King", "slug": "ada-lovelace", "orcid": "0000000218250097"},
    )

    assert response.status_code == 409
    assert {(e["pointer"], e["detail"]) for e in response.json()["errors"]} == {
        ("#/slug", "Person with this Slug already exists."),
        ("#/orcid", "Person with this ORCID iD already exists."),
    }
    assert Person.objects.count() == 1


def test_blank_identifiers_never_clash(token_client):
    first = send(token_client, "post", "/api/people/", {"full_name": "A B", "orcid": ""})
    second = send(token_client, "post", "/api/people/", {"full_name": "C D", "orcid": ""})

    assert (first.status_code, second.status_code) == (201, 201)
    assert list(Person.objects.values_list("orcid", flat=True)) == [None, None]


def test_a_delete_with_a_stale_etag_is_refused_and_keeps_the_record(token_client):
    publication = make_publication("Engines")
    url = f"/api/publications/{publication.pk}/"
    stale = current_etag(token_client, url)
    send(token_client, "patch", url, {"venue": "Nature"}, HTTP_IF_MATCH=stale)

    refused = token_client.delete(url, HTTP_IF_MATCH=stale)
    deleted = token_client.delete(url, HTTP_IF_MATCH=current_etag(token_client, url))

    assert refused.status_code == 412
    assert deleted.status_code == 204
    assert not Publication.objects.exists()


def test_a_publication_cannot_be_made_a_version_of_itself(token_client):
    publication = make_publication("Attention is all you need")
    url = f"/api/publications/{publication.pk}/"
    etag = current_etag(token_client, url)

    refused = send(token_client, "patch", url, {"version_of": publication.pk}, HTTP_IF_MATCH=etag)

    assert refused.status_code == 422, refused.content
    assert refused.json()["errors"] == [
        {
            "detail": "A publication cannot be a version of itself.",
            "code": "inconsistent",
            "pointer": "#/version_of",
        }
    ]
    publication.refresh_from_db()
    assert publication.version_of is None


def test_if_match_star_never_stands_in_for_the_etag_an_update_requires(token_client):
    person = make_person("Ada Lovelace")
    url = "/api/people/ada-lovelace/"

    star = send(token_client, "patch", url, {"position": "Dean"}, HTTP_IF_MATCH="*")
    listed = send(token_client, "patch", url, {"position": "Dean"}, HTTP_IF_MATCH='"x", *')

    assert star.status_code == 428
    assert "ETag" in star.json()["detail"]
    assert listed.status_code == 400  # `*` is valid only alone: a list with it is malformed
    person.refresh_from_db()
    assert person.position == ""


def test_if_match_star_on_a_delete_matches_a_record_that_exists(token_client):
    publication = make_publication("Engines")
    url = f"/api/publications/{publication.pk}/"

    deleted = token_client.delete(url, HTTP_IF_MATCH="*")
    again = token_client.delete(url, HTTP_IF_MATCH="*")

    assert deleted.status_code == 204
    assert again.status_code == 404
    assert not Publication.objects.exists()


def test_a_bad_body_is_a_400_even_with_a_stale_etag(token_client):
    person = make_person("Ada Lovelace")
    url = "/api/people/ada-lovelace/"
    stale = current_etag(token_client, url)
    send(token_client, "patch", url, {"position": "Professor"}, HTTP_IF_MATCH=stale)

    bad = send(token_client, "patch", url, {"orcid": "not-an-orcid"}, HTTP_IF_MATCH=stale)
    good = send(token_client, "patch", url, {"position": "Dean"}, HTTP_IF_MATCH=stale)

    assert bad.status_code == 400, bad.content
    assert bad.json()["errors"][0]["pointer"] == "#/orcid"
    assert good.status_code == 412
    person.refresh_from_db()
    assert (person.position, person.orcid) == ("Professor", None)


@pytest.mark.postgres
@pytest.mark.usefixtures("page_cache")
def test_the_etag_of_an_anonymous_cached_read_is_good_for_an_editors_update(client, token_client):
    person = make_person("Ada Lovelace")
    url = "/api/people/ada-lovelace/"
    first = client.get(url)
    cached = client.get(url)
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=cached["ETag"])

    done = send(token_client, "patch", url, {"position": "Dean"}, HTTP_IF_MATCH=cached["ETag"])

    assert first["ETag"] == cached["ETag"]
    assert not_modified.status_code == 304
    assert done.status_code == 200, done.content
    person.refresh_from_db()
    assert person.position == "Dean"
    assert client.get(url)["ETag"] == done["ETag"]
