"""A profile of 500 publications stays light: featured and newest first, every other
year on a page of its own, and the exports still hold everything."""

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from publications import person_publications
from publications.models import Authorship
from tests.factories import make_person, make_publication
from tests.support.pages_data import benchmark_person, small_institute

pytestmark = pytest.mark.django_db

MAX_PROFILE_BYTES = 150 * 1000


@pytest.fixture
def prolific(db):
    person, papers = benchmark_person(500)
    return person, papers


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def listed_ids(soup):
    """The ids of the publications a page lists, from their links."""
    links = soup.select(".publication-item .publication-title a")
    return [int(re.match(r"/[a-z-]+/publications/(\d+)/", a["href"]).group(1)) for a in links]


def test_the_profile_of_500_publications_is_at_most_150_kb(client, prolific, settings):
    person, papers = prolific
    response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    assert len(response.content) <= MAX_PROFILE_BYTES
    soup = BeautifulSoup(response.content, "html.parser")
    newest = sorted(papers, key=lambda p: (-p.year, -(p.date.toordinal() if p.date else 0), -p.pk))
    shown = settings.PROFILE_RECENT_PUBLICATIONS
    assert listed_ids(soup) == [paper.pk for paper in newest[:shown]]
    stats = {div.dt.get_text(): div.dd.get_text() for div in soup.select(".stats div")}
    assert stats["Publications"] == "500"


def test_every_publication_is_reachable_through_the_year_pages(client, prolific):
    person, papers = prolific
    profile = page(client, person.get_absolute_url())
    years = [a["href"] for a in profile.select(".year-nav a")]
    assert len(years) == len({paper.year for paper in papers})
    reached = []
    for url in years:
        year_page = page(client, url)
        ids = listed_ids(year_page)
        year = int(url.rstrip("/").rsplit("/", 1)[1])
        assert {paper.year for paper in papers if paper.pk in ids} == {year}
        assert year_page.h1.get_text() == f"Publications of {person.full_name} in {year}"
        canonical = year_page.select_one('link[rel="canonical"]')["href"]
        assert canonical == f"http://testserver{url}"
        count = year_page.select_one(f'.year-nav a[href="{url}"] .count').get_text()
        assert count == f"({len(ids)})"
        reached += ids
    assert sorted(reached) == sorted(paper.pk for paper in papers)


def test_year_pages_link_to_the_newer_and_older_years(client, prolific):
    person, papers = prolific
    years = sorted({paper.year for paper in papers}, reverse=True)
    middle = years[len(years) // 2]
    soup = page(client, reverse("publications:person-year", args=[person.slug, middle]))
    newer = soup.select_one('a[rel="prev"]')["href"]
    older = soup.select_one('a[rel="next"]')["href"]
    at = years.index(middle)
    assert newer == reverse("publications:person-year", args=[person.slug, years[at - 1]])
    assert older == reverse("publications:person-year", args=[person.slug, years[at + 1]])
    assert soup.select_one('.year-nav a[aria-current="page"]')["href"] == (
        reverse("publications:person-year", args=[person.slug, middle])
    )
    newest = page(client, reverse("publications:person-year", args=[person.slug, years[0]]))
    assert newest.select_one('a[rel="prev"]') is None
    # A year of a profile is part of the people's pages.
    assert [a.get_text() for a in soup.select('header nav a[aria-current="page"]')] == ["People"]


def test_the_exports_still_hold_all_500_publications(client, prolific):
    person, _ = prolific
    export = reverse("publications:person-export", args=[person.slug, "bib"])
    bibtex = client.get(export).content.decode()
    assert len(re.findall(r"^@\w+\{", bibtex, flags=re.MULTILINE)) == 500
    ris = client.get(reverse("publications:person-export", args=[person.slug, "ris"]))
    assert ris.content.decode().count("TY  - ") == 500
    csl = client.get(reverse("publications:person-export", args=[person.slug, "json"]))
    assert len(json.loads(csl.content)) == 500


def test_featured_publications_come_first_even_when_old(client, prolific):
    person, papers = prolific
    oldest = sorted(papers, key=lambda p: p.year)[:2]
    for rank, paper in enumerate(reversed(oldest), start=1):
        Authorship.objects.filter(person=person, publication=paper).update(featured_rank=rank)
    soup = page(client, person.get_absolute_url())
    featured = listed_ids(soup.select_one(".featured"))
    assert featured == [oldest[1].pk, oldest[0].pk]
    assert listed_ids(soup)[:2] == featured


def test_a_year_beyond_the_newest_links_to_its_full_page(client, settings):
    settings.PROFILE_RECENT_PUBLICATIONS = 2
    person = make_person("Ada Lovelace", has_profile=True)
    for n in range(3):
        make_publication(f"Paper of 2024, {n}", authors=[person], year=2024)
    make_publication("Paper of 2023", authors=[person], year=2023)
    soup = page(client, person.get_absolute_url())
    assert len(listed_ids(soup)) == 2
    more = soup.select_one(".year-group .more a")
    assert more.get_text() == "All 3 publications of 2024"
    assert more["href"] == reverse("publications:person-year", args=[person.slug, 2024])
    assert "The 2 most recent of 4 publications" in soup.get_text()


def test_undated_publications_have_a_page_too(client):
    data = small_institute()
    ada = data["ada"]
    soup = page(client, reverse("publications:person-undated", args=[ada.slug]))
    assert soup.h1.get_text() == "Publications of Ada Lovelace with no year"
    assert listed_ids(soup) == [data["undated"].pk]
    assert soup.select_one('a[rel="prev"]')["href"] == (
        reverse("publications:person-year", args=[ada.slug, 2019])
    )


def test_a_hidden_publication_is_left_off_its_year_page(client):
    data = small_institute()
    ada = data["ada"]
    Authorship.objects.filter(person=ada, publication=data["old"]).update(hidden=True)
    url = reverse("publications:person-year", args=[ada.slug, 2019])
    assert client.get(url).status_code == 404
    grace_year = reverse("publications:person-year", args=[data["grace"].slug, 2024])
    assert listed_ids(page(client, grace_year)) == [data["new"].pk]


def test_a_year_without_publications_or_a_person_without_a_profile_is_not_found(client):
    data = small_institute()
    assert (
        client.get(reverse("publications:person-year", args=[data["ada"].slug, 2001])).status_code
        == 404
    )
    outsider = reverse("publications:person-year", args=[data["outsider"].slug, 2019])
    assert client.get(outsider).status_code == 404
    assert client.get(reverse("publications:person-year", args=["nobody", 2019])).status_code == 404


def test_an_old_slug_redirects_to_the_same_year(client):
    data = small_institute()
    grace = data["grace"]
    grace.slug = "grace-brewster-hopper"
    grace.save()
    response = client.get(reverse("publications:person-year", args=["grace-hopper", 2024]))
    assert response.status_code == 301
    assert response["Location"] == reverse(
        "publications:person-year", args=["grace-brewster-hopper", 2024]
    )


def test_a_year_of_many_publications_comes_in_pages(client, monkeypatch):
    monkeypatch.setattr(person_publications, "YEAR_PAGE_SIZE", 2)
    person = make_person("Ada Lovelace", has_profile=True)
    papers = [make_publication(f"Paper {n}", authors=[person], year=2024) for n in range(5)]
    url = reverse("publications:person-year", args=[person.slug, 2024])
    first = page(client, url)
    assert first.select_one(".pagination-status").get_text() == "Page 1 of 3"
    assert first.select_one('link[rel="canonical"]')["href"] == f"http://testserver{url}"
    reached = []
    for number in (1, 2, 3):
        soup = page(client, f"{url}?page={number}")
        reached += listed_ids(soup)
        if number > 1:
            canonical = soup.select_one('link[rel="canonical"]')["href"]
            assert canonical == f"http://testserver{url}?page={number}"
    assert reached == [paper.pk for paper in reversed(papers)]
    # A page past the end shows the last one, as the other lists do.
    assert listed_ids(page(client, f"{url}?page=9")) == [papers[0].pk]


@pytest.mark.parametrize("asked", ["0", "-3", "two", "9" * 5000, ""])
def test_a_nonsense_page_number_of_a_year_shows_a_page_not_an_error(client, asked):
    data = small_institute()
    url = reverse("publications:person-year", args=[data["ada"].slug, 2019])
    assert listed_ids(page(client, f"{url}?page={asked}")) == [data["old"].pk]
