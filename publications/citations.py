"""Publications as exporter records (Works), formatted from publications/rows.py.

`works_from_rows` reads a queryset in four queries, whatever its length, and refuses
one longer than EXPORT_LIMIT; `works_for` formats Publications whose authors and
topics are prefetched.
"""

from functools import lru_cache

from django.db.models import Prefetch
from django.utils.formats import number_format
from django.utils.translation import gettext

from core.addresses import AddressMaker
from profiles.models import Topic
from profiles.names import match_key, split_name
from publications import rows as reader
from publications.exporters.records import Name, Work, assign_keys, base_key
from publications.models import Authorship

# What a byline's person gives a citation's name, after the name as printed.
NAMES = ("full_name", "given_name", "name_particle", "family_name")

# The most entries one export writes, in every format and from every address: the
# whole list of 200,000 made a 311 MB file over minutes and a worker of 1.1 GB.
EXPORT_LIMIT = 5000


class TooManyToExport(Exception):
    """A list longer than EXPORT_LIMIT was asked for; `found` is its length."""

    def __init__(self, found):
        self.found = found
        super().__init__(self.describe())

    def describe(self, narrow=None):
        if narrow is None:
            narrow = gettext("Narrow it with a search, a year, a kind, a topic or an author.")
        counts = {
            "found": number_format(self.found, force_grouping=True),
            "most": number_format(EXPORT_LIMIT, force_grouping=True),
        }
        text = gettext("This list holds %(found)s publications; an export holds at most %(most)s.")
        return f"{text % counts} {narrow}"


@lru_cache(maxsize=32768)  # pure, and a co-author recurs on many papers and exports
def _name(printed, full_name, given, particle, family):
    """The name as printed, split like the person's own name when it is the same name."""
    printed = printed or full_name
    if printed == full_name or match_key(printed) == match_key(full_name):
        return Name(given, particle, family)
    return Name(*split_name(printed))


def citation_queryset(queryset):
    """`queryset` with what a Work needs besides the publication: authors in byline
    order and topics. Earlier prefetches are dropped, so a view's own prefetch of
    the same lookups cannot clash with these."""
    return queryset.prefetch_related(None).prefetch_related(
        Prefetch("authorships", queryset=Authorship.objects.select_related("person")),
        Prefetch("topics", queryset=Topic.objects.only("id", "slug", "name")),
    )


def works_for(publications, *, request=None):
    """Return a Work per prefetched publication, in order, with keys unique across them."""
    return _works(reader.from_instances(publications, topics=True), request)


def works_from_rows(publications, *, request=None):
    """works_for(publications), read as value rows in three queries.

    For long lists: model instances cost most of the time of a 500-entry export.
    `publications` is an unsliced queryset; its prefetches are not used. Raises
    TooManyToExport when it holds more than EXPORT_LIMIT.
    """
    if (found := publications.count()) > EXPORT_LIMIT:
        raise TooManyToExport(found)
    return _works(reader.read(publications, people=reader.CITATION_PEOPLE, topics=True), request)


def _works(read, request):
    authors = [
        tuple(
            _name(credit.name_as_printed, *(getattr(credit.author, name) for name in NAMES))
            for credit in read.bylines[row.id]
        )
        for row in read.rows
    ]
    keys = assign_keys(
        [
            (row.id, base_key(names, row.year, row.title))
            for row, names in zip(read.rows, authors, strict=True)
        ]
    )
    page_url = AddressMaker(request, "publications:detail", 2) if request else None
    return [
        Work(
            key=key,
            kind=row.kind,
            title=row.title,
            authors=names,
            year=row.year,
            date=row.date,
            venue=row.venue,
            doi=row.doi,
            arxiv_id=row.arxiv_id,
            url=row.url,
            pdf_url=row.pdf_url,
            abstract=row.abstract,
            language=row.language,
            page_url=page_url(row.id, row.slug or "publication") if page_url else "",
            topics=tuple(topic.name for topic in read.topics.get(row.id, ())),
        )
        for row, names, key in zip(read.rows, authors, keys, strict=True)
    ]
