"""Similar researchers: other members ranked by the topics they share with a person,
the co-authors they share, and how close the titles of their publications are.

Four queries whatever the size of the data (three for someone with no title word to
compare), kept under the person's content version and `names` (core/caching.py).
Title closeness: on PostgreSQL, the person's most frequent title lexemes (ts_stat over
the weight-A part of the stored search document) matched against everyone's documents;
elsewhere, their most frequent long title words matched as substrings. Either way among at most
TEXT_CANDIDATES publications, as the search does: a common word would otherwise have
every publication counted.
"""

from collections import Counter

from django.conf import settings
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from core.caching import person_scope, versioned
from core.fulltext import uses_postgresql
from profiles.models import Person
from publications.models import Authorship, Publication
from publications.search import document_lexemes, lexeme_matches

TOP_TERMS = 8
CLOSEST_COAUTHORS = 20  # as many as the profile lists (person_publications)
TEXT_CANDIDATES = 2000
# A shared topic says more than a shared co-author, and both more than one
# publication of close title; those count up to TEXT_CAP.
TOPIC_WEIGHT, COAUTHOR_WEIGHT, TEXT_CAP = 3, 2, 5
SHORTEST_WORD = 5  # SQLite: shorter title words are mostly "with", "from", "deep"
RANKING_KEPT_SECONDS = 60 * 60


def similar_researchers(request, person):
    """[{slug, full_name, url, shared, reason}] of the SIMILAR_RESEARCHERS_SHOWN members closest to
    `person`, closest first (none, and no query, when that is 0)."""
    if not settings.SIMILAR_RESEARCHERS_SHOWN:
        return []
    # Under the person's own scope and `names` (someone listed renamed or removed), but
    # not under `lists`: others' writes change only the ranking, which may lag them by
    # RANKING_KEPT_SECONDS rather than every write anywhere costing its 4 queries.
    name, scopes = f"similar-researchers:{person.pk}", [person_scope(person.pk), "names"]
    ranked = versioned(request, name, lambda: rank(person), scopes, RANKING_KEPT_SECONDS)
    return [{**found, "reason": reason(**found["shared"])} for found in ranked]


def rank(person):
    """[{slug, full_name, url, shared: {topics, coauthors, texts}}], closest first."""
    topics = _shared_topics(person)
    coauthors = _shared_coauthors(person)
    texts = _close_titles(person, _top_terms(person))

    def score(other):
        return (
            TOPIC_WEIGHT * topics.get(other, 0)
            + COAUTHOR_WEIGHT * coauthors.get(other, 0)
            + min(texts.get(other, 0), TEXT_CAP)
        )

    candidates = set(topics) | set(coauthors) | set(texts)
    best = sorted(candidates, key=lambda other: (-score(other), other.sort_name, other.pk))
    return [
        {
            "slug": other.slug,
            "full_name": other.full_name,
            "url": reverse("profiles:person-detail", args=[other.slug]),
            "shared": {
                "topics": topics.get(other, 0),
                "coauthors": coauthors.get(other, 0),
                "texts": texts.get(other, 0),
            },
        }
        for other in best[: settings.SIMILAR_RESEARCHERS_SHOWN]
    ]


def _counted(people, count):
    """{Person: count} of `people` with a nonzero `count`, names loaded. Grouped by the
    person (PostgreSQL groups by the primary key alone): sorting 200,000 joined rows
    by their names too spilled to disk."""
    counted = people.annotate(count=count).only("full_name", "slug", "sort_name").order_by()
    return {other: other.count for other in counted if other.count}


def reason(*, topics, coauthors, texts):
    """'3 shared topics, 2 shared co-authors': why someone is listed."""
    parts = []
    if topics:
        parts.append(ngettext("%d shared topic", "%d shared topics", topics) % topics)
    if coauthors:
        parts.append(ngettext("%d shared co-author", "%d shared co-authors", coauthors) % coauthors)
    if texts:
        parts.append(
            ngettext("%d publication on close subjects", "%d publications on close subjects", texts)
            % texts
        )
    return gettext(", ").join(parts)


def _others(person):
    """Members with a public profile but `person`: whom a profile may point to."""
    return Person.objects.with_profile().exclude(pk=person.pk)


def _shared_topics(person):
    """{Person: topics shared with `person`}."""
    sharing = _others(person).filter(topics__in=person.topics.all())
    return _counted(sharing, Count("topics"))


def _shared_coauthors(person):
    """{Person: how many of `person`'s CLOSEST_COAUTHORS they published with too},
    the candidate aside."""
    # The closest only: a member of big collaborations has thousands of co-authors,
    # and joining all their bylines took 10 s at the benchmark's scale.
    coauthors = (
        Authorship.objects.filter(publication__authorships__person=person)
        .exclude(person=person)
        .values("person_id")
        .annotate(shared=Count("id"))
        .order_by("-shared", "person_id")
        .values("person_id")[:CLOSEST_COAUTHORS]
    )
    # The filter joins each of the candidate's bylines to those co-authors on it; the
    # count reads the same join, leaving the candidate's own place out.
    sharing = _others(person).filter(authorships__publication__authorships__person__in=coauthors)
    shared = Count(
        "authorships__publication__authorships__person",
        distinct=True,
        filter=~Q(authorships__publication__authorships__person=F("pk")),
    )
    return _counted(sharing, shared)


def _top_terms(person):
    """The words that come back most often in `person`'s titles, most frequent first."""
    if uses_postgresql(Publication.objects.all()):
        return document_lexemes(_own(person), weights="a", limit=TOP_TERMS)
    titles = Publication.objects.filter(authorships__person=person).values_list("title", flat=True)
    words = Counter(
        word
        for title in titles
        for word in {w for w in title.lower().split() if len(w) >= SHORTEST_WORD and w.isalpha()}
    )
    return [word for word, _ in words.most_common(TOP_TERMS)]


def _close_titles(person, terms):
    """{Person: their publications (not with `person`) whose titles hold the terms}."""
    if not terms:
        return {}
    others = Publication.objects.exclude(pk__in=_own(person).values("pk"))
    if uses_postgresql(others):
        matching = lexeme_matches(others, terms, weight="A")
    else:
        any_term = Q()
        for term in terms:
            any_term |= Q(title__icontains=term)
        matching = others.filter(any_term)
    picked = matching.order_by().values("pk")[:TEXT_CANDIDATES]
    writing = _others(person).filter(authorships__publication__in=picked)
    return _counted(writing, Count("authorships"))


def _own(person):
    return Publication.objects.filter(authorships__person=person)
