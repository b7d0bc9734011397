"""sitemap.xml and robots.txt: what search engines should find, and where the list is."""

from collections.abc import Sequence

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import F, Max
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
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
        return self.items.count() * len(self.languages)

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

    def lastmod(self, item):
        return item.updated

    def get_latest_lastmod(self):
        # Django's default reads every item; the index wants only the newest.
        return self.items().aggregate(latest=Max("updated"))["latest"]


class PersonSitemap(LastModifiedSitemap):
    priority = 0.8

    def items(self):
        return Person.objects.with_profile().only("slug", "updated").order_by("id")


class PersonYearSitemap(LastModifiedSitemap):
    """The page of each year of each profile's publications: the profile lists the
    newest only."""

    priority = 0.5

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


class TopicSitemap(LastModifiedSitemap):
    priority = 0.4

    def items(self):
        return Topic.objects.only("slug", "updated").order_by("id")


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
