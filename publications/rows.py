"""The one reader of publication rows: publications, their bylines and topics, as
named tuples, in a constant number of queries whatever the number of publications.

Page lists (listing.py), API rows (api_rows.py) and citation exports (citations.py)
format from what it reads. Model instances and DRF's per-field machinery cost
seconds on a profile of 500 publications with 6,000 bylines; value rows do not.
"""

from collections import namedtuple
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from django.db.models import F
from django.db.models.functions import Lower

from core import translated
from core.i18n import language_codes
from publications.models import Authorship, Publication

# Every stored field of a publication, by its column name (version_of_id).
FIELDS = tuple(model_field.attname for model_field in Publication._meta.concrete_fields)
Row = namedtuple("Row", FIELDS)


class Author(NamedTuple):
    """A person on some byline: what links, co-author lists and citations need.

    A reader fills the fields its formatter asks for; each text column joined to
    20,000 bylines costs time, so the others keep their defaults.
    """

    pk: int
    full_name: str = ""
    slug: str = ""
    has_profile: bool = False
    sort_name: str = ""
    given_name: str = ""
    name_particle: str = ""
    family_name: str = ""


PERSON_FIELDS = Author._fields[1:]
# What each formatter reads of the people on bylines.
LIST_PEOPLE = ("full_name", "slug", "has_profile", "sort_name")
API_PEOPLE = ("slug", "has_profile")
CITATION_PEOPLE = ("full_name", "given_name", "name_particle", "family_name")


class Credit(NamedTuple):
    """One place on a byline: its position (or None), the name printed there, who."""

    position: int | None
    name_as_printed: str
    author: Author

    @property
    def printed(self):
        return self.name_as_printed or self.author.full_name


class Topic(NamedTuple):
    slug: str
    name: str  # in the active language, else another (topics have one column each)
    lang: str = ""  # the language of `name`


@dataclass
class Rows:
    """Publications as Rows, in their order; bylines and topics by publication id."""

    rows: list
    bylines: dict
    topics: dict = field(default_factory=dict)
    # pk -> (title, snippet) with a search's matches marked, for search results
    matches: dict = field(default_factory=dict)


def read(publications, *, people=LIST_PEOPLE, topics=False, ids=None):
    """The Rows of a queryset of publications, in its order, with `people` fields of
    the authors: two queries, three with `topics`. `ids`, a cheaper subquery of the
    same publications' ids, can replace theirs."""
    rows = [Row(*values) for values in publications.values_list(*FIELDS)]
    if ids is None:
        # A subquery rather than a list of ids: 500 parameters cost more to send than
        # to join. A slice cannot be a subquery; its ids are few.
        sliced = publications.query.is_sliced
        ids = [row.id for row in rows] if sliced else publications.order_by().values("pk")
    return Rows(rows, _bylines(rows, ids, people), _topics(ids) if topics else {})


def from_instances(publications, *, topics=False):
    """The Rows of Publications whose authorships, their persons (and topics) are
    prefetched: no query. Search results keep their marked title and snippet."""
    publications = list(publications)
    people = {}

    def author(person):
        if person.pk not in people:
            people[person.pk] = Author(
                person.pk, *(getattr(person, name) for name in PERSON_FIELDS)
            )
        return people[person.pk]

    return Rows(
        [_row(p) for p in publications],
        {
            p.pk: [
                Credit(a.position, a.name_as_printed, author(a.person)) for a in p.authorships.all()
            ]
            for p in publications
        },
        {
            p.pk: [Topic(t.slug, *translated.of(t, "name")) for t in p.topics.all()]
            for p in publications
        }
        if topics
        else {},
        _matches(publications),
    )


def read_page(publications):
    """The Rows of a page of Publications (a list or a sliced queryset): two queries,
    and the page's own search marks."""
    publications = list(publications)
    ids = [publication.pk for publication in publications]
    rows = [_row(p) for p in publications]
    return Rows(rows, _bylines(rows, ids, LIST_PEOPLE), matches=_matches(publications))


def _row(publication):
    return Row(*(getattr(publication, name) for name in FIELDS))


def _matches(publications):
    """{pk: (title, snippet)} of search results, with the matches marked."""
    return {
        p.pk: (p.search_title, p.search_snippet)
        for p in publications
        if getattr(p, "search_title", None) is not None
    }


def _bylines(rows, ids, people_fields):
    """{publication id: [Credit]} in byline order, the `people_fields` joined in."""
    person_fields = [f"person__{name}" for name in people_fields]
    credits = (
        Authorship.objects.filter(publication_id__in=ids)
        .order_by("publication_id", F("position").asc(nulls_last=True), "id")
        .values_list("publication_id", "position", "name_as_printed", "person_id", *person_fields)
    )
    bylines = {row.id: [] for row in rows}
    people = {}
    # tuple.__new__ skips the named tuple's Python __new__: 20,000 credits a profile.
    make = tuple.__new__
    for row in credits:
        byline = bylines.get(row[0])
        if byline is None:
            continue  # committed after `rows` were read: the next read shows it whole
        author = people.get(row[3])
        if author is None:
            fields = dict(zip(people_fields, row[4:], strict=True))
            author = people[row[3]] = Author(row[3], **fields)
        byline.append(make(Credit, (row[1], row[2], author)))
    return bylines


def _topics(ids):
    """{publication id: [Topic]} by name, each name in the active language if it has one."""
    codes, order = language_codes(), translated.in_order()
    links = (
        Publication.topics.through.objects.filter(publication_id__in=ids)
        .order_by("publication_id", Lower("topic__name"))
        .values_list(
            "publication_id", "topic__slug", *(f"topic__{c}" for c in translated.columns("name"))
        )
    )
    return {
        publication_id: [
            Topic(link[1], *translated.pick(dict(zip(codes, link[2:], strict=True)), order))
            for link in group
        ]
        for publication_id, group in groupby(links, key=itemgetter(0))
    }
