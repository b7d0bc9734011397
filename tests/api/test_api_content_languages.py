"""Each language's value in the API: editors read and write `<field>_<code>`; the plain
field answers in the request's language, else the other."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from profiles.models import Person, Topic
from publications.models import Publication
from tests.factories import make_person, make_publication, make_topic

pytestmark = pytest.mark.django_db


def get_json(client, url, language="en"):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.content
    return response.json()


def test_a_topic_answers_each_language_and_the_plain_field_falls_back():
    make_topic("Machine learning", name_fr="Apprentissage automatique", description="About it.")
    url = reverse("api:topic-detail", args=["machine-learning"])
    french = get_json(Client(), url, "fr")
    assert (french["name"], french["name_en"], french["name_fr"]) == (
        "Apprentissage automatique",
        "Machine learning",
        "Apprentissage automatique",
    )
    # No French description: the English one, rather than nothing.
    assert (french["description"], french["description_fr"]) == ("About it.", None)
    assert get_json(Client(), url, "en")["name"] == "Machine learning"


def test_a_person_answers_position_bio_and_alt_text_in_each_language():
    make_person(
        "Ada Lovelace",
        has_profile=True,
        position="Professor",
        position_fr="Professeure",
        bio="Writes programs.",
    )
    url = reverse("api:person-detail", args=["ada-lovelace"])
    french = get_json(Client(), url, "fr")
    assert french["position"] == "Professeure"
    assert (french["position_en"], french["position_fr"]) == ("Professor", "Professeure")
    assert (french["bio"], french["bio_en"], french["bio_fr"]) == (
        "Writes programs.",
        "Writes programs.",
        None,
    )
    assert {"portrait_alt_en", "portrait_alt_fr"} <= set(french)


def test_an_editor_writes_one_language_without_touching_the_other(token_client):
    make_topic("Robotics", description="Robots.")
    url = reverse("api:topic-detail", args=["robotics"])
    etag = token_client.get(url)["ETag"]
    response = token_client.patch(
        url,
        {"name_fr": "Robotique", "description_fr": "Des robots."},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200, response.content
    topic = Topic.objects.get()
    assert (topic.name_en, topic.name_fr) == ("Robotics", "Robotique")
    assert (topic.description_en, topic.description_fr) == ("Robots.", "Des robots.")
    assert topic.slug == "robotics"


def test_writing_the_plain_field_writes_the_request_s_language(token_client):
    make_person("Ada Lovelace", has_profile=True, position="Professor")
    url = reverse("api:person-detail", args=["ada-lovelace"])
    # The ETag is of the French answer: the one the write is weighed against.
    etag = token_client.get(url, HTTP_ACCEPT_LANGUAGE="fr")["ETag"]
    response = token_client.patch(
        url,
        {"position": "Professeure"},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 200, response.content
    person = Person.objects.get()
    assert (person.position_en, person.position_fr) == ("Professor", "Professeure")


def test_a_french_name_another_topic_has_is_refused_with_a_message(token_client):
    make_topic("Vision", name_fr="Vision")
    make_topic("Computer vision")
    url = reverse("api:topic-detail", args=["computer-vision"])
    etag = token_client.get(url)["ETag"]
    response = token_client.patch(
        url, {"name_fr": "Vision"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    # A clash with another record, as every uniqueness error of the API.
    assert response.status_code == 409
    assert "name_fr" in response.content.decode()
    assert Topic.objects.get(slug="computer-vision").name_fr is None


def test_a_publication_s_language_is_read_and_written(token_client):
    publication = make_publication("Des réseaux", language="fr")
    url = reverse("api:publication-detail", args=[publication.pk])
    assert token_client.get(url).json()["language"] == "fr"
    etag = token_client.get(url)["ETag"]
    response = token_client.patch(
        url, {"language": "French!"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 400
    assert "language" in response.content.decode()
    response = token_client.patch(
        url, {"language": "en"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200, response.content
    assert Publication.objects.get().language == "en"


@pytest.mark.parametrize("size", [2, 12])
def test_lists_run_as_many_queries_in_french_as_in_english(size, django_assert_num_queries):
    for number in range(size):
        topic = make_topic(f"Topic {number}", name_fr=f"Thème {number}" if number % 2 else None)
        person = make_person(f"Person Number{number}", has_profile=True, position="Professor")
        person.topics.add(topic)
        make_publication(f"Paper {number}", authors=[person]).topics.add(topic)
    for name in ("api:person-list", "api:topic-list", "api:publication-list"):
        url = reverse(name)
        client = Client()
        client.get(url)  # the throttle's and session's first reads
        with CaptureQueriesContext(connection) as english:
            get_json(client, url, "en")
        with django_assert_num_queries(len(english)):
            french = get_json(client, url, "fr")
        assert french["results"]
