"""Every cache of the site, in one place. Each layer, outermost first:

1. Conditional GET. Django's ConditionalGetMiddleware gives any page an ETag from its
   body and answers a 304 when the visitor already has it; the API does the same per
   answer (core.api.conventions), and its ETags are what If-Match checks on writes.
2. The page cache (ConditionalContentMiddleware below, PAGE_CACHE). Whole answers to
   anonymous GET and HEAD requests, keyed on the content version, release, language,
   host, path and Accept header; that key is also the answer's ETag, so a repeat costs one
   one-row query.
3. Fragments (`versioned`, `kept_page`; FRAGMENT_CACHE). The costly part of an answer
   (a profile's written-out publication list and pictures, a page of a list, a
   publication's page, topic counts and pictures, the collaboration network with its
   layout), kept under the content version also when the page cache is skipped.
4. Per-entry caches (`memoised`). A pure function of some data under a hash of the
   data, such as a formatted reference; and, inside one process, functools.lru_cache
   on pure text functions (name splitting, citation keys, BibTeX entries).

The content version is one number that database triggers bump on every write to the
content tables (publications/migrations/0004_content_version.py), so an entry of
layers 2 and 3 is never stale and nothing needs deleting; unused entries expire.
Every key is made by `key()`, which starts with the release id (a deploy that changes
code or markup never serves what the one before it kept) and the active language (a
French visit never gets what an English one kept, and the reverse). A cache that is down costs
speed, not answers: django-redis is told to answer its errors as misses (settings'
DJANGO_REDIS_IGNORE_EXCEPTIONS), and /healthz reports it (cache_is_up). PostgreSQL
only for layers 2 and 3 (SQLite has no version).
"""

import functools
import hashlib
import json
import time

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import translation
from django.utils.http import parse_etags

MAX_CACHED_BYTES = 2 * 1024 * 1024
DAY = 24 * 60 * 60
# What the release id is made from when RELEASE_ID is not set; a new translation is a
# new release too, or pages kept in that language would keep the old wording.
_RELEASE_FILES = ("*.py", "*.html", "*.css", "*.js", "*.txt", "*.po")
_RELEASE_FOLDERS = ("config", "core", "profiles", "publications", "templates", "static", "locale")


@functools.cache
def release_id():
    """RELEASE_ID, or a hash of the code and templates: equal in every process of a deploy."""
    if settings.RELEASE_ID:
        return settings.RELEASE_ID
    digest = hashlib.blake2b(digest_size=6)
    for folder in _RELEASE_FOLDERS:
        root = settings.BASE_DIR / folder
        paths = sorted(path for pattern in _RELEASE_FILES for path in root.rglob(pattern))
        for path in paths:
            digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def key(layer, *parts):
    """The cache key of one entry of `layer`: the release id first, then the active
    language (what is kept for one language is never served to another), then its parts."""
    return ":".join([release_id(), current_language(), layer, *map(str, parts)])


def current_language():
    # None after deactivate_all() (some management commands): the default language.
    return translation.get_language() or settings.LANGUAGE_CODE


def _digest(text, size):
    return hashlib.blake2b(text.encode(), digest_size=size).hexdigest()


# The content version


def content_version():
    if connection.vendor != "postgresql":
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT version FROM rd_content_version")
            row = cursor.fetchone()
    except DatabaseError:
        return None  # the migration has not run yet
    return row[0] if row else None


def request_content_version(request):
    """content_version(), read once per request: the middleware may have read it already."""
    if not hasattr(request, "content_version"):
        request.content_version = content_version()
    return request.content_version


# Layer 2: the page cache


class ConditionalContentMiddleware:
    """ETags and whole answers for anonymous reads, keyed on the content version.

    Only anonymous GET and HEAD requests take part (no session cookie, no Authorization
    header), and only 200 answers that set no cookie (so no CSRF token or session is
    ever shared). A request with `Cache-Control: no-cache` skips the stored bytes, as
    HTTP asks. Elsewhere, and with PAGE_CACHE off, requests pass through.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (settings.PAGE_CACHE and self.is_public_read(request)):
            return self.get_response(request)
        version = request_content_version(request)
        if version is None:
            return self.get_response(request)
        etag = self.etag(request, version)
        if etag in parse_etags(request.headers.get("If-None-Match", "")):
            response = HttpResponseNotModified()
            response["ETag"] = etag
            return response
        page_key = key("page", etag)
        fresh = "no-cache" in request.headers.get("Cache-Control", "")
        stored = None if fresh else cache.get(page_key)
        if stored is not None:
            content, headers = stored
            return HttpResponse(content, headers=headers)
        response = self.get_response(request)
        if self.is_shareable(response):
            # An API answer keeps its own ETag (a hash of its body), which If-Match checks.
            response.headers.setdefault("ETag", etag)
            response.headers.setdefault("Cache-Control", "no-cache")
            if len(response.content) <= MAX_CACHED_BYTES:
                headers = {k: v for k, v in response.items() if k.lower() != "content-length"}
                cache.set(page_key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
        return response

    @staticmethod
    def is_public_read(request):
        excluded = (f"/{settings.ADMIN_PATH}", "/healthz", f"/{settings.STATIC_URL}")
        return (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "Authorization" not in request.headers
            and not request.path.startswith(excluded)
        )

    @staticmethod
    def etag(request, version):
        # The host too: an answer's links are absolute addresses on it. The language
        # in the tag itself: the API answers either language at one address.
        asked = f"{request.get_host()}\n{request.get_full_path()}\n"
        asked += request.headers.get("Accept", "")
        return f'W/"v{version}-{release_id()}-{current_language()}-{_digest(asked, 12)}"'

    @staticmethod
    def is_shareable(response):
        control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in control
            and "no-store" not in control
        )


# Layer 3: fragments


def versioned(request, name, compute):
    """compute(), or what it returned for `name` since the content last changed.

    Off (compute() every time) with FRAGMENT_CACHE off, and where there is no content
    version (SQLite). `name` must name everything else the result depends on.
    """
    version = request_content_version(request) if settings.FRAGMENT_CACHE else None
    if version is None:
        return compute()
    return _get_or_compute(key("fragment", version, name), compute, settings.PAGE_CACHE_SECONDS)


def kept_page(request, namespace, asked, per_page, write):
    """(a Paginator page, its items) of a list kept under what was `asked` for.

    write() returns (how many match, the page number shown, that page's items); it
    runs once per content version and `asked`, whose repr names the list and page.
    """
    # Hashed: a search can be any text of any length.
    found, number, items = versioned(request, f"{namespace}:{_digest(repr(asked), 16)}", write)
    # The page of the kept count: a range slices like the list it stands for.
    return Paginator(range(found), per_page).page(number), items


# Layer 4: per-entry caches


def memoised(namespace, data, compute, timeout=DAY):
    """compute(data), or the result an earlier call with equal data stored."""
    digest = _digest(json.dumps(data, sort_keys=True, default=str), 20)
    return _get_or_compute(key("memo", namespace, digest), lambda: compute(data), timeout)


def _get_or_compute(entry_key, compute, timeout):
    stored = cache.get(entry_key)
    if stored is not None:
        return stored
    result = compute()
    cache.set(entry_key, result, timeout)
    return result


# Health


def cache_is_up():
    """Whether the cache stores and returns a value; a Redis that is down answers
    every call as a miss (DJANGO_REDIS_IGNORE_EXCEPTIONS), so only a round trip tells."""
    probe = key("health", _digest(str(time.monotonic_ns()), 8))
    cache.set(probe, True, 5)
    up = cache.get(probe) is True
    cache.delete(probe)
    return up
