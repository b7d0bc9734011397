"""Every cache of the site, in one place. Each layer, outermost first:

1. Conditional GET. Django's ConditionalGetMiddleware gives any page an ETag from its
   body and answers a 304 when the visitor already has it; the API does the same per
   answer (core.api.conventions), and its ETags are what If-Match checks on writes.
2. The page cache (ConditionalContentMiddleware below, PAGE_CACHE). Whole answers to
   anonymous GET and HEAD requests, keyed on the content versions of what they show,
   release, language, host, path and Accept header; that key is also the answer's
   ETag, so a repeat costs one small query.
3. Fragments (`versioned`, `kept_page`; FRAGMENT_CACHE). The costly part of an answer
   (a profile's written-out publication list and pictures, a page of a list, a
   publication's page, topic counts and pictures, the collaboration network with its
   layout), kept under the content versions of what they show also when the page
   cache is skipped.
4. Per-entry caches (`memoised`). A pure function of some data under a hash of the
   data, such as a formatted reference; and, inside one process, functools.lru_cache
   on pure text functions (name splitting, citation keys, BibTeX entries).

Content versions are per scope: one person (their profile, its API answer, year pages,
exports), one topic, and the broad `lists` that every write changes (lists, searches,
the directory, the network, any answer not scoped). Database triggers note the scopes
each write touches (publications/migrations/0014_scoped_content_versions.py), so an
entry of layers 2 and 3 is never stale, a write leaves kept answers about unrelated
people warm, and nothing needs deleting; unused entries expire. Noting is an insert,
so writes never wait on each other; compact_after_commit() folds the notes into the
counts after commit. Which scope a page shows is named by the apps (scope_pages()).
Every key is made by `key()`, which starts with the release id (a deploy that changes
code or markup never serves what the one before it kept) and the active language (a
French visit never gets what an English one kept, and the reverse). A cache that is down costs
speed, not answers: django-redis is told to answer its errors as misses (settings'
DJANGO_REDIS_IGNORE_EXCEPTIONS), and /healthz reports it (cache_is_up). PostgreSQL
only for layers 2 and 3 (SQLite has no versions).
"""

import functools
import hashlib
import json
import time

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    ProgrammingError,
    connection,
    connections,
    transaction,
)
from django.http import HttpResponse, HttpResponseNotModified, QueryDict
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.http import parse_etags
from rest_framework.throttling import BaseThrottle

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


# Content versions, per scope

# Every write notes `lists`; `names` when someone with a profile is renamed or
# removed; `all` on a TRUNCATE, which every key includes.
LISTS = ("lists",)
BROAD_SCOPES = ("all", "lists", "names")
PAGE_SCOPES = object()
_VERSIONS = """
    WITH asked(scope) AS ({asked})
    SELECT asked.scope, coalesce(kept.version, 0)
        + (SELECT count(*) FROM rd_scope_change noted WHERE noted.scope = asked.scope)
    FROM asked LEFT JOIN rd_scope_version kept ON kept.scope = asked.scope
"""
# view name: (scope kind, model, URL argument and column), from scope_pages().
_SCOPED_PAGES = {}


def person_scope(pk):
    """The scope of what shows one person: their profile, its API answer, year pages
    and exports (publications/migrations/0014_scoped_content_versions.py)."""
    return f"person:{pk}"


def topic_scope(pk):
    return f"topic:{pk}"


def scope_pages(view_names, kind, model, field="slug", also=()):
    """Keep the anonymous answers of `view_names` under the `kind` scope of the `model`
    row whose `field` is the URL argument of that name, and the `also` scopes; every
    other answer is kept under `lists`."""
    for view_name in view_names:
        _SCOPED_PAGES[view_name] = (kind, model, field, tuple(also))


def versions(request, scopes=LISTS):
    """'scope=version,…' of `scopes` (and `all`) as of this request, or None where there
    are no versions (SQLite). Read once per request: the first read brings the broad
    scopes along, so most answers need one query in all."""
    asked = ("all", *scopes)
    known = _known_versions(request)
    if known is None:
        return None
    missing = [scope for scope in asked if scope not in known]
    if missing and _read_versions(request, [*BROAD_SCOPES, *missing]) is None:
        return None
    return ",".join(f"{scope}={request.scope_versions[scope]}" for scope in asked)


def page_versions(request):
    """versions() of what the answer to `request` shows: its person or topic and the
    scopes scope_pages() named for its view, else `lists`."""
    scopes = page_scopes(request)
    return None if scopes is None else versions(request, scopes)


def page_scopes(request):
    """The scopes of what the answer to `request` shows (see page_versions()), found
    with the first read of the versions; None where there are none (SQLite)."""
    if hasattr(request, "page_scopes"):
        return request.page_scopes
    if _known_versions(request) is None:
        return None
    scoped = _scoped_page(request)
    if scoped is None:
        request.page_scopes = LISTS
        return LISTS
    (kind, model, field, also), value = scoped
    lookup = (f"{kind}:", model._meta.db_table, model._meta.get_field(field).column, value)
    found = _read_versions(request, [*BROAD_SCOPES, *also], lookup)
    if found is None:
        return None
    # No such row: that answer is a redirect or a 404, never kept; `lists` all the same.
    request.page_scopes = (found, *also) if found else LISTS
    return request.page_scopes


def _scoped_page(request):
    return _scoped_path(request.path_info, current_language())


# Resolving a path costs a tenth of a millisecond, as much as a cheap page's own work,
# and Django resolves it again for the view. The language is in the key: /fr/… only
# resolves while French is active.
@functools.lru_cache(maxsize=4096)
def _scoped_path(path, language):
    try:
        match = resolve(path)
    except Resolver404:
        return None
    scoped = _SCOPED_PAGES.get(match.view_name)
    if scoped is None or scoped[2] not in match.kwargs:
        return None
    return scoped, match.kwargs[scoped[2]]


def _known_versions(request):
    if not hasattr(request, "scope_versions"):
        request.scope_versions = {} if connection.vendor == "postgresql" else None
    return request.scope_versions


def _read_versions(request, scopes, lookup=None):
    """Add the versions of `scopes` (and of the scope `lookup` finds) to the request's;
    the scope found ("" if none), or None without versions (the migration has not run)."""
    asked, params = "SELECT unnest(%s::text[])", [list(dict.fromkeys(scopes))]
    if lookup:
        prefix, table, column, value = lookup
        asked += f" UNION SELECT %s || id FROM {table} WHERE {column} = %s"
        params += [prefix, value]
    try:
        with connection.cursor() as cursor:
            cursor.execute(_VERSIONS.format(asked=asked), params)
            read = dict(cursor.fetchall())
    except DatabaseError:
        request.scope_versions = None
        return None
    request.scope_versions.update(read)
    found = [scope for scope in read if lookup and scope.startswith(lookup[0])]
    return found[0] if found else ""


# One per database: registered once per transaction, known by identity.
_compactors = {}


def compact_after_commit(using=DEFAULT_DB_ALIAS, **signal):
    """After the transaction of a write commits, move the scope changes it noted into
    the counts, in a short transaction of its own: the log stays short, so reading a
    version stays one small query. Once per transaction; writes outside Django leave
    their rows to the next write here, and are counted all the same meanwhile."""
    writer = connections[using]
    if writer.vendor != "postgresql":
        return
    compact = _compactors.get(using)
    if compact is None:

        def compact():
            try:
                with connections[using].cursor() as cursor:
                    cursor.execute("SELECT rd_compact_scope_changes()")
            except ProgrammingError:
                pass  # its migration has not run yet: there is nothing to fold

        compact = _compactors[using] = compact
    if any(entry[1] is compact for entry in writer.run_on_commit):
        return
    transaction.on_commit(compact, using=using, robust=True)


# Layer 2: the page cache


class ConditionalContentMiddleware:
    """ETags and whole answers for anonymous reads, keyed on the content versions.

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
        version = page_versions(request)
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
            return HttpResponse(content, headers={**headers, "X-Cache": "hit"})
        request.GET = ReadParameters(request.GET.urlencode())
        response = self.get_response(request)
        # A parameter the page never read (junk) would make a new entry per value.
        known = set(request.GET) <= request.GET.read
        if self.is_shareable(response):
            # An API answer keeps its own ETag (a hash of its body), which If-Match checks.
            response.headers.setdefault("ETag", etag)
            response.headers.setdefault("Cache-Control", "no-cache")
            size = len(response.content)
            if known and size <= MAX_CACHED_BYTES and within_client_budget(request, size):
                headers = {k: v for k, v in response.items() if k.lower() != "content-length"}
                cache.set(page_key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
            # Whether the page cache answered: what `make bench` counts its hit rate by.
            response["X-Cache"] = "miss"
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
        # Parameters in a fixed order: a reordered query is the same entry.
        query = sorted(request.GET.lists())
        asked = f"{request.get_host()}\n{request.path}\n{query!r}\n"
        asked += request.headers.get("Accept", "")
        scoped = _digest(version, 6)
        return f'W/"v{scoped}-{release_id()}-{current_language()}-{_digest(asked, 12)}"'

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


class ReadParameters(QueryDict):
    """request.GET noting the names the view read, so that an answer to a query with
    parameters the page ignores is not kept under an address of its own."""

    def __init__(self, query, **options):
        self.read = set()  # before the parent fills itself through these methods
        super().__init__(query, **options)
        self.read.clear()

    def __deepcopy__(self, memo):
        # A copy (to build links) is not a read: a plain, mutable QueryDict.
        return QueryDict(self.urlencode(), mutable=True)

    def __getitem__(self, name):
        self.read.add(name)
        return super().__getitem__(name)

    def get(self, name, default=None):
        self.read.add(name)
        return super().get(name, default)

    def getlist(self, name, default=None):
        self.read.add(name)
        return super().getlist(name, default)

    def __contains__(self, name):
        self.read.add(name)
        return super().__contains__(name)


def within_client_budget(request, size):
    """Whether one more kept answer of `size` bytes fits the asking client's budget:
    a client asking for ever new addresses (junk parameters, deep pages) fills at most
    PAGE_CACHE_CLIENT_BYTES each PAGE_CACHE_SECONDS, and is then answered uncached."""
    budget = key("page-budget", BaseThrottle().get_ident(request))
    cache.add(budget, 0, settings.PAGE_CACHE_SECONDS)
    try:
        used = cache.incr(budget, size)
    except ValueError:  # expired between the two calls
        return False
    return used is not None and used <= settings.PAGE_CACHE_CLIENT_BYTES  # None: cache down


# Layer 3: fragments


def versioned(request, name, compute, scopes=LISTS, timeout=None):
    """compute(), or what it returned for `name` since the content of `scopes` last
    changed (by default `lists`, which every write changes; PAGE_SCOPES: those of
    the page asked for, see page_scopes()).

    Off (compute() every time) with FRAGMENT_CACHE off, and where there are no content
    versions (SQLite). `name` must name everything else the result depends on. Kept
    `timeout` seconds, PAGE_CACHE_SECONDS unless given.
    """
    if not settings.FRAGMENT_CACHE:
        return compute()
    if scopes is PAGE_SCOPES:
        scopes = page_scopes(request) or LISTS
    version = versions(request, scopes)
    if version is None:
        return compute()
    entry_key = key("fragment", version, name)
    return _get_or_compute(entry_key, compute, timeout or settings.PAGE_CACHE_SECONDS)


def kept_page(request, namespace, asked, per_page, write, scopes=LISTS):
    """(a Paginator page, its items) of a list kept under what was `asked` for.

    write() returns (how many match, the page number shown, that page's items); it
    runs once per version of `scopes` and `asked`, whose repr names the list and page.
    """
    # Hashed: a search can be any text of any length.
    name = f"{namespace}:{_digest(repr(asked), 16)}"
    found, number, items = versioned(request, name, write, scopes)
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
