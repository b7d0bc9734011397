"""What one anonymous client can fill in the page cache is bounded, on a real Redis:
a client asking for ever new addresses is answered, but no longer kept."""

import pytest
from django.test import Client

from tests.factories import make_person, make_publication

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def junk_requests(client, url, count, address="198.51.100.7"):
    return [client.get(f"{url}?q=junk{n}", REMOTE_ADDR=address)["X-Cache"] for n in range(count)]


def test_one_client_fills_at_most_its_budget_then_is_answered_uncached(redis_page_cache):
    make_publication("Engines", authors=[make_person("Ada Lovelace")])
    # Ever new searches: a parameter the directory reads, so each is an entry of its own.
    url = "/en/"
    client = Client()
    size = len(client.get(f"{url}?q=junkS", REMOTE_ADDR="192.0.2.1").content)
    redis_page_cache.PAGE_CACHE_CLIENT_BYTES = size * 3
    first = junk_requests(client, url, 6)
    # All six are misses (new addresses); only the first three were kept.
    assert first == ["miss"] * 6
    again = junk_requests(client, url, 6)
    assert again == ["hit"] * 3 + ["miss"] * 3
    # Another client has its own budget.
    other = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get(f"{url}?q=junkO", **other)["X-Cache"] == "miss"
    assert client.get(f"{url}?q=junkO", **other)["X-Cache"] == "hit"


def test_a_forwarded_address_does_not_buy_a_new_budget(redis_page_cache):
    make_publication("Engines", authors=[make_person("Ada Lovelace")])
    # Ever new searches: a parameter the directory reads, so each is an entry of its own.
    url = "/en/"
    client = Client()
    redis_page_cache.PAGE_CACHE_CLIENT_BYTES = 1
    for n in range(3):
        client.get(
            f"{url}?q=junk{n}", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}"
        )
    answers = [
        client.get(f"{url}?q=junk{n}", REMOTE_ADDR="198.51.100.7")["X-Cache"] for n in range(3)
    ]
    assert answers == ["miss"] * 3
