"""The publication list and the publication page."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.urls import reverse

from profiles.models import Person
from publications.models import Publication
from tests.factories import make_person, make_publication
from tests.support.pages_data import small_institute

pytestmark = pytest.mark.django_db


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select(".publication-title a")]


@pytest.fixture
def data():
    return small_institute()


def test_list_shows_every_publication_newest_first(client, data):
    assert titles(client.get(reverse("publications:list"))) == [
        "Compilers for everyone",
        "Notes on the Analytical Engine",
        "An undated note",
    ]


def test_list_searches_titles_abstracts_and_author_names(client, data):
    assert titles(client.get(reverse("publications:list"), {"q": "analytical"})) == [
        "Notes on the Analytical Engine"
    ]
    assert titles(client.get(reverse("publications:list"), {"q": "friends"})) == [
        "Compilers for everyone"
    ]
    assert titles(client.get(reverse("publications:list"), {"q": "Hopper"})) == [
        "Compilers for everyone"
    ]


def test_list_filters_by_year_topic_kind_and_author(client, data):
    assert titles(client.get(reverse("publications:list"), {"year": "2019"})) == [
        "Notes on the Analytical Engine"
    ]
    assert titles(client.get(reverse("publications:list"), {"topic": data["learning"].slug})) == [
        "Compilers for everyone"
    ]
    assert titles(client.get(reverse("publications:list"), {"kind": "preprint"})) == [
        "An undated note"
    ]
    assert titles(client.get(reverse("publications:list"), {"author": data["grace"].slug})) == [
        "Compilers for everyone"
    ]


def test_list_sorts_oldest_first_or_by_title(client, data):
    assert titles(client.get(reverse("publications:list"), {"sort": "oldest"})) == [
        "Notes on the Analytical Engine",
        "Compilers for everyone",
        "An undated note",
    ]
    assert titles(client.get(reverse("publications:list"), {"sort": "title"})) == [
        "An undated note",
        "Compilers for everyone",
        "Notes on the Analytical Engine",
    ]


def test_an_empty_result_says_so_and_links_to_the_unfiltered_list(client, data):
    response = client.get(reverse("publications:list"), {"q": "nothing like this", "kind": "book"})
    soup = BeautifulSoup(response.content, "html.parser")
    assert "No publications match" in soup.select_one(".empty").get_text()
    assert soup.select_one(".empty a")["href"] == reverse("publications:list")
    assert soup.select_one(".filter-actions a").get_text() == "Clear filters"


def test_bad_filter_values_are_marked_and_list_nothing_as_the_downloads_refuse_them(client, data):
    query = {"year": "last", "sort": "random", "kind": "poem"}
    response = client.get(reverse("publications:list"), query)
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert len(soup.select(".field-error")) == 3
    assert titles(response) == []
    assert "These filters cannot be applied" in soup.select_one(".empty").get_text()
    assert not soup.select(".exports a[download]")
    assert client.get(reverse("publications:export", args=["bib"]), query).status_code == 400


def test_list_pages_through_25_at_a_time(client):
    for n in range(30):
        make_publication(f"Paper {n:02d}", year=1990 + n)
    first = client.get(reverse("publications:list"), {"sort": "oldest"})
    assert titles(first) == [f"Paper {n:02d}" for n in range(25)]
    second = client.get(reverse("publications:list"), {"sort": "oldest", "page": 2})
    assert titles(second) == [f"Paper {n:02d}" for n in range(25, 30)]


def test_publication_page_shows_byline_venue_year_identifiers_abstract_and_topics(client, data):
    response = client.get(data["new"].get_absolute_url())
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Compilers for everyone"
    assert soup.select_one(".byline").get_text().strip() == (
        "Grace Hopper, Ada Lovelace, Charles Babbage"
    )
    facts = {div.dt.get_text(): div.dd for div in soup.select(".facts div")}
    assert facts["Year"].get_text() == "2024"
    assert facts["Kind"].get_text() == "Conference paper"
    assert facts["arXiv"].a["href"] == "https://arxiv.org/abs/2506.05233"
    assert soup.select_one(".abstract-full").get_text(strip=True) == (
        "We show that <script>alert('x')</script> & friends stay text."
    )
    assert "<script>alert" not in response.content.decode()
    assert [a.get_text() for a in soup.select("#topics-heading + .chips a")] == ["Machine Learning"]
    profiles = [a.get_text() for a in soup.select(".person-card .card-title a")]
    assert profiles == ["Grace Hopper", "Ada Lovelace"]


def test_doi_links_to_the_doi_resolver_and_venue_is_shown(client, data):
    soup = BeautifulSoup(client.get(data["old"].get_absolute_url()).content, "html.parser")
    facts = {div.dt.get_text(): div.dd for div in soup.select(".facts div")}
    assert facts["DOI"].a["href"] == "https://doi.org/10.1000/engine.1843"
    assert facts["Venue"].get_text() == "Scientific Memoirs"


def test_a_wrong_or_missing_slug_redirects_permanently_to_the_right_address(client, data):
    paper = data["new"]
    for url in (
        reverse("publications:detail-short", args=[paper.pk]),
        reverse("publications:detail", args=[paper.pk, "old-title"]),
    ):
        response = client.get(url)
        assert response.status_code == 301
        assert response["Location"] == paper.get_absolute_url()


def test_a_title_without_slug_characters_still_has_a_working_page(client):
    paper = make_publication("???")
    response = client.get(paper.get_absolute_url(), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == []


def test_an_unknown_publication_gets_a_404(client):
    assert client.get(reverse("publications:detail", args=["999999", "x"])).status_code == 404


def test_nul_characters_and_overlong_text_in_filters_give_a_message_not_an_error(client, data):
    nul = "a\x00b"
    for url, params in [
        (reverse("profiles:directory"), {"q": nul, "topic": nul, "membership": nul}),
        (
            reverse("publications:list"),
            {"q": nul, "topic": nul, "author": nul, "year": nul, "kind": nul},
        ),
        (reverse("publications:list"), {"q": "x" * 500}),
    ]:
        response = client.get(url, params)
        # The directory counts a bad value as unset; the publication list refuses it.
        assert response.status_code == (200 if url == reverse("profiles:directory") else 400), (
            params
        )
        assert BeautifulSoup(response.content, "html.parser").select(".field-error"), params


def test_the_author_filter_takes_a_name_or_a_profile_address(client):
    petar = make_person("Petar Veličković", has_profile=True, membership=Person.Membership.CORE)
    other = make_person("Other Person", has_profile=True)
    make_publication("By Petar", authors=[petar, other], year=2020)
    make_publication("By the other", authors=[other], year=2021)

    def titles(author):
        response = client.get(reverse("publications:list"), {"author": author})
        soup = BeautifulSoup(response.content, "html.parser")
        return [a.get_text() for a in soup.select(".publication-title a")], soup

    for typed in ("Petar Veličković", "petar velickovic", "Velickovic, Petar", petar.slug):
        found, soup = titles(typed)
        assert found == ["By Petar"], typed
        assert not soup.select(".field-error")
    found, soup = titles("Nobody Known")
    assert found == []
    assert soup.select_one("#id_author_error").get_text() == "No author has this name or address."
    field = soup.select_one("input#id_author")
    assert field["type"] == "search" and field["value"] == "Nobody Known"
    assert soup.select_one("label[for=id_author]").get_text() == "Author"


def test_an_author_without_a_public_profile_narrows_the_list_too(client):
    outsider = make_person("Charles Babbage")
    make_publication("Engine", authors=[outsider], year=2020)
    make_publication("Loom", year=2021)
    for author in (outsider.slug, "Babbage, Charles"):
        response = client.get(reverse("publications:list"), {"author": author})
        soup = BeautifulSoup(response.content, "html.parser")
        assert titles(response) == ["Engine"]
        assert soup.select_one("#id_author_error") is None


def test_the_year_filter_offers_only_years_that_have_publications_newest_first(client):
    for year in (1999, 2021, 2021, 2003):
        make_publication(year=year)
    make_publication("Undated")
    soup = BeautifulSoup(client.get(reverse("publications:list")).content, "html.parser")
    options = [option.get_text() for option in soup.select("select#id_year option")]
    assert options == ["Any year", "2021", "2003", "1999"]


@pytest.mark.postgres
def test_a_filtered_newest_first_page_is_read_in_order_from_an_index():
    page = Publication.objects.filter(year=2020, kind="conference").newest_first()[:25]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_sort = off")  # so only an index in order can win
        # On an empty table the year-only index costs the same, and which of two equal
        # plans wins moves with the table's statistics (autovacuum's, between tests).
        # Dropped inside the test's transaction, it is back for the next test.
        cursor.execute("DROP INDEX publication_newest_first")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "publication_kind_newest_first" in plan
    assert "Sort" not in plan
