"""sitemap.xml and robots.txt: what search engines should find, and where the list is."""

import datetime
import functools
from collections.abc import Sequence
from html import escape

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import x_robots_tag
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import F, Max
from django.http import Http404, HttpResponse
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.http import http_date
from django.utils.timezone import template_localtime
from django.views.decorators.http import require_GET

from profiles.models import Person, Topic
from publications.models import Authorship, Publication
from publications.person_publications import year_url


class EveryLanguage(Sequence):
    """(item, language) for every item and language, read a slice at a time: Django's
    i18n sitemap makes the whole list first, every row of 200,000 for each file."""

    def __init__(self, items, languages):
        self.items, self.languages = items, languages

    @cached_property
    def _length(self):
        count = len(self.items) if isinstance(self.items, list) else self.items.count()
        return count * len(self.languages)

    def __len__(self):
        return self._length

    def __getitem__(self, index):
        whole = isinstance(index, slice)
        start, stop, _ = index.indices(len(self)) if whole else (index, index + 1, 1)
        per_item = len(self.languages)
        first = start // per_item
        rows = self.items[first : -(-stop // per_item)]
        pairs = [(item, code) for item in rows for code in self.languages]
        chosen = pairs[start - first * per_item : stop - first * per_item]
        return chosen if whole else chosen[0]


class LastModifiedSitemap(Sitemap):
    """Pages of 5,000 addresses under a sitemap index: one file of 200,000 publications
    took 4.3 s and 7.6 MB, and the protocol stops at 50,000 addresses a file. Each
    address is listed in every language, with the others and x-default as alternates."""

    limit = 5000
    i18n = True
    alternates = True
    x_default = True

    def _items(self):
        return EveryLanguage(self.items(), self._languages())

    def _location(self, item, force_lang_code=None):
        # Each address is asked for four times (itself and three alternates), and
        # reversed in each language: one reverse per item and language instead.
        obj, code = item
        code = force_lang_code or code
        seen = self.__dict__.setdefault("_locations", {})
        name = (obj["id"] if isinstance(obj, dict) and "id" in obj else id(obj), code)
        if name not in seen:
            seen[name] = super()._location(item, force_lang_code)
        return seen[name]

    def lastmod(self, item):
        return item.updated

    def get_latest_lastmod(self):
        # Django's default reads every item; the index wants only the newest.
        return self.items().aggregate(latest=Max("updated"))["latest"]


class PersonSitemap(LastModifiedSitemap):
    priority = 0.8

    def items(self):
        return Person.objects.with_profile().only("slug", "updated").order_by("id")


class PagesOfPeople:
    """What Django's sitemaps ask of a paginator (num_pages, page(n).object_list), with
    each page the year pages of PEOPLE_PER_PAGE profiles: paging the grouped bylines of
    every profile instead took 10 s a file at benchmark scale (issue 15)."""

    PEOPLE_PER_PAGE = 50  # at benchmark scale about 2,500 addresses and 1 MB a file

    def __init__(self, sitemap):
        self.sitemap = sitemap

    @cached_property
    def num_pages(self):
        return max(1, -(-Person.objects.with_profile().count() // self.PEOPLE_PER_PAGE))

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(number) from None
        if not 1 <= number <= self.num_pages:
            raise EmptyPage(number)
        first = (number - 1) * self.PEOPLE_PER_PAGE
        people = Person.objects.with_profile().order_by("id").values("id")
        rows = self.sitemap.items().filter(
            person_id__in=people[first : first + self.PEOPLE_PER_PAGE]
        )
        return _Page(EveryLanguage(list(rows), self.sitemap._languages()))


class _Page:
    def __init__(self, object_list):
        self.object_list = object_list


class PersonYearSitemap(LastModifiedSitemap):
    """The page of each year of each profile's publications: the profile lists the
    newest only."""

    priority = 0.5

    @cached_property
    def paginator(self):
        return PagesOfPeople(self)

    def get_latest_lastmod(self):
        # A year page changes with its publications: their newest change is a bound that
        # reads one table (the bylines of every profile took 0.6 s at benchmark scale).
        return Publication.objects.aggregate(latest=Max("updated"))["latest"]

    def items(self):
        shown = Authorship.objects.filter(person__has_profile=True, hidden=False)
        return (
            shown.values("person__slug", "publication__year")
            .annotate(updated=Max("publication__updated"))
            .order_by("person_id", F("publication__year").desc(nulls_last=True))
        )

    def location(self, item):
        return year_url(item["person__slug"], item["publication__year"])

    def lastmod(self, item):
        return item["updated"]


class PublicationSitemap(LastModifiedSitemap):
    def items(self):
        return Publication.objects.only("slug", "updated").order_by("id")

    def location(self, publication):
        # Publication.get_absolute_url without a reverse() for each of 2,500 a file.
        pattern = _detail_pattern(translation.get_language(), get_script_prefix())
        return pattern.format(pk=publication.pk, slug=publication.slug or "publication")


_PK, _SLUG = 987654321, "sitemap-slug-placeholder"


@functools.cache
def _detail_pattern(language, prefix):
    """A publication's address in `language`, with {pk} and {slug} to fill in."""
    address = reverse("publications:detail", args=[_PK, _SLUG])
    address = address.replace("{", "{{").replace("}", "}}")
    return address.replace(str(_PK), "{pk}", 1).replace(_SLUG, "{slug}", 1)


class TopicSitemap(LastModifiedSitemap):
    priority = 0.4

    def items(self):
        return Topic.objects.only("slug", "updated").order_by("id")


def _day(value):
    """A lastmod as the template's `|date:"Y-m-d"` writes it (in the current time zone)."""
    if isinstance(value, datetime.datetime):
        value = template_localtime(value)
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _url_xml(url):
    """One <url> as Django's sitemap.xml template writes it (spaceless, escaped as
    django.utils.html.escape does: html.escape, quotes included)."""
    parts = [f"<url><loc>{escape(url['location'])}</loc>"]
    if url["lastmod"]:
        parts.append(f"<lastmod>{_day(url['lastmod'])}</lastmod>")
    if url["changefreq"]:
        parts.append(f"<changefreq>{escape(str(url['changefreq']))}</changefreq>")
    if url["priority"]:
        parts.append(f"<priority>{escape(url['priority'])}</priority>")
    parts.extend(
        f'<xhtml:link rel="alternate" hreflang="{escape(alternate["lang_code"])}" '
        f'href="{escape(alternate["location"])}"/>'
        for alternate in url["alternates"]
    )
    parts.append("</url>")
    return "".join(parts)


URLSET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
    'sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


@x_robots_tag
def sitemap_section(request, section, sitemaps):
    """django.contrib.sitemaps.views.sitemap for one section, its XML written in Python:
    the template took 3.8 of 8.9 s (under cProfile) for 5,000 addresses (issue 15)."""
    if section not in sitemaps:
        raise Http404(f"No sitemap available for section: {section!r}")
    page = request.GET.get("p", 1)
    site = sitemaps[section]()
    try:
        urls = site.get_urls(page=page, site=get_current_site(request), protocol=request.scheme)
    except EmptyPage:
        raise Http404(f"Page {page} empty") from None
    except PageNotAnInteger:
        raise Http404(f"No page '{page}'") from None
    latest = getattr(site, "latest_lastmod", None)
    headers = {"Last-Modified": http_date(latest.timestamp())} if latest else None
    body = URLSET_HEAD + "".join(_url_xml(url) for url in urls) + "\n</urlset>\n"
    return HttpResponse(body, content_type="application/xml", headers=headers)


SITEMAPS = {
    "people": PersonSitemap,
    "publication-years": PersonYearSitemap,
    "publications": PublicationSitemap,
    "topics": TopicSitemap,
}


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", f"Disallow: /{settings.ADMIN_PATH}"]
    # Filtered exports have endless query strings; the pages link every work anyway.
    for code, _ in settings.LANGUAGES:
        with translation.override(code):
            lines.append(f"Disallow: {reverse('publications:list')}export.")
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
