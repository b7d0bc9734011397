"""Publications as PublicationSerializer shows them, built from value rows.

A profile embeds every publication of the person, 500 and more with 6,000 bylines:
model instances and DRF's per-field machinery cost seconds there. The same JSON
comes from three value queries, with each kind of address reversed once and
filled in per row. tests/test_api_rows.py holds it equal to the serializer.
"""

import re
from itertools import groupby
from operator import itemgetter

from django.conf import settings
from django.db.models import F
from django.db.models.functions import Lower
from django.urls import reverse as page_reverse
from django.utils import timezone
from rest_framework import serializers
from rest_framework.reverse import reverse

from publications.models import Authorship, Publication

# Path arguments that reverse() writes unchanged; anything else takes the slow path.
_PLAIN_ARGUMENT = re.compile(r"[-a-zA-Z0-9_]+")
_PLACEHOLDERS = ("7357735773", "plc-hldr-b")  # digits for <int:…>, a slug for <slug:…>


class AddressMaker:
    """The address of one URL pattern for any arguments: reversed once, then filled in.

    Absolute for the host of `request`; a path when `request` is None.
    """

    def __init__(self, request, view_name, arity):
        self.request, self.view_name = request, view_name
        placeholders = _PLACEHOLDERS[:arity]
        address = self._reverse(*placeholders)
        self.template = address.replace("{", "{{").replace("}", "}}")
        for index, placeholder in enumerate(placeholders):
            self.template = self.template.replace(placeholder, f"{{{index}}}")
        if any(address.count(placeholder) != 1 for placeholder in placeholders):
            raise ValueError(f"No address template for {view_name}: {address}")

    def _reverse(self, *args):
        if self.view_name.startswith("api:"):
            return reverse(self.view_name, args=args, request=self.request)
        # DRF's reverse keeps the request's ?format=, which belongs to API addresses only.
        path = page_reverse(self.view_name, args=args)
        return self.request.build_absolute_uri(path) if self.request else path

    def __call__(self, *args):
        for arg in args:
            if type(arg) is not int and not _PLAIN_ARGUMENT.fullmatch(arg):
                return self._reverse(*args)
        return self.template.format(*args)


def _date_time_formatter():
    # DRF's own field, so that time zone and format follow the API's settings; the
    # zone is looked up once here rather than once per value (that cost 10 ms a profile).
    zone = timezone.get_current_timezone() if settings.USE_TZ else None
    return serializers.DateTimeField(default_timezone=zone).to_representation


def publication_rows(publications, *, request):
    """Return PublicationSerializer's data for `publications` (a queryset), in its order."""
    rows = list(
        publications.values(
            "id",
            "title",
            "slug",
            "kind",
            "year",
            "date",
            "venue",
            "abstract",
            "doi",
            "arxiv_id",
            "url",
            "pdf_url",
            "version_of_id",
            "created",
            "updated",
        )
    )
    # A subquery rather than a list of ids: 500 parameters cost more to send than to join.
    if publications.query.is_sliced:
        ids = [row["id"] for row in rows]
    else:
        ids = publications.order_by().values("id")
    authors = _authors_by_publication(ids, request)
    topics = _topics_by_publication(ids, request)
    api_url = AddressMaker(request, "api:publication-detail", 1)
    web_url = AddressMaker(request, "publications:detail", 2)
    kind_labels = dict(Publication.Kind.choices)
    date_time = _date_time_formatter()
    return [
        {
            "id": row["id"],
            "api_url": api_url(row["id"]),
            "web_url": web_url(row["id"], row["slug"] or "publication"),
            "title": row["title"],
            "slug": row["slug"],
            "kind": row["kind"],
            "kind_label": str(kind_labels.get(row["kind"], row["kind"])),
            "year": row["year"],
            "date": row["date"].isoformat() if row["date"] is not None else None,
            "venue": row["venue"],
            "abstract": row["abstract"],
            "doi": row["doi"],
            "arxiv_id": row["arxiv_id"],
            "url": row["url"],
            "pdf_url": row["pdf_url"],
            "version_of": row["version_of_id"],
            "authors": authors.get(row["id"], []),
            "topics": topics.get(row["id"], []),
            "created": date_time(row["created"]) if row["created"] else None,
            "updated": date_time(row["updated"]) if row["updated"] else None,
        }
        for row in rows
    ]


def _authors_by_publication(ids, request):
    """{publication id: its byline as AuthorSerializer shows it}, in byline order."""
    person_url = AddressMaker(request, "api:person-detail", 1)
    rows = (
        Authorship.objects.filter(publication_id__in=ids)
        .order_by("publication_id", F("position").asc(nulls_last=True), "id")
        .values_list(
            "publication_id", "position", "name_as_printed", "person__slug", "person__has_profile"
        )
    )
    urls = {}  # co-authors recur across a person's publications
    return {
        publication_id: [
            {
                "position": position,
                "name": name,
                "person": slug,
                "api_url": urls.get(slug) or urls.setdefault(slug, person_url(slug)),
                "has_profile": has_profile,
            }
            for _, position, name, slug, has_profile in byline
        ]
        for publication_id, byline in groupby(rows, key=itemgetter(0))
    }


def _topics_by_publication(ids, request):
    """{publication id: its topics as TopicRefSerializer shows them}, by name."""
    topic_url = AddressMaker(request, "api:topic-detail", 1)
    rows = (
        Publication.topics.through.objects.filter(publication_id__in=ids)
        .order_by("publication_id", Lower("topic__name"))
        .values_list("publication_id", "topic__slug", "topic__name")
    )
    return {
        publication_id: [
            {"slug": slug, "name": name, "api_url": topic_url(slug)} for _, slug, name in topics
        ]
        for publication_id, topics in groupby(rows, key=itemgetter(0))
    }
