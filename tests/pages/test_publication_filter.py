"""One filter: the list page, each of its downloads and the API select the same
publications for every filter parameter."""

import json
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from profiles.models import Person
from publications.models import Publication
from tests.factories import make_person, make_publication, make_topic


@pytest.fixture
def library(db):
    graphs, vision = make_topic("Graph learning"), make_topic("Vision")
    petar = make_person("Petar Veličković", has_profile=True, membership=Person.Membership.CORE)
    namesake = make_person("Petar Velickovic")  # an outside co-author of the same name
    razvan = make_person("Razvan Pascanu", has_profile=True)
    outsider = make_person("Charles Babbage")
    kinds = list(Publication.Kind.values)
    for n in range(30):
        authors = [[petar, razvan], [razvan], [outsider, petar], [namesake]][n % 4]
        publication = make_publication(
            f"Study number {n} of {'graphs' if n % 3 else 'pixels'}",
            authors=authors,
            year=2015 + n % 7,
            kind=kinds[n % len(kinds)],
            doi=f"10.1000/study.{n}",
            arxiv_id=f"2401.{n:05d}",
        )
        publication.topics.set([graphs] if n % 2 else [vision])
    return {"petar": petar, "outsider": outsider, "graphs": graphs}


def page_titles(client, query):
    """Every title the list page shows for `query`, following its pages."""
    titles, number = [], 1
    while True:
        response = client.get(reverse("publications:list"), {**query, "page": number})
        assert response.status_code == 200, query
        soup = BeautifulSoup(response.content, "html.parser")
        titles += [a.get_text() for a in soup.select(".publication-title a")]
        if not soup.select_one("a[rel=next]"):
            return soup, titles
        number += 1


def download_titles(client, soup, fmt, query):
    link = soup.select_one(f'.exports a[href*="export.{fmt}"]')
    if link is None:  # the page says why, and the download of its query is empty
        link = {"href": f"{reverse('publications:export', args=[fmt])}?{urlencode(query)}"}
    response = client.get(link["href"])
    assert response.status_code == 200, link["href"]
    if fmt == "json":
        return [item["title"] for item in json.loads(response.content)]
    if fmt == "ris":
        return [line[6:] for line in response.text.splitlines() if line.startswith("TI  - ")]
    return [
        line.split("{", 1)[1].rsplit("}", 1)[0]
        for line in response.text.splitlines()
        if line.strip().startswith("title =")
    ]


def api_titles(client, query):
    titles, url, params = [], "/api/publications/", {**query, "page_size": 100}
    while url:
        body = client.get(url, params).json()
        titles += [item["title"] for item in body["results"]]
        url, params = body["next"], None
    return titles


def queries(data):
    return [
        {},
        {"year": "2017"},
        {"year_min": "2016", "year_max": "2018"},
        {"kind": "article"},
        {"topic": data["graphs"].slug},
        {"author": data["petar"].slug},
        {"author": "petar velickovic"},
        {"author": "Veličković, Petar"},
        {"author": data["outsider"].slug},
        {"author": "nobody-at-all"},
        {"doi": "https://doi.org/10.1000/STUDY.3"},
        {"arxiv_id": "arXiv:2401.00004"},
        {"year": "2016", "topic": data["graphs"].slug, "author": "Razvan Pascanu"},
    ]


@pytest.mark.parametrize("fmt", ["bib", "ris", "json"])
def test_every_download_link_holds_exactly_what_its_page_lists(client, library, fmt):
    for query in queries(library):
        soup, listed = page_titles(client, query)
        assert sorted(download_titles(client, soup, fmt, query)) == sorted(listed), query


def test_the_api_selects_what_the_page_lists_for_every_filter(client, library):
    for query in queries(library):
        _, listed = page_titles(client, query)
        assert sorted(api_titles(client, query)) == sorted(listed), query


def test_every_filter_narrows_the_list(client, library):
    _, everything = page_titles(client, {})
    for query in queries(library)[1:]:
        _, listed = page_titles(client, query)
        assert len(listed) < len(everything), query


def test_an_author_name_takes_the_profile_holder_over_a_namesake(client, library):
    _, by_name = page_titles(client, {"author": "petar velickovic"})
    _, by_slug = page_titles(client, {"author": library["petar"].slug})
    assert by_name == by_slug and len(by_name) == 15


def test_an_author_nobody_has_is_said_on_the_page(client, library):
    soup, listed = page_titles(client, {"author": "nobody-at-all"})
    assert listed == []
    assert soup.select_one("#id_author_error").get_text() == "No author has this name or address."


@pytest.mark.parametrize(
    "query",
    [{"year": "next"}, {"year": "0"}, {"kind": "poem"}, {"year_min": "x"}, {"q": "a\x00b"}],
)
def test_a_bad_value_is_refused_alike_by_page_download_and_api(client, library, query):
    page = client.get(reverse("publications:list"), query)
    assert page.status_code == 400
    assert BeautifulSoup(page.content, "html.parser").select(".field-error")
    assert client.get(reverse("publications:export", args=["bib"]), query).status_code == 400
    if "q" not in query:  # the API's text search is named `search`
        response = client.get("/api/publications/", query)
        assert response.status_code == 400
        assert response.json()["errors"][0]["parameter"] == next(iter(query))


def test_older_download_links_with_person_still_narrow(client, library):
    response = client.get(
        reverse("publications:export", args=["json"]), {"person": library["petar"].slug}
    )
    assert len(json.loads(response.content)) == 15
