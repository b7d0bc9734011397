"""Rows of synthetic people, topics, publications and bylines, from one seeded random source.

Pure Python: it yields plain dicts keyed by model field attnames, and the writer stores
them. Authors are drawn with Zipf-like weights, so a few people have hundreds of papers
and most have a handful, as in a real institute.
"""

import datetime
import itertools
import random
from bisect import bisect
from dataclasses import dataclass, field

from django.utils.text import slugify

from profiles.models import Person
from profiles.names import match_key, sort_key
from publications.synthetic import vocabulary as words

# A byline of 1 to 30 authors: mostly small teams, with a long tail of big collaborations.
AUTHOR_COUNTS = list(range(1, 31))
AUTHOR_COUNT_WEIGHTS = [4, 10, 14, 14, 12, 10, 8, 6, 4, 3] + [1.5] * 10 + [0.5] * 10
KINDS = ["conference", "article", "preprint", "chapter", "report", "thesis", "book"]
KIND_WEIGHTS = [45, 30, 18, 3, 2, 1, 1]
MEMBERSHIPS = [choice for choice, _ in Person.Membership.choices]
# The kinds a member may have held before their last one, and what each is called.
EARLIER_KINDS = {
    "phd": ["masters"],
    "postdoc": ["phd"],
    "core": ["postdoc", "associate"],
    "associate": ["postdoc"],
    "staff": ["masters"],
}
KIND_POSITIONS = {
    "masters": "Master's Student",
    "phd": "PhD Student",
    "postdoc": "Postdoctoral Fellow",
    "associate": "Assistant Professor",
}
ROLE_CHANGE_SHARE = 0.25  # of members, per earlier kind in a row
ALUMNI_SHARE = 0.15


@dataclass
class GeneratedPerson:
    id: int
    full_name: str
    initials_name: str
    row: dict = field(repr=False)
    periods: list = field(default_factory=list, repr=False)


class Generator:
    """Makes rows; ids are assigned here so that bylines can refer to them before writing."""

    def __init__(self, *, seed, now=None, taken_slugs=()):
        self.random = random.Random(seed)
        # Its own stream, so that adding the histories left the other rows of a seed as
        # they were.
        self.history_random = random.Random(f"{seed}-memberships")
        self.now = now or datetime.datetime.now(datetime.UTC)
        self.taken_slugs = set(taken_slugs)

    def topics(self, first_id):
        for offset, name in enumerate(words.TOPICS):
            slug = slugify(name)
            if slug in self.taken_slugs:
                continue
            self.taken_slugs.add(slug)
            yield {
                "id": first_id + offset,
                "name": name,
                "slug": slug,
                "description": f"Research on {name.lower()} across the institute.",
                "created": self.now,
                "updated": self.now,
            }

    def _name(self):
        pick = self.random.choice
        given = pick(words.GIVEN_NAMES)
        if self.random.random() < 0.25:
            given = f"{given} {pick(words.GIVEN_NAMES)[0]}."
        particle = pick(words.PARTICLES) if self.random.random() < 0.08 else ""
        family = pick(words.FAMILY_NAMES)
        return given, particle, family

    def _unique_slug(self, text):
        base = slugify(text)[:70].strip("-") or "person"
        for number in itertools.count(1):
            candidate = base if number == 1 else f"{base}-{number}"
            if candidate not in self.taken_slugs:
                self.taken_slugs.add(candidate)
                return candidate

    def person(self, person_id, *, member):
        given, particle, family = self._name()
        full_name = " ".join(part for part in (given, particle, family) if part)
        initials = " ".join(f"{part[0]}." for part in given.split())
        row = {
            "id": person_id,
            "full_name": full_name,
            "given_name": given,
            "name_particle": particle,
            "family_name": family,
            "sort_name": sort_key(given, particle, family),
            "slug": self._unique_slug(full_name),
            "membership": self.random.choice(MEMBERSHIPS) if member else "",
            "position": self.random.choice(words.POSITIONS) if member else "",
            "affiliation": self.random.choice(words.AFFILIATIONS),
            "bio": self._prose(self.random.sample(words.TOPICS, 2), 3) if member else "",
            "has_profile": member,
            "created": self.now,
            "updated": self.now,
        }
        initials_name = " ".join(part for part in (initials, particle, family) if part)
        periods = self._membership_history(row) if member else []
        return GeneratedPerson(person_id, full_name, initials_name, row, periods)

    def _membership_history(self, row):
        """The periods behind `row`'s membership, oldest first: some members changed
        role on the way (a PhD student who became a postdoc), some have left. Sets
        `membership_ended` on `row` as Person.sync_membership() would."""
        draw = self.history_random
        kinds = [row["membership"]]
        while EARLIER_KINDS.get(kinds[0]) and draw.random() < ROLE_CHANGE_SHARE:
            kinds.insert(0, draw.choice(EARLIER_KINDS[kinds[0]]))
        today = self.now.date()
        start = today - datetime.timedelta(days=draw.randint(60, 20 * 365))
        spans = [draw.randint(1, 5) * 365 for _ in kinds[:-1]]
        start -= datetime.timedelta(days=sum(spans))  # the earlier periods come before
        periods = []
        for kind, days in zip(kinds, spans + [None], strict=True):
            end = start + datetime.timedelta(days=days) if days else None
            position = KIND_POSITIONS.get(kind, "") if end else row["position"]
            periods.append({"membership": kind, "position": position, "start": start, "end": end})
            start = end
        last = periods[-1]
        if draw.random() < ALUMNI_SHARE:
            last["end"] = min(
                today, last["start"] + datetime.timedelta(days=draw.randint(1, 6) * 365)
            )
            row["membership_ended"] = last["end"]
        return periods

    def name_variants(self, person, first_id):
        """The full name and the initials form, and an ASCII spelling where accents differ."""
        names = dict.fromkeys([person.full_name, person.initials_name])
        ascii_name = match_key(person.full_name).title()
        if self.random.random() < 0.3 and ascii_name.casefold() != person.full_name.casefold():
            names[ascii_name] = None
        for offset, name in enumerate(names):
            yield {"id": first_id + offset, "person_id": person.id, "name": name,
                   "key": match_key(name)}  # fmt: skip

    def author_sampler(self, people):
        """A function that draws k distinct people with Zipf-like weights (exponent 0.5)."""
        order = list(people)
        self.random.shuffle(order)
        offset = 1 + len(order) // 500  # flattens the head: the top is prolific, not absurd
        weights = ((rank + offset) ** -0.5 for rank in range(len(order)))
        cumulative = list(itertools.accumulate(weights))
        total = cumulative[-1]
        uniform = self.random.random

        def draw(k):
            chosen = {}
            k = min(k, len(order))
            while len(chosen) < k:
                person = order[bisect(cumulative, uniform() * total)]
                chosen[person.id] = person
            return list(chosen.values())

        return draw

    def _fill(self, template, topic_names):
        terms = [t for name in topic_names for t in words.TOPIC_TERMS.get(name, ())]
        terms = terms or words.GENERIC_TERMS
        pick = self.random.choice
        return template.format(
            A=pick(words.TITLE_A), adj=pick(words.TITLE_ADJ), prop=pick(words.TITLE_PROP),
            term=pick(terms), other=pick(terms + words.GENERIC_TERMS),
            task=pick(topic_names).lower(), generic=pick(words.GENERIC_TERMS),
            n=self.random.randint(3, 40), p=self.random.randint(2, 30),
        )  # fmt: skip

    def _prose(self, topic_names, sentences):
        chosen = self.random.sample(words.SENTENCES, sentences)
        return " ".join(self._fill(sentence, topic_names) for sentence in chosen)

    def publication(self, publication_id, topic_names):
        kind = self.random.choices(KINDS, KIND_WEIGHTS)[0]
        year = self.random.choices(range(1995, 2027), [i * i for i in range(1, 33)])[0]
        date = datetime.date(year, self.random.randint(1, 12), self.random.randint(1, 28))
        title = self._fill(self.random.choice(words.TITLE_PATTERNS), topic_names)
        title = title[0].upper() + title[1:]
        arxiv = None
        if kind == "preprint" or self.random.random() < 0.2:
            # The month cycles with the id, so two ids share an arXiv id only 1.2 million apart.
            month = publication_id // 100000 % 12 + 1
            arxiv = f"{year % 100:02d}{month:02d}.{publication_id % 100000:05d}"
        return {
            "id": publication_id,
            "title": title,
            "slug": slugify(title)[:120].strip("-"),
            "abstract": self._prose(topic_names, self.random.randint(9, 15)),
            "year": year,
            "date": date if self.random.random() < 0.7 else None,
            "venue": self.random.choice(words.VENUES[kind]),
            "kind": kind,
            "doi": f"10.5555/rd.{publication_id}" if kind != "preprint" else None,
            "arxiv_id": arxiv,
            "url": "",
            "pdf_url": f"https://example.org/papers/{publication_id}.pdf",
            "version_of_id": None,
            "created": self.now,
            "updated": self.now,
        }

    def author_count(self):
        return self.random.choices(AUTHOR_COUNTS, AUTHOR_COUNT_WEIGHTS)[0]

    def printed_name(self, person):
        return person.initials_name if self.random.random() < 0.3 else person.full_name
