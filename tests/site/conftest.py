import uuid

import pytest
from django.core.cache import cache


@pytest.fixture
def redis_page_cache(settings):
    """The page cache on a real Redis, under a key prefix of this test's own."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/9",
            "KEY_PREFIX": f"page-cache-{uuid.uuid4().hex}",
        }
    }
    settings.PAGE_CACHE = True
    yield settings
    cache.clear()
