"""Atom feeds read by feedparser; sitemap.xml read by an XML parser; robots.txt."""

import datetime
import html
import xml.etree.ElementTree as ET
from functools import partial

import feedparser
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from config.discovery import PagesOfPeople, PublicationSitemap
from publications.models import Publication
from publications.person_publications import year_address
from tests.factories import make_person, make_publication, make_topic
from tests.support.citation_helpers import accented_publication, import_seed, many_publications

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


def test_the_new_publications_feed_lists_newest_additions_first(client):
    older = make_publication("Older", authors=[make_person("Ada Lovelace")])
    Publication.objects.filter(pk=older.pk).update(
        created=timezone.now() - datetime.timedelta(days=3)
    )
    newer = accented_publication()
    feed = read_feed(client, reverse("publications:feed"))
    assert [entry.title for entry in feed.entries] == [newer.title, "Older"]
    entry = feed.entries[0]
    assert entry.link == f"http://testserver{newer.get_absolute_url()}"
    assert entry.author == "Petar Veličković, Tomasz Trzciński, Johannes von Oswald"
    # The abstract is shown as text: its markup is escaped, not interpreted.
    assert "<b>" not in entry.summary
    assert html.unescape(entry.summary) == newer.abstract
    assert feed.feed.links[0].href == f"http://testserver{reverse('publications:list')}"
    assert feed.feed.author == "Research Directory"


def test_a_person_feed_has_only_their_publications(client):
    ada = make_person("Ada Lovelace", has_profile=True)
    make_publication("Hers", authors=[ada, make_person()])
    make_publication("Not hers", authors=[make_person()])
    feed = read_feed(client, reverse("publications:person-feed", args=["ada-lovelace"]))
    assert [entry.title for entry in feed.entries] == ["Hers"]
    assert "Ada Lovelace" in feed.feed.title
    assert client.get(reverse("publications:person-feed", args=["nobody"])).status_code == 404


def test_the_seed_profile_feed_reads_back_whole(client):
    person = import_seed()
    publications = Publication.objects.filter(authorships__person=person).with_authors()
    feed = read_feed(client, reverse("publications:person-feed", args=[person.slug]))
    assert sorted(entry.title for entry in feed.entries) == sorted(p.title for p in publications)
    by_link = {entry.link: entry for entry in feed.entries}
    for publication in publications:
        entry = by_link[f"http://testserver{publication.get_absolute_url()}"]
        names = [a.printed_name for a in publication.authorships.all()]
        assert entry.author == ", ".join(names)
        assert html.unescape(entry.get("summary", "")) == publication.abstract


@pytest.mark.parametrize("count", [1, 60])
def test_feeds_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, count):
    person = many_publications(count)
    with django_assert_max_num_queries(2):
        feed = read_feed(client, reverse("publications:feed"))
    assert len(feed.entries) == min(count, 50)
    with django_assert_max_num_queries(3):
        read_feed(client, reverse("publications:person-feed", args=[person.slug]))


def read_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return ET.fromstring(response.content)


def read_sitemap(client):
    """{address: lastmod} of every file the sitemap index at /sitemap.xml lists."""
    urls = {}
    for entry in read_xml(client, "/sitemap.xml").findall("sm:sitemap", SITEMAP_NS):
        section = read_xml(client, entry.findtext("sm:loc", namespaces=SITEMAP_NS))
        for url in section.findall("sm:url", SITEMAP_NS):
            loc = url.findtext("sm:loc", namespaces=SITEMAP_NS)
            assert loc not in urls  # no address in two files
            urls[loc] = url.findtext("sm:lastmod", namespaces=SITEMAP_NS)
    return urls


def in_every_language_of(address):
    """The absolute address that `address()` gives in each of the site's languages."""
    addresses = []
    for code, _ in settings.LANGUAGES:
        with translation.override(code):
            addresses.append(f"http://testserver{address()}")
    return addresses


def in_every_language(page):
    """The absolute address of `page` in each of the site's languages."""
    return in_every_language_of(page.get_absolute_url)


def test_the_sitemap_lists_profiles_publications_and_topics_with_lastmod(client):
    profiled = make_person("Ada Lovelace", has_profile=True)
    outsider = make_person("Charles Babbage")
    publication = make_publication("Notes", authors=[profiled, outsider])
    topic = make_topic("Engines")
    urls = read_sitemap(client)
    undated = in_every_language_of(
        lambda: reverse("publications:person-undated", args=[profiled.slug])
    )
    assert set(urls) == {
        *in_every_language(profiled),
        *undated,
        *in_every_language(publication),
        *in_every_language(topic),
    }
    for address in undated:
        assert urls[address] == publication.updated.date().isoformat()
    for address in in_every_language(profiled):
        assert urls[address] == profiled.updated.date().isoformat()
    for address in in_every_language(publication):
        assert urls[address] == publication.updated.date().isoformat()


def test_the_seed_profile_is_in_the_sitemap(client):
    person = import_seed()
    urls = read_sitemap(client)
    assert set(in_every_language(person)) <= set(urls)
    # The profile lists its newest publications; each year has a page of its own.
    years = set(Publication.objects.values_list("year", flat=True))
    for year in years:
        name, args = year_address(year)
        year_pages = in_every_language_of(partial(reverse, name, args=[person.slug, *args]))
        assert set(year_pages) <= set(urls)
    pages = 1 + len(years) + Publication.objects.count() + person.topics.count()
    assert len(urls) == pages * len(settings.LANGUAGES)


@pytest.mark.parametrize("count", [1, 60])
def test_the_sitemap_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, count):
    many_publications(count)
    # Two a section: its count and its newest change.
    with django_assert_max_num_queries(8):
        read_xml(client, "/sitemap.xml")
    for section in ("people", "publication-years", "publications", "topics"):
        with django_assert_max_num_queries(2):
            read_xml(client, f"/sitemap-{section}.xml")
    # The person, their one year (2020), the publications, the topic.
    assert len(read_sitemap(client)) == (1 + 1 + count + 1) * len(settings.LANGUAGES)


def test_a_long_section_is_split_into_pages_the_index_lists(client, monkeypatch):
    # Two publications a file, each in every language.
    monkeypatch.setattr(PublicationSitemap, "limit", 2 * len(settings.LANGUAGES))
    publications = [make_publication() for _ in range(5)]
    index = read_xml(client, "/sitemap.xml")
    files = [entry.findtext("sm:loc", namespaces=SITEMAP_NS) for entry in index]
    assert [file for file in files if "publications" in file] == [
        "http://testserver/sitemap-publications.xml",
        "http://testserver/sitemap-publications.xml?p=2",
        "http://testserver/sitemap-publications.xml?p=3",
    ]
    newest = max(publication.updated for publication in publications)
    lastmods = {entry.findtext("sm:lastmod", namespaces=SITEMAP_NS) for entry in index}
    assert newest.isoformat() in lastmods
    expected = {address for p in publications for address in in_every_language(p)}
    assert expected <= set(read_sitemap(client))
    assert client.get("/sitemap-publications.xml?p=4").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_year_pages_are_filed_by_person_each_file_its_people_s_years(client, monkeypatch):
    monkeypatch.setattr(PagesOfPeople, "PEOPLE_PER_PAGE", 2)
    people = [make_person(f"Ada Number{n}", has_profile=True) for n in range(5)]
    for n, person in enumerate(people):
        for year in (2000 + n, 2010 + n):
            make_publication(authors=[person], year=year)
    index = read_xml(client, "/sitemap.xml")
    files = [entry.findtext("sm:loc", namespaces=SITEMAP_NS) for entry in index]
    assert [file for file in files if "publication-years" in file] == [
        "http://testserver/sitemap-publication-years.xml",
        "http://testserver/sitemap-publication-years.xml?p=2",
        "http://testserver/sitemap-publication-years.xml?p=3",
    ]
    for page, owners in ((1, people[:2]), (2, people[2:4]), (3, people[4:])):
        entries = read_xml(client, f"/sitemap-publication-years.xml?p={page}")
        listed = {entry.findtext("sm:loc", namespaces=SITEMAP_NS) for entry in entries}
        expected = set()
        for person in owners:
            for year in sorted(person.authorships.values_list("publication__year", flat=True)):
                name, args = year_address(year)
                expected |= set(
                    in_every_language_of(partial(reverse, name, args=[person.slug, *args]))
                )
        assert listed == expected
    assert client.get("/sitemap-publication-years.xml?p=4").status_code == 404
    assert client.get("/sitemap-publication-years.xml?p=x").status_code == 404
