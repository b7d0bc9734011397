"""Finding likely duplicates and data-quality problems, in a fixed number of queries."""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import reduce
from itertools import combinations
from operator import or_

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy, ngettext
from rapidfuzz.distance import Indel

from core.i18n import language_codes, language_name
from profiles.models import NameVariant, Person, Topic
from profiles.names import match_key
from publications.models import Authorship, Publication

MAX_PAIRS = 200
PAIRS_PER_QUERY = 500
MAX_LISTED = 200  # records listed per check; the counts are of all
TITLE_SIMILARITY = 0.92
# TeX that survived an import: a backslash command, a brace, or an accent written as
# an apostrophe in front of a small letter inside a word (Pasc'anu; not O'Brien).
TEX_LEFTOVER_RE = re.compile(r"[\\{}]|\w'[a-z]")
ARXIV_DOI_PREFIX = "10.48550/arxiv."
# Why a pair is listed, said in the language of the page or report that shows it. Lazy,
# so the checks below compare them as they are and kept pairs speak each reader's language.
SAME_NAME = gettext_lazy("same name")
SIMILAR_NAMES = gettext_lazy("similar names")
SAME_TITLE = gettext_lazy("same title")
NEAR_TITLE = gettext_lazy("near-identical title")
ARXIV_TWIN = gettext_lazy("arXiv DOI matches arXiv id")
LINKED = gettext_lazy("linked as versions")


# How a scan job keeps each fixed reason in its result.
_CODES = {
    "same-name": SAME_NAME,
    "similar-names": SIMILAR_NAMES,
    "same-title": SAME_TITLE,
    "near-title": NEAR_TITLE,
    "arxiv-twin": ARXIV_TWIN,
    "linked": LINKED,
}


class shared_coauthors(int):  # noqa: N801 (a reason, named as the others)
    """How many co-authors two people share, as a reason: kept as its number, said in
    the language of whoever reads it."""

    def __str__(self):
        return ngettext("%d shared co-author", "%d shared co-authors", self) % self


def kept_form(reasons):
    """`reasons` as JSON keeps them: codes, and counts of shared co-authors."""
    return [
        int(reason)
        if isinstance(reason, shared_coauthors)
        else next(code for code, text in _CODES.items() if text is reason)
        for reason in reasons
    ]


def from_kept_form(kept):
    return [shared_coauthors(item) if isinstance(item, int) else _CODES[item] for item in kept]


@dataclass
class Pair:
    first: object
    second: object
    reasons: list[str] = field(default_factory=list)


def _given_names_agree(first, second):
    """ "R." and "Razvan", "R. M." and "Razvan Mihai": each word a prefix of the other's."""
    a, b = match_key(first).split(), match_key(second).split()
    if not a or not b:
        return True
    return all(x.startswith(y) or y.startswith(x) for x, y in zip(a, b, strict=False))


def _quiet(done, total=None, step=""):
    pass


def duplicate_people(progress=_quiet):
    """Pairs of people who may be one person: same name, or similar names and co-authors.

    `progress(done, total)` is told the pairs of names checked so far."""
    people = {p.pk: p for p in Person.objects.all()}
    keys = defaultdict(set)
    for person in people.values():
        keys[match_key(person.full_name)].add(person.pk)
    for person_id, key in NameVariant.objects.values_list("person_id", "key"):
        keys[key].add(person_id)
    pairs = {}
    for ids in keys.values():
        for a, b in combinations(sorted(ids), 2):
            pairs.setdefault((a, b), []).append(SAME_NAME)
    blocks = defaultdict(list)
    for person in people.values():
        family, given = match_key(person.family_name), match_key(person.given_name)
        blocks[(family, given[:1])].append(person)
    for members in blocks.values():
        for a, b in combinations(sorted(members, key=lambda p: p.pk), 2):
            if (a.pk, b.pk) not in pairs and _given_names_agree(a.given_name, b.given_name):
                pairs[(a.pk, b.pk)] = [SIMILAR_NAMES]
    # In pair order, a batch at a time, until a page is found: a prolific person's
    # co-authors are thousands, and all of them for everyone took 21 s.
    found, ordered = [], sorted(pairs.items())
    progress(0, len(ordered))
    for start in range(0, len(ordered), PAIRS_PER_QUERY):
        found += _worth_showing(ordered[start : start + PAIRS_PER_QUERY], people)
        progress(min(start + PAIRS_PER_QUERY, len(ordered)), len(ordered))
        if len(found) >= MAX_PAIRS:
            break
    progress(len(ordered), len(ordered))
    return found[:MAX_PAIRS]


def _worth_showing(pairs, people):
    """The Pairs of `pairs` ((a, b), reasons) to show: never two names on one byline, and
    similar names only with a co-author in common."""
    involved = {pk for pair, _ in pairs for pk in pair}
    theirs = Authorship.objects.filter(person__in=involved).values("publication_id")
    papers = defaultdict(set)
    for publication_id, person_id in Authorship.objects.filter(
        publication_id__in=theirs
    ).values_list("publication_id", "person_id"):
        papers[publication_id].add(person_id)
    coauthors, own = defaultdict(set), defaultdict(set)
    for publication_id, byline in papers.items():
        for person_id in byline & involved:
            coauthors[person_id] |= byline - {person_id}
            own[person_id].add(publication_id)
    found = []
    for (a, b), reasons in pairs:
        if own[a] & own[b]:
            continue  # two names on one byline are two people
        shared = (coauthors[a] & coauthors[b]) - {a, b}
        if shared:
            reasons.append(shared_coauthors(len(shared)))
        elif reasons == [SIMILAR_NAMES]:
            continue
        found.append(Pair(people[a], people[b], reasons))
    return found


def _title_key(title):
    return match_key(title)


def _is_preprint(publication):
    return publication.kind == Publication.Kind.PREPRINT or (
        not publication.venue and not publication.doi and bool(publication.arxiv_id)
    )


TITLES_PER_STEP = 5000


def similar_publications(progress=_quiet):
    """Pairs of publications that may be one work: DOI of the arXiv id, or near-same title.

    Read as (id, title, DOI, arXiv id) rows, titles compared through _near; instances
    only for the pairs shown. Over 200,000 publications the instances and difflib's
    ratios took 25 s. `progress(done, total)` is told the titles compared so far.
    """
    rows = list(Publication.objects.order_by("id").values_list("id", "title", "doi", "arxiv_id"))
    by_arxiv = {arxiv_id.lower(): pk for pk, _, _, arxiv_id in rows if arxiv_id}
    pairs = {}
    for pk, _, doi, _ in rows:
        if doi and doi.startswith(ARXIV_DOI_PREFIX):
            twin = by_arxiv.get(doi[len(ARXIV_DOI_PREFIX) :])
            if twin and twin != pk:
                pairs.setdefault(tuple(sorted((twin, pk))), []).append(ARXIV_TWIN)
    keyed = sorted((_title_key(title), pk) for pk, title, _, _ in rows)
    # Near-identical titles sort next to each other; compare each with a few neighbours.
    progress(0, len(keyed))
    for index, (key, pk) in enumerate(keyed):
        if index and not index % TITLES_PER_STEP:
            progress(index, len(keyed))
        for other_key, other_pk in keyed[index + 1 : index + 4]:
            if key == other_key:
                reason = SAME_TITLE
            elif re.findall(r"\d+", key) != re.findall(r"\d+", other_key):
                continue  # "Part 1" and "Part 2" are two works
            elif _near(key, other_key):
                reason = NEAR_TITLE
            else:
                continue
            pairs.setdefault(tuple(sorted((pk, other_pk))), []).append(reason)
    progress(len(keyed), len(keyed))
    shown = sorted(pairs.items())[:MAX_PAIRS]
    by_pk = Publication.objects.in_bulk({pk for pair, _ in shown for pk in pair})
    found = []
    for (a, b), reasons in shown:
        first, second = by_pk[a], by_pk[b]
        linked = first.version_of_id == b or second.version_of_id == a
        found.append(Pair(first, second, reasons + ([LINKED] if linked else [])))
    return found


def _near(key, other_key):
    """SequenceMatcher's ratio reaches TITLE_SIMILARITY.

    RapidFuzz's Indel similarity counts the longest common subsequence, which is never
    fewer characters than SequenceMatcher's matches: below the threshold there, below
    it here. It decides most pairs in C; difflib's ratio took 12 of 22 s.
    """
    # A hair under the threshold: both compute 0.92 exactly in floats of their own.
    if Indel.normalized_similarity(key, other_key) < TITLE_SIMILARITY - 1e-9:
        return False
    return SequenceMatcher(None, key, other_key).ratio() >= TITLE_SIMILARITY


def possible_versions(pairs):
    """Of similar pairs, the preprint/published ones not linked yet: (preprint, published)."""
    versions = []
    for pair in pairs:
        if LINKED in pair.reasons:
            continue
        a, b = pair.first, pair.second
        if _is_preprint(a) != _is_preprint(b):
            versions.append((a, b) if _is_preprint(a) else (b, a))
    return versions


def quality_checks():
    """Counts and records for the data-quality page; one query per check or fewer.

    The TeX check runs in the database: read into Python, 2,000,000 bylines took 97 s.
    """
    publications = Publication.objects.all()
    tex_people = Person.objects.filter(full_name__regex=TEX_LEFTOVER_RE.pattern).order_by("id")
    tex_bylines = (
        Authorship.objects.filter(name_as_printed__regex=TEX_LEFTOVER_RE.pattern)
        .select_related("publication", "person")
        .order_by("id")
    )
    names = [(person, person.full_name) for person in tex_people[:MAX_LISTED]]
    translation_counts = missing_translation_counts()
    # One query for the publications' counts: the translation counts take two more.
    counts = publications.aggregate(
        without_year=Count("pk", filter=Q(year__isnull=True)),
        without_venue=Count("pk", filter=Q(venue="")),
        without_identifier=Count("pk", filter=Q(doi__isnull=True, arxiv_id__isnull=True)),
        without_language=Count("pk", filter=Q(language="")),
    )
    return {
        **counts,
        "tex_people": names,
        "tex_count": tex_people.count() + tex_bylines.count(),
        "tex_bylines": list(tex_bylines[:MAX_LISTED]),
        "profiles_without_papers": list(
            Person.objects.with_profile().filter(authorships__isnull=True)
        ),
        "missing_translation_counts": translation_counts,
        "missing_translations": missing_translations(translation_counts),
    }


TRANSLATED = [
    (
        Person.objects.with_profile(),
        {
            "position": gettext_lazy("Position"),
            "bio": gettext_lazy("Bio"),
            "portrait_alt": gettext_lazy("Portrait alt text"),
        },
    ),
    (
        Topic.objects.all(),
        {"name": gettext_lazy("Topic name"), "description": gettext_lazy("Topic description")},
    ),
]


TRANSLATED_LABELS = {name: label for _, labels in TRANSLATED for name, label in labels.items()}


def missing_translation_counts():
    """[(field, language code, how many records have the field in another language but
    not in this one)], one query per model (people: public profiles)."""
    languages = language_codes()
    rows = []
    for queryset, labels in TRANSLATED:
        counts = queryset.aggregate(
            **{
                f"missing_{field}_{code}": Count("pk", filter=_missing_in(field, code, languages))
                for field in labels
                for code in languages
            }
        )
        rows += [
            (field, code, counts[f"missing_{field}_{code}"])
            for field in labels
            for code in languages
        ]
    return rows


def missing_translations(counts=None):
    """[(field label, language name, count)] of missing_translation_counts() (or of
    `counts`, rows it returned earlier)."""
    return [
        (TRANSLATED_LABELS[field], language_name(code), count)
        for field, code, count in (missing_translation_counts() if counts is None else counts)
        if field in TRANSLATED_LABELS
    ]


def _missing_in(field, code, languages):
    def empty(column):
        return Q(**{f"{column}__isnull": True}) | Q(**{column: ""})

    elsewhere = reduce(or_, (~empty(f"{field}_{other}") for other in languages if other != code))
    return empty(f"{field}_{code}") & elsewhere
