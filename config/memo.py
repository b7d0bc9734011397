"""Costly results kept in the shared cache under keys that change with what they show.

memoised: a pure function of some data, under a hash of the data. versioned: anything
made from the content tables, under the content version, which every write to them
changes (config/conditional.py). Either way an entry is never stale and nothing needs
deleting; unused entries expire. A cache that is down costs speed, not answers.
"""

import hashlib
import json
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator

from config.conditional import request_content_version

logger = logging.getLogger(__name__)

DAY = 24 * 60 * 60


def memoised(namespace, data, compute, timeout=DAY):
    """compute(data), or the result an earlier call with equal data stored."""
    digest = hashlib.blake2b(
        json.dumps(data, sort_keys=True, default=str).encode(), digest_size=20
    ).hexdigest()
    return _get_or_compute(f"memo:{namespace}:{digest}", lambda: compute(data), timeout)


def versioned(request, key, compute):
    """compute(), or what it returned for `key` since the content last changed.

    Off (compute() every time) with FRAGMENT_CACHE off, and where there is no content
    version (SQLite). The key must name everything else the result depends on.
    """
    version = request_content_version(request) if settings.FRAGMENT_CACHE else None
    if version is None:
        return compute()
    return _get_or_compute(f"v{version}:{key}", compute, settings.PAGE_CACHE_SECONDS)


def kept_page(request, namespace, asked, per_page, write):
    """(a Paginator page, its items) of a list kept under what was `asked` for.

    write() returns (how many match, the page number shown, that page's items); it
    runs once per content version and `asked`, whose repr names the list and page.
    """
    # Hashed: a search can be any text of any length.
    digest = hashlib.blake2b(repr(asked).encode(), digest_size=16).hexdigest()
    found, number, items = versioned(request, f"{namespace}:{digest}", write)
    # The page of the kept count: a range slices like the list it stands for.
    return Paginator(range(found), per_page).page(number), items


def _get_or_compute(key, compute, timeout):
    try:
        stored = cache.get(key)
    except Exception:  # any cache backend's connection error
        logger.warning("cache unavailable for %s", key, exc_info=True)
        return compute()
    if stored is not None:
        return stored
    result = compute()
    try:
        cache.set(key, result, timeout)
    except Exception:
        logger.warning("cache unavailable for %s", key, exc_info=True)
    return result
