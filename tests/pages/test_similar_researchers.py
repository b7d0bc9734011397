"""Similar researchers on a profile: ranked by shared topics, shared co-authors and
close publication titles, each with why, on SQLite and PostgreSQL alike."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import make_person, make_publication, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def lab():
    topics = [make_topic(f"Field {n}") for n in range(3)]
    me = make_person("Marie Curie", has_profile=True)
    me.topics.set(topics)
    first, second = make_person("Outside One"), make_person("Outside Two")
    make_publication("Quantum lattice entanglement", authors=[me, first])
    make_publication("Quantum lattice dynamics", authors=[me, second])
    twin = make_person("Alice Topics", has_profile=True)
    twin.topics.set(topics)
    make_publication("Botanical survey of ferns", authors=[twin])
    colleague = make_person("Bob Coauthors", has_profile=True)
    colleague.topics.set(topics[:1])
    make_publication("Medieval trade routes", authors=[colleague, first])
    make_publication("Medieval trade ledgers", authors=[colleague, second])
    reader = make_person("Carol Titles", has_profile=True)
    make_publication("Quantum lattice models", authors=[reader])
    hidden = make_person("Dan Noprofile")
    hidden.topics.set(topics)
    make_person("Eve Nothing", has_profile=True).topics.set([make_topic("Elsewhere")])
    return me


def similar(client, person):
    soup = BeautifulSoup(client.get(person.get_absolute_url()).content, "html.parser")
    return [
        (li.a.get_text(), li.select_one(".reason").get_text())
        for li in soup.select(".similar-researchers li")
    ]


def test_similar_researchers_are_ranked_with_the_reason_shown(client, lab):
    assert similar(client, lab) == [
        ("Alice Topics", "3 shared topics"),
        ("Bob Coauthors", "1 shared topic, 2 shared co-authors"),
        ("Carol Titles", "1 publication on close subjects"),
    ]


def test_similar_researchers_link_to_their_profiles(client, lab):
    soup = BeautifulSoup(client.get(lab.get_absolute_url()).content, "html.parser")
    section = soup.select_one('section[aria-labelledby="similar-heading"]')
    assert section.h2.get_text() == "Similar researchers"
    first = section.select_one("li a")
    assert client.get(first["href"]).status_code == 200


def test_only_the_closest_are_shown(client, lab, settings):
    settings.SIMILAR_RESEARCHERS_SHOWN = 2
    assert [name for name, _ in similar(client, lab)] == ["Alice Topics", "Bob Coauthors"]


def test_a_co_author_is_similar_through_the_co_authors_they_share(client, lab):
    first = lab.authorships.first().publication.authorships.exclude(person=lab).get().person
    colleague = make_person("Frank Direct", has_profile=True)
    make_publication("Botanical ferns again", authors=[colleague, lab, first])
    # Frank and Marie both published with Outside One; each other does not count.
    assert ("Frank Direct", "1 shared co-author") in similar(client, lab)


def test_someone_sharing_nothing_has_no_similar_researchers_section(client):
    loner = make_person("Lone Wolf", has_profile=True)
    make_publication("Solitary work", authors=[loner])
    soup = BeautifulSoup(client.get(loner.get_absolute_url()).content, "html.parser")
    assert soup.select_one("#similar-heading") is None
