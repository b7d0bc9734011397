"""Publications as exporter records (Works), read from prefetched rows only.

Views call `works_for` on a queryset; it adds the prefetches itself, so any
number of publications costs the same few queries.
"""

from django.db.models import Prefetch

from profiles.models import Topic
from profiles.names import match_key, split_name
from publications.exporters.records import Name, Work, assign_keys, base_key
from publications.models import Authorship


def author_name(authorship):
    """The name as printed, split like the person's own name when it is the same name."""
    person = authorship.person
    printed = authorship.printed_name
    if match_key(printed) == match_key(person.full_name):
        return Name(person.given_name, person.name_particle, person.family_name)
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
    authors = [
        tuple(author_name(authorship) for authorship in publication.authorships.all())
        for publication in publications
    ]
    keys = assign_keys(
        [
            (publication.pk, base_key(names, publication.year, publication.title))
            for publication, names in zip(publications, authors, strict=True)
        ]
    )
    return [
        Work(
            key=key,
            kind=publication.kind,
            title=publication.title,
            authors=names,
            year=publication.year,
            date=publication.date,
            venue=publication.venue,
            doi=publication.doi,
            arxiv_id=publication.arxiv_id,
            url=publication.url,
            pdf_url=publication.pdf_url,
            abstract=publication.abstract,
            page_url=request.build_absolute_uri(publication.get_absolute_url()) if request else "",
            topics=tuple(topic.name for topic in publication.topics.all()),
        )
        for publication, names, key in zip(publications, authors, keys, strict=True)
    ]
