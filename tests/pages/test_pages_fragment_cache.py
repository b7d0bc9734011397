"""What is kept under the content version (PostgreSQL): a profile's publication list, its
API and export, the topic list; and how a write shows at once."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from profiles.models import Person, Topic
from publications.models import Authorship, Publication
from tests.factories import make_person, make_publication, make_topic

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragment_cache")]


@pytest.fixture
def profile():
    ada = make_person("Ada Lovelace", has_profile=True)
    grace = make_person("Grace Hopper", has_profile=True)
    paper = make_publication("Compilers for everyone", authors=[grace, ada], year=2024)
    make_publication("Notes on the engine", authors=[ada], year=2019)
    return ada, grace, paper


def fetch_with_query_count(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return response, len(queries)


def fetch_soup(client, url, **extra):
    response, queries = fetch_with_query_count(client, url, **extra)
    return BeautifulSoup(response.content, "html.parser"), queries


def texts(soup, selector):
    return [element.get_text() for element in soup.select(selector)]


def listed(client, url, *selectors):
    """(the result count, the texts of each selector's elements), and the queries run."""
    soup, queries = fetch_soup(client, url)
    found = soup.select_one(".result-count").get_text(strip=True)
    return (found, *(texts(soup, selector) for selector in selectors)), queries


def kept(visit):
    """What visit() shows, checking that a second visit shows the same with fewer queries."""
    (first, first_queries), (again, again_queries) = visit(), visit()
    assert again == first
    assert again_queries < first_queries
    return first, again_queries


def fetch(client, person):
    response, queries = fetch_with_query_count(client, person.get_absolute_url())
    return response.content.decode(), queries


def visible(html):
    soup = BeautifulSoup(html, "html.parser")
    titles = [a.get_text() for a in soup.select(".publication-title a")]
    bylines = [p.get_text() for p in soup.select(".byline")]
    coauthors = [tr.get_text(" ", strip=True) for tr in soup.select(".coauthors tbody tr")]
    return titles, bylines, coauthors


@pytest.mark.postgres
def test_a_repeated_visit_reads_the_list_from_the_cache_and_shows_the_same(client, profile):
    ada, _, _ = profile
    _, again_queries = kept(lambda: fetch(client, ada))
    # The version only: the person with their topics and membership history is kept
    # too, like the publications, bylines and people.
    assert again_queries == 1


@pytest.mark.postgres
def test_the_kept_person_shows_a_new_position_topic_and_membership_at_once(client, profile):
    ada, _, _ = profile
    first = BeautifulSoup(fetch(client, ada)[0], "html.parser")
    body, _ = fetch_api(client, ada)
    assert body["topics"] == [] and first.select_one(".profile-role") is None
    ada.position = "Analyst"
    ada.save()
    ada.topics.add(Topic.objects.create(name="Engines", slug="engines"))
    ada.membership_periods.create(membership="postdoc", position="Analyst")
    soup = BeautifulSoup(fetch(client, ada)[0], "html.parser")
    assert "Analyst" in soup.select_one(".profile-role").get_text()
    assert texts(soup, ".chips a") == ["Engines"]
    body, queries = fetch_api(client, ada)
    assert body["position"] == "Analyst" and [t["slug"] for t in body["topics"]] == ["engines"]
    assert [m["position"] for m in body["memberships"]] == ["Analyst"]
    assert fetch_api(client, ada)[1] < queries


@pytest.mark.postgres
def test_renaming_a_co_author_shows_at_once(client, profile):
    ada, grace, _ = profile
    fetch(client, ada)
    grace.full_name = "Grace Brewster Hopper"
    grace.save()
    Authorship.objects.filter(person=grace).update(name_as_printed="")
    titles, bylines, coauthors = visible(fetch(client, ada)[0])
    assert bylines[0] == "Grace Brewster Hopper, Ada Lovelace"
    assert coauthors == ["Grace Brewster Hopper yes 1"]


@pytest.mark.postgres
def test_editing_or_adding_a_publication_shows_at_once(client, profile):
    ada, _, paper = profile
    fetch(client, ada)
    Publication.objects.filter(pk=paper.pk).update(title="Compilers, revised")
    assert visible(fetch(client, ada)[0])[0] == ["Compilers, revised", "Notes on the engine"]
    make_publication("A third paper", authors=[ada], year=2025)
    assert visible(fetch(client, ada)[0])[0][0] == "A third paper"


@pytest.mark.postgres
def test_a_co_author_losing_their_profile_is_no_longer_linked(client, profile):
    ada, grace, _ = profile
    fetch(client, ada)
    Person.objects.filter(pk=grace.pk).update(has_profile=False)
    soup = BeautifulSoup(fetch(client, ada)[0], "html.parser")
    assert soup.select(".byline a") == []


def test_without_a_content_version_nothing_is_cached(client, profile):
    if connection.vendor == "postgresql":
        pytest.skip("the SQLite behaviour")
    ada, _, _ = profile
    first, first_queries = fetch(client, ada)
    again, again_queries = fetch(client, ada)
    assert again == first and again_queries == first_queries


def fetch_api(client, person, **extra):
    response, queries = fetch_with_query_count(client, f"/api/people/{person.slug}/", **extra)
    return response.json(), queries


@pytest.mark.postgres
def test_the_profile_api_keeps_its_publications_until_the_content_changes(client, profile):
    ada, grace, paper = profile
    first, _ = kept(lambda: fetch_api(client, ada))
    assert [p["title"] for p in first["publications"]] == [
        "Compilers for everyone",
        "Notes on the engine",
    ]

    Publication.objects.filter(pk=paper.pk).update(title="Compilers for all")
    Authorship.objects.filter(publication=paper, person=grace).update(name_as_printed="G. Hopper")
    changed, _ = fetch_api(client, ada)
    assert changed["publications"][0]["title"] == "Compilers for all"
    assert changed["publications"][0]["authors"][0]["name"] == "G. Hopper"


@pytest.mark.postgres
def test_the_profile_api_s_cached_addresses_follow_the_host_asked_for(client, profile, settings):
    settings.ALLOWED_HOSTS = ["testserver", "directory.example.org"]
    ada, _, _ = profile
    here, _ = fetch_api(client, ada)
    there, _ = fetch_api(client, ada, HTTP_HOST="directory.example.org")
    assert here["publications"][0]["api_url"].startswith("http://testserver/")
    assert there["publications"][0]["api_url"].startswith("http://directory.example.org/")


@pytest.mark.postgres
def test_a_person_s_export_is_kept_until_the_content_changes(client, profile):
    ada, grace, paper = profile
    url = reverse("publications:person-export", args=[ada.slug, "bib"])
    first, first_queries = fetch_with_query_count(client, url)
    again, again_queries = fetch_with_query_count(client, url)
    assert again.content == first.content
    assert again_queries < first_queries
    assert b"Compilers for everyone" in first.content

    Publication.objects.filter(pk=paper.pk).update(title="Compilers for all")
    changed, _ = fetch_with_query_count(client, url)
    assert b"Compilers for all" in changed.content
    assert b"Compilers for everyone" not in changed.content
    ris, _ = fetch_with_query_count(
        client, reverse("publications:person-export", args=[ada.slug, "ris"])
    )
    assert ris.content.startswith(b"TY  - ")  # each format is kept apart


@pytest.mark.postgres
def test_the_topic_list_keeps_its_counts_until_the_content_changes(client, profile):
    ada, grace, paper = profile
    topic = Topic.objects.create(name="Compilers")
    paper.topics.add(topic)
    ada.topics.add(topic)

    def counts():
        soup, queries = fetch_soup(client, reverse("profiles:topic-list"))
        return soup.select_one(".topic-card .muted").get_text(), queries

    assert kept(counts)[0] == "1 person · 1 publication"

    grace.topics.add(topic)
    assert counts()[0] == "2 people · 1 publication"


@pytest.mark.postgres
def test_a_search_and_the_year_filter_are_kept_until_the_content_changes(client, profile):
    _, _, paper = profile

    def results(query="?q=compilers"):
        url = reverse("publications:list") + query
        return listed(client, url, ".publication-title a", "select[name=year] option")

    first, again_queries = kept(results)
    years = ["Any year", "2024", "2019"]
    assert first == ("1 publication found", ["Compilers for everyone"], years)
    # The version; not the topic choices, the years, the count, the rows or bylines.
    assert again_queries == 1

    make_publication("Compilers, again", year=2026)
    Publication.objects.filter(pk=paper.pk).update(title="Better compilers")
    counted, titles, years = results()[0]
    assert counted == "2 publications found"
    assert sorted(titles) == ["Better compilers", "Compilers, again"]
    assert years == ["Any year", "2026", "2024", "2019"]
    engine, _ = results("?q=engine")  # each query is kept apart
    assert engine[:2] == ("1 publication found", ["Notes on the engine"])


@pytest.mark.postgres
def test_the_list_topic_choices_are_kept_until_a_topic_changes(client, profile):
    graphs = make_topic("Graphs")

    def topics():
        return listed(client, reverse("publications:list"), "select[name=topic] option")

    (_, before), _ = topics()
    assert "Graphs" in before and "Compilers" not in before
    Topic.objects.filter(pk=graphs.pk).update(name="Compilers")
    (_, after), _ = topics()
    assert "Compilers" in after and len(after) == len(before)


@pytest.mark.postgres
def test_the_directory_page_is_kept_until_the_content_changes(client, profile):
    ada, grace, _ = profile

    def directory(query=""):
        return listed(client, reverse("profiles:directory") + query, ".person-card .card-title a")

    assert kept(directory)[0] == ("2 people", ["Grace Hopper", "Ada Lovelace"])

    Person.objects.filter(pk=grace.pk).update(has_profile=False)
    assert directory()[0] == ("1 person", ["Ada Lovelace"])
    assert directory("?q=lovelace")[0] == (
        "1 person found",
        ["Ada Lovelace"],
    )
    assert directory("?q=hopper")[0] == ("0 people found", [])


@pytest.mark.postgres
def test_a_publication_page_is_kept_until_the_content_changes(client, profile, settings):
    settings.ALLOWED_HOSTS = ["testserver", "directory.example.org"]
    ada, grace, paper = profile
    url = paper.get_absolute_url()

    def page(**extra):
        soup, queries = fetch_soup(client, url, **extra)
        canonical = soup.select_one("link[rel=canonical]")["href"]
        return (soup.h1.get_text(), texts(soup, ".person-card .card-title a"), canonical), queries

    first, again_queries = kept(page)
    assert first == (
        "Compilers for everyone",
        ["Grace Hopper", "Ada Lovelace"],
        f"http://testserver{url}",
    )
    assert again_queries == 1  # the version alone
    elsewhere, _ = page(HTTP_HOST="directory.example.org")
    assert elsewhere[2] == f"http://directory.example.org{url}"

    Person.objects.filter(pk=grace.pk).update(has_profile=False)
    Publication.objects.filter(pk=paper.pk).update(title="Compilers for all")
    assert page()[0][:2] == ("Compilers for all", ["Ada Lovelace"])
    moved = client.get(reverse("publications:detail", args=[paper.pk, "another-slug"]))
    assert moved.status_code == 301 and moved["Location"] == url
    assert (
        client.get(reverse("publications:detail-short", args=[paper.pk + 1000])).status_code == 404
    )
