"""Publications as PublicationSerializer shows them, formatted from publications/rows.py.

A profile embeds every publication of the person, 500 and more with 6,000 bylines:
model instances and DRF's per-field machinery cost seconds there. The same JSON
comes from the row reader, with each kind of address reversed once and filled in
per row. tests/api/test_api_rows.py holds it equal to the serializer.
"""

from operator import attrgetter

from django.conf import settings
from django.utils import timezone
from rest_framework import serializers

from core.addresses import AddressMaker
from publications import rows as reader
from publications.models import Publication

# The serializer's fields, in order (PublicationSerializer.Meta.fields is this list).
API_FIELDS = [
    "id",
    "api_url",
    "web_url",
    "title",
    "slug",
    "kind",
    "kind_label",
    "year",
    "date",
    "venue",
    "abstract",
    "language",
    "doi",
    "arxiv_id",
    "url",
    "pdf_url",
    "version_of",
    "authors",
    "topics",
    "created",
    "updated",
]


def _date_time_formatter():
    # DRF's own field, so that time zone and format follow the API's settings; the
    # zone is looked up once here rather than once per value (that cost 10 ms a profile).
    zone = timezone.get_current_timezone() if settings.USE_TZ else None
    return serializers.DateTimeField(default_timezone=zone).to_representation


def publication_rows(publications, *, request):
    """Return PublicationSerializer's data for `publications` (a queryset), in its order."""
    read = reader.read(publications, people=reader.API_PEOPLE, topics=True)
    api_url = AddressMaker(request, "api:publication-detail", 1)
    web_url = AddressMaker(request, "publications:detail", 2)
    person_url = AddressMaker(request, "api:person-detail", 1)
    topic_url = AddressMaker(request, "api:topic-detail", 1)
    kind_labels = dict(Publication.Kind.choices)
    date_time = _date_time_formatter()
    urls = {}  # co-authors recur across a person's publications

    def url_of(slug):
        return urls.get(slug) or urls.setdefault(slug, person_url(slug))

    computed = {
        "api_url": lambda row: api_url(row.id),
        "web_url": lambda row: web_url(row.id, row.slug or "publication"),
        "kind_label": lambda row: str(kind_labels.get(row.kind, row.kind)),
        "date": lambda row: row.date.isoformat() if row.date is not None else None,
        "version_of": lambda row: row.version_of_id,
        "authors": lambda row: [
            {
                "position": credit.position,
                "name": credit.name_as_printed,
                "person": credit.author.slug,
                "api_url": url_of(credit.author.slug),
                "has_profile": credit.author.has_profile,
            }
            for credit in read.bylines[row.id]
        ],
        "topics": lambda row: [
            {"slug": topic.slug, "name": topic.name, "api_url": topic_url(topic.slug)}
            for topic in read.topics.get(row.id, ())
        ],
        "created": lambda row: date_time(row.created) if row.created else None,
        "updated": lambda row: date_time(row.updated) if row.updated else None,
    }
    getters = [(name, computed.get(name) or attrgetter(name)) for name in API_FIELDS]
    return [{name: get(row) for name, get in getters} for row in read.rows]
