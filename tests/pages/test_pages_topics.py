"""The topic list and a topic's page."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from profiles import views
from tests.factories import make_person, make_topic
from tests.support.pages_data import small_institute

pytestmark = pytest.mark.django_db


def test_topic_list_counts_people_with_a_profile_and_publications(client):
    small_institute()
    soup = BeautifulSoup(client.get(reverse("profiles:topic-list")).content, "html.parser")
    cards = {
        card.h2.get_text(): card.select(".muted")[-1].get_text()
        for card in soup.select(".topic-card")
    }
    assert cards == {
        "Graph Neural Networks": "1 person · 1 publication",
        "Machine Learning": "2 people · 1 publication",
    }


def test_topic_page_lists_its_people_and_publications(client):
    data = small_institute()
    response = client.get(data["learning"].get_absolute_url())
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Machine Learning"
    assert "Learning from data." in soup.select_one(".lede").get_text()
    people = [a.get_text() for a in soup.select(".person-card .card-title a")]
    assert people == ["Grace Hopper", "Ada Lovelace"]
    assert [a.get_text() for a in soup.select(".publication-title a")] == ["Compilers for everyone"]


def test_an_unknown_topic_gets_a_404(client):
    assert client.get(reverse("profiles:topic-detail", args=["no-such-topic"])).status_code == 404


def test_a_topic_page_shows_a_few_of_its_people_and_links_to_all_of_them(client, monkeypatch):
    monkeypatch.setattr(views, "TOPIC_PEOPLE_SHOWN", 2)
    topic = make_topic("Optics")
    for n in range(5):
        make_person(f"Person {n} Optician", has_profile=True).topics.add(topic)
    soup = BeautifulSoup(client.get(topic.get_absolute_url()).content, "html.parser")
    assert len(soup.select(".person-card")) == 2
    more = soup.select_one('section[aria-labelledby="people-heading"] .more a')
    assert more.get_text() == "All 5 people working on Optics"
    directory = BeautifulSoup(client.get(more["href"]).content, "html.parser")
    assert len(directory.select(".person-card")) == 5
