"""Redis gone: every answer is still given, uncached, and /healthz says the cache is down."""

import pytest
from django.urls import reverse

from tests.factories import make_person, make_publication

pytestmark = pytest.mark.django_db

# django-redis against a port nothing listens on: every cache call is refused.
CLOSED_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
    }
}


@pytest.fixture
def redis_down(settings):
    settings.CACHES = CLOSED_REDIS
    settings.PAGE_CACHE = True
    settings.FRAGMENT_CACHE = True
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100/minute"},
    }


def test_pages_and_api_reads_answer_uncached_when_redis_is_down(client, redis_down):
    ada = make_person("Ada Lovelace", has_profile=True)
    publication = make_publication("Notes on the engine", authors=[ada], year=1843)

    assert client.get(reverse("profiles:directory")).status_code == 200
    for url in [
        reverse("publications:list"),
        reverse("publications:list") + "?year=1843",
        publication.get_absolute_url(),
        ada.get_absolute_url(),
        "/api/publications/",
        f"/api/people/{ada.slug}/publications/?format=bibtex",
    ]:
        for _ in range(2):  # the second would come from the cache
            response = client.get(url)
            assert response.status_code == 200, url
            assert b"Notes on the engine" in response.content, url


def test_health_reports_a_cache_that_is_down_and_stays_200(client, redis_down):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "up", "cache": "down"}


def test_health_reports_a_cache_that_answers(client):
    response = client.get("/healthz")

    assert response.json() == {"status": "ok", "database": "up", "cache": "up"}
