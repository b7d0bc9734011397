"""With the page cache and the fragment cache on, a French visit never gets what an
English one left in them, and the reverse (PostgreSQL: the caches need its version)."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.support.pages_data import small_institute

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def page_addresses(data, code):
    pages = [
        ("profiles:directory", []),
        ("profiles:person-detail", [data["ada"].slug]),
        ("publications:list", []),
        ("publications:detail", [data["new"].pk, data["new"].slug]),
        ("profiles:topic-list", []),
        ("profiles:topic-detail", [data["learning"].slug]),
    ]
    with translation.override(code):
        return [reverse(name, args=args) for name, args in pages]


def assert_all_in(response, code):
    """The answer is in `code`: its lang, Content-Language and every link in <main>
    (lists and fragments link pages in their own language)."""
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == code
    assert response["Content-Language"] == code
    links = [a["href"] for a in soup.main.find_all("a", href=True) if a["href"].startswith("/")]
    assert links and all(link.startswith(f"/{code}/") for link in links), links


def visit(client, url, code):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert_all_in(response, code)
    return len(queries)


@pytest.mark.parametrize("first, second", [("en", "fr"), ("fr", "en")])
def test_a_visit_in_one_language_never_gets_the_other_ones_cached_page(
    client, page_cache, fragment_cache, first, second
):
    data = small_institute()
    for code in (first, second):
        for url in page_addresses(data, code):
            visit(client, url, code)
    # Both languages are kept now: each repeat is the cache's (one query, the version),
    # and still its own language.
    for code in (second, first):
        for url in page_addresses(data, code):
            assert visit(client, url, code) == 1, url


@pytest.mark.parametrize("first, second", [("en", "fr"), ("fr", "en")])
def test_fragments_kept_for_one_language_are_not_served_to_the_other(
    client, fragment_cache, first, second
):
    data = small_institute()
    for url in page_addresses(data, first):
        visit(client, url, first)
    for url in page_addresses(data, second):
        visit(client, url, second)


def test_the_api_keeps_one_answer_per_language_at_one_address(
    client, page_cache, fragment_cache, django_assert_num_queries
):
    data = small_institute()
    url = f"/api/people/{data['ada'].slug}/"
    answers = {}
    for code in ("en", "fr"):
        response = client.get(url, headers={"Accept-Language": code})
        answers[code] = (response["ETag"], response.json()["web_url"])
    assert answers["en"][0] != answers["fr"][0]
    for code in ("fr", "en"):
        with django_assert_num_queries(1):
            response = client.get(url, headers={"Accept-Language": code})
        assert response["Content-Language"] == code
        assert (response["ETag"], response.json()["web_url"]) == answers[code]
        assert response.json()["web_url"].startswith(f"http://testserver/{code}/")
