"""Page numbers past any list: the last page on HTML lists, a 404 problem in the API."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import make_person, make_publication

pytestmark = pytest.mark.django_db

HUGE = "922337203685477580"  # one tenth of the largest bigint


def past_the_end(url):
    return f"{url}{'&' if '?' in url else '?'}page={HUGE}"


@pytest.fixture
def ada():
    cache.clear()  # the API throttle
    ada = make_person("Ada Lovelace", has_profile=True)
    make_publication("Notes on the engine", authors=[ada], year=1843)
    return ada


@pytest.mark.parametrize(
    "url",
    [
        "{list}",
        "{list}?q=engine",
        "{list}?sort=title",
        "{directory}",
        "{directory}?q=ada",
        "{profile}",
    ],
)
def test_a_page_past_the_end_of_an_html_list_shows_its_last_page(client, ada, url):
    pages = {"list": reverse("publications:list"), "directory": reverse("profiles:directory")}
    response = client.get(past_the_end(url.format(profile=ada.get_absolute_url(), **pages)))

    assert response.status_code == 200
    assert b"Ada Lovelace" in response.content


@pytest.mark.parametrize(
    "url",
    [
        "/api/publications/",
        "/api/publications/?search=engine",
        "/api/people/",
        "/api/people/?search=ada",
        "/api/people/?ordering=-publication_count",
        "/api/publications/?ordering=title",
        "/api/people/ada-lovelace/publications/",
        "/api/topics/",
    ],
)
def test_a_page_past_the_end_of_an_api_list_is_a_404_problem(client, ada, url):
    response = client.get(past_the_end(url))

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
