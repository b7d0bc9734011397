"""Search in English and French: each language's stems, without accents (PostgreSQL)."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from profiles.models import Person
from profiles.search import search_people
from publications.models import Publication
from publications.search import search_publications
from tests.factories import make_person, make_publication, make_topic

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def titles(query):
    return sorted(p.title for p in search_publications(Publication.objects.all(), query))


def names(query):
    return [person.full_name for person in search_people(Person.objects.all(), query)]


@pytest.fixture
def two_languages():
    make_publication(
        "Des réseaux pour les apprentissages",
        abstract="Nous étudions les représentations apprises par un réseau profond.",
        language="fr",
    )
    make_publication(
        "Networks that learn representations",
        abstract="We study what deep networks learned.",
        language="en",
    )


def test_a_french_query_finds_french_titles_and_abstracts_by_their_stems(two_languages):
    assert titles("apprentissage") == ["Des réseaux pour les apprentissages"]
    assert titles("réseau") == ["Des réseaux pour les apprentissages"]
    assert titles("representation apprise") == ["Des réseaux pour les apprentissages"]


def test_a_french_query_without_accents_still_finds_the_accented_words(two_languages):
    assert titles("reseaux") == ["Des réseaux pour les apprentissages"]
    assert titles("Réseaux PROFONDS") == ["Des réseaux pour les apprentissages"]


def test_an_english_query_finds_english_text_by_its_stems(two_languages):
    assert titles("learning") == ["Networks that learn representations"]
    assert titles("deep network") == ["Networks that learn representations"]


def test_changing_a_publication_s_language_reindexes_it():
    publication = make_publication("Des réseaux", language="en")
    # The English stemmer leaves "reseaux" whole: the singular does not match it.
    assert titles("réseau") == []
    publication.language = "fr"
    publication.save()
    assert titles("réseau") == ["Des réseaux"]


def test_people_are_found_by_the_french_names_of_their_topics():
    topic = make_topic("Machine learning", name_fr="Apprentissage automatique")
    yoshua = make_person("Yoshua Bengio")
    yoshua.topics.add(topic)
    make_person("Someone Else")
    assert names("apprentissages automatiques") == ["Yoshua Bengio"]
    assert names("machine learned") == ["Yoshua Bengio"]


def test_a_topic_renamed_in_french_refreshes_its_people_s_search():
    topic = make_topic("Computer vision")
    person = make_person("Liam Paull")
    person.topics.add(topic)
    assert names("ordinateurs") == []
    topic.name_fr = "Vision par ordinateur"
    topic.save()
    assert names("ordinateurs") == ["Liam Paull"]


def test_the_snippet_marks_the_french_words_that_matched(client, two_languages):
    response = client.get(reverse("publications:list"), {"q": "reseau"})
    page = BeautifulSoup(response.content, "html.parser")
    item = page.select_one(".publication-item")
    assert item.select_one(".publication-title")["lang"] == "fr"
    assert [mark.get_text() for mark in item.select(".search-snippet mark")] == ["réseau"]
    assert [mark.get_text() for mark in item.select(".publication-title mark")] == ["réseaux"]


def test_an_excluded_word_is_excluded_in_both_languages():
    make_publication("Graph learning", language="en")
    make_publication("Graph drawing", language="en")
    make_publication("Graphes et apprentissages", language="fr")
    assert titles("graph -learning") == ["Graph drawing", "Graphes et apprentissages"]
    assert titles("graph -apprentissage") == ["Graph drawing", "Graph learning"]
    assert titles('"graph learning" -drawing') == ["Graph learning"]
