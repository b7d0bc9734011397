"""Only the parameters a page reads make page-cache entries: junk parameters, in any
order and number, never fill the cache with one entry per address."""

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import make_person, make_publication

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def page_keys():
    return [k for k in cache.keys("*") if ":page:" in k]


def test_junk_parameters_keep_no_entry(redis_page_cache):
    url = make_publication("Engines", authors=[make_person("Ada Lovelace")]).get_absolute_url()
    client = Client()
    assert client.get(url).status_code == 200
    assert len(page_keys()) == 1
    for n in range(5):
        answer = client.get(f"{url}?a{n}={n}")
        assert answer.status_code == 200
        assert answer["X-Cache"] == "miss"
    assert len(page_keys()) == 1


def test_reordered_known_parameters_share_one_entry(redis_page_cache):
    make_publication("Engines", authors=[make_person("Ada Lovelace")])
    client = Client()
    assert client.get("/en/?q=ada&page=1")["X-Cache"] == "miss"
    assert client.get("/en/?page=1&q=ada")["X-Cache"] == "hit"
    assert len(page_keys()) == 1


@pytest.mark.parametrize(
    "url",
    [
        "/en/publications/?year=2020&kind=conference",
        "/en/publications/?q=engines",
        "/en/publications/?author=ada-lovelace&sort=title",
        "/en/publications/?person=ada-lovelace",
        "/en/?q=ada&membership=affiliate",
        "/api/publications/?year=2020&kind=conference",
    ],
)
def test_a_list_asked_with_its_own_parameters_is_kept(redis_page_cache, url):
    make_publication("Engines", authors=[make_person("Ada Lovelace")], year=2020)
    client = Client()
    assert client.get(url)["X-Cache"] == "miss"
    assert client.get(url)["X-Cache"] == "hit"
