"""Finding likely duplicates and data-quality problems, in a fixed number of queries."""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import combinations

from profiles.models import NameVariant, Person
from profiles.names import match_key
from publications.models import Authorship, Publication

MAX_PAIRS = 200
TITLE_SIMILARITY = 0.92
# TeX that survived an import: a backslash command, a brace, or an accent written as
# an apostrophe in front of a small letter inside a word (Pasc'anu; not O'Brien).
TEX_LEFTOVER_RE = re.compile(r"[\\{}]|\w'[a-z]")
ARXIV_DOI_PREFIX = "10.48550/arxiv."


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


def duplicate_people():
    """Pairs of people who may be one person: same name, or similar names and co-authors."""
    people = {p.pk: p for p in Person.objects.all()}
    keys = defaultdict(set)
    for person in people.values():
        keys[match_key(person.full_name)].add(person.pk)
    for person_id, key in NameVariant.objects.values_list("person_id", "key"):
        keys[key].add(person_id)
    pairs = {}
    for ids in keys.values():
        for a, b in combinations(sorted(ids), 2):
            pairs.setdefault((a, b), []).append("same name")
    blocks = defaultdict(list)
    for person in people.values():
        family, given = match_key(person.family_name), match_key(person.given_name)
        blocks[(family, given[:1])].append(person)
    for members in blocks.values():
        for a, b in combinations(sorted(members, key=lambda p: p.pk), 2):
            if (a.pk, b.pk) not in pairs and _given_names_agree(a.given_name, b.given_name):
                pairs[(a.pk, b.pk)] = ["similar names"]
    if not pairs:
        return []
    papers = defaultdict(set)
    involved = {pk for pair in pairs for pk in pair}
    for publication_id, person_id in Authorship.objects.filter(
        publication__authorships__person__in=involved
    ).values_list("publication_id", "person_id"):
        papers[publication_id].add(person_id)
    coauthors, own = defaultdict(set), defaultdict(set)
    for publication_id, byline in papers.items():
        for person_id in byline & involved:
            coauthors[person_id] |= byline - {person_id}
            own[person_id].add(publication_id)
    found = []
    for (a, b), reasons in sorted(pairs.items()):
        if own[a] & own[b]:
            continue  # two names on one byline are two people
        shared = (coauthors[a] & coauthors[b]) - {a, b}
        if shared:
            reasons.append(f"{len(shared)} shared co-author{'s' if len(shared) > 1 else ''}")
        elif reasons == ["similar names"]:
            continue
        found.append(Pair(people[a], people[b], reasons))
    return found[:MAX_PAIRS]


def _title_key(title):
    return match_key(title)


def _is_preprint(publication):
    return publication.kind == Publication.Kind.PREPRINT or (
        not publication.venue and not publication.doi and bool(publication.arxiv_id)
    )


def similar_publications():
    """Pairs of publications that may be one work: DOI of the arXiv id, or near-same title."""
    publications = list(Publication.objects.order_by("id"))
    by_arxiv = {p.arxiv_id.lower(): p for p in publications if p.arxiv_id}
    pairs = {}
    for publication in publications:
        if publication.doi and publication.doi.startswith(ARXIV_DOI_PREFIX):
            twin = by_arxiv.get(publication.doi[len(ARXIV_DOI_PREFIX) :])
            if twin and twin.pk != publication.pk:
                key = tuple(sorted((twin.pk, publication.pk)))
                pairs.setdefault(key, []).append("arXiv DOI matches arXiv id")
    keyed = sorted((_title_key(p.title), p.pk, p) for p in publications)
    by_pk = {p.pk: p for p in publications}
    # Near-identical titles sort next to each other; compare each with a few neighbours.
    for index, (key, pk, _) in enumerate(keyed):
        for other_key, other_pk, _ in keyed[index + 1 : index + 4]:
            if key == other_key:
                reason = "same title"
            elif re.findall(r"\d+", key) != re.findall(r"\d+", other_key):
                continue  # "Part 1" and "Part 2" are two works
            elif SequenceMatcher(None, key, other_key).ratio() >= TITLE_SIMILARITY:
                reason = "near-identical title"
            else:
                continue
            pairs.setdefault(tuple(sorted((pk, other_pk))), []).append(reason)
    found = []
    for (a, b), reasons in sorted(pairs.items()):
        first, second = by_pk[a], by_pk[b]
        linked = first.version_of_id == b or second.version_of_id == a
        found.append(Pair(first, second, reasons + (["linked as versions"] if linked else [])))
    return found[:MAX_PAIRS]


def possible_versions(pairs):
    """Of similar pairs, the preprint/published ones not linked yet: (preprint, published)."""
    versions = []
    for pair in pairs:
        if "linked as versions" in pair.reasons:
            continue
        a, b = pair.first, pair.second
        if _is_preprint(a) != _is_preprint(b):
            versions.append((a, b) if _is_preprint(a) else (b, a))
    return versions


def quality_checks():
    """Counts and records for the data-quality page; one query per check."""
    publications = Publication.objects.all()
    names = [
        (person, person.full_name)
        for person in Person.objects.all()
        if TEX_LEFTOVER_RE.search(person.full_name)
    ]
    printed = [
        authorship
        for authorship in Authorship.objects.select_related("publication", "person")
        if TEX_LEFTOVER_RE.search(authorship.name_as_printed)
    ]
    return {
        "without_year": publications.filter(year__isnull=True).count(),
        "without_venue": publications.filter(venue="").count(),
        "without_identifier": publications.filter(doi__isnull=True, arxiv_id__isnull=True).count(),
        "tex_people": names,
        "tex_count": len(names) + len(printed),
        "tex_bylines": printed,
        "profiles_without_papers": list(
            Person.objects.with_profile().filter(authorships__isnull=True)
        ),
    }
