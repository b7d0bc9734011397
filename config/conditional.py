"""Conditional GET and a page cache for anonymous reads, keyed on the content version.

A trigger bumps one database-wide version number on every write to the content tables
(publications/migrations/0004_content_version.py). Every public answer is made from
those tables, so version + URL + Accept identify it: that is the ETag, and the key of
a cache of whole responses. A repeated request costs one one-row query: a 304 when the
client sends the ETag back, the stored bytes otherwise. A write changes the version,
so no stale answer is ever served and nothing needs to be deleted.

Only anonymous GET and HEAD requests take part (no session cookie, no Authorization
header), and only 200 answers that set no cookie (so no CSRF token or session is
ever shared). A request with `Cache-Control: no-cache` skips the stored bytes, as HTTP
asks. PostgreSQL only; elsewhere, and with PAGE_CACHE off, requests pass through.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import parse_etags

MAX_CACHED_BYTES = 2 * 1024 * 1024


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


class ConditionalContentMiddleware:
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
        key = f"page:{etag}"
        fresh = "no-cache" in request.headers.get("Cache-Control", "")
        stored = None if fresh else cache.get(key)
        if stored is not None:
            content, headers = stored
            return HttpResponse(content, headers=headers)
        response = self.get_response(request)
        if self.is_shareable(response):
            response["ETag"] = etag
            response.headers.setdefault("Cache-Control", "no-cache")
            if len(response.content) <= MAX_CACHED_BYTES:
                headers = {k: v for k, v in response.items() if k.lower() != "content-length"}
                cache.set(key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
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
        accept = request.headers.get("Accept", "")
        digest = hashlib.blake2b(
            f"{request.get_full_path()}\n{accept}".encode(), digest_size=12
        ).hexdigest()
        return f'W/"v{version}-{digest}"'

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
