"""Publications as exporter records (Works), read from prefetched rows only.

Views call `works_for` on a queryset; it adds the prefetches itself, so any
number of publications costs the same few queries.
"""

from functools import lru_cache
from itertools import groupby
from operator import itemgetter

from django.db.models import F, Prefetch
from django.db.models.functions import Lower

from profiles.models import Topic
from profiles.names import match_key, split_name
from publications.api_rows import AddressMaker
from publications.exporters.records import Name, Work, assign_keys, base_key
from publications.models import Authorship, Publication


def author_name(authorship):
    """The name as printed, split like the person's own name when it is the same name."""
    person = authorship.person
    return _name(
        authorship.name_as_printed,
        person.full_name,
        person.given_name,
        person.name_particle,
        person.family_name,
    )


@lru_cache(maxsize=32768)  # pure, and a co-author recurs on many papers and exports
def _name(printed, full_name, given, particle, family):
    printed = printed or full_name
    if printed == full_name or match_key(printed) == match_key(full_name):
        return Name(given, particle, family)
    return Name(*split_name(printed))


def citation_prefetches():
    """What a Work needs besides the publication: authors in byline order, topic names."""
    return [
        # Only the fields a Work reads: a list of 500 publications has 6,000 bylines,
        # and full Person rows made the export several times slower.
        Prefetch(
            "authorships",
            queryset=Authorship.objects.select_related("person").only(
                "publication_id",
                "position",
                "name_as_printed",
                "person__full_name",
                "person__given_name",
                "person__name_particle",
                "person__family_name",
            ),
        ),
        Prefetch("topics", queryset=Topic.objects.only("id", "name")),
    ]


def citation_queryset(queryset):
    """`queryset` with citation_prefetches().

    Earlier prefetches are dropped, so a view's own prefetch of the same lookups
    cannot clash with these.
    """
    return queryset.prefetch_related(None).prefetch_related(*citation_prefetches())


def works_for(publications, *, request=None):
    """Return a Work per publication, in order, with keys unique across them."""
    publications = list(publications)
    records = [
        {field: getattr(publication, field) for field in WORK_FIELDS}
        for publication in publications
    ]
    authors = [
        tuple(author_name(authorship) for authorship in publication.authorships.all())
        for publication in publications
    ]
    topics = [
        tuple(topic.name for topic in publication.topics.all()) for publication in publications
    ]
    return _works(records, authors, topics, request)


WORK_FIELDS = (
    "id",
    "slug",
    "kind",
    "title",
    "year",
    "date",
    "venue",
    "doi",
    "arxiv_id",
    "url",
    "pdf_url",
    "abstract",
)


def works_from_rows(publications, *, request=None):
    """works_for(publications), read as value rows in three queries.

    For long lists: model instances cost most of the time of a 500-entry export.
    `publications` is an unsliced queryset; its prefetches are not used.
    """
    records = list(publications.values(*WORK_FIELDS))
    ids = publications.order_by().values("id")
    bylines = (
        Authorship.objects.filter(publication_id__in=ids)
        .order_by("publication_id", F("position").asc(nulls_last=True), "id")
        .values_list(
            "publication_id",
            "name_as_printed",
            "person__full_name",
            "person__given_name",
            "person__name_particle",
            "person__family_name",
        )
    )
    authors = {
        publication_id: tuple(_name(*row[1:]) for row in rows)
        for publication_id, rows in groupby(bylines, key=itemgetter(0))
    }
    topic_rows = (
        Publication.topics.through.objects.filter(publication_id__in=ids)
        .order_by("publication_id", Lower("topic__name"))
        .values_list("publication_id", "topic__name")
    )
    topics = {
        publication_id: tuple(name for _, name in rows)
        for publication_id, rows in groupby(topic_rows, key=itemgetter(0))
    }
    return _works(
        records,
        [authors.get(record["id"], ()) for record in records],
        [topics.get(record["id"], ()) for record in records],
        request,
    )


def _works(records, authors, topics, request):
    keys = assign_keys(
        [
            (record["id"], base_key(names, record["year"], record["title"]))
            for record, names in zip(records, authors, strict=True)
        ]
    )
    page_url = AddressMaker(request, "publications:detail", 2) if request else None
    return [
        Work(
            key=key,
            kind=record["kind"],
            title=record["title"],
            authors=names,
            year=record["year"],
            date=record["date"],
            venue=record["venue"],
            doi=record["doi"],
            arxiv_id=record["arxiv_id"],
            url=record["url"],
            pdf_url=record["pdf_url"],
            abstract=record["abstract"],
            page_url=page_url(record["id"], record["slug"] or "publication") if page_url else "",
            topics=names_of_topics,
        )
        for record, names, names_of_topics, key in zip(records, authors, topics, keys, strict=True)
    ]
