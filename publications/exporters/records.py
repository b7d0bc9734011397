"""Plain records that every citation exporter reads: no models, no database."""

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from unidecode import unidecode

# Words skipped when a citation key takes the first word of a title.
KEY_STOP_WORDS = {"a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "from", "at"}


@dataclass(frozen=True)
class Name:
    given: str = ""
    particle: str = ""
    family: str = ""

    @property
    def full(self):
        return " ".join(part for part in (self.given, self.particle, self.family) if part)

    @property
    def last(self):
        return " ".join(part for part in (self.particle, self.family) if part)

    @property
    def inverted(self):
        """ "von Oswald, Johannes": the form BibTeX and RIS read without ambiguity."""
        return f"{self.last}, {self.given}" if self.given else self.last


@dataclass(frozen=True)
class Work:
    """One publication as the exporters see it.

    `kind` is a Publication.Kind value; `page_url` is the absolute address of our
    page for the work, used where a format has no better link.
    """

    key: str
    kind: str
    title: str
    authors: tuple[Name, ...] = ()
    year: int | None = None
    date: datetime.date | None = None
    venue: str = ""
    doi: str = ""
    arxiv_id: str = ""
    url: str = ""
    pdf_url: str = ""
    abstract: str = ""
    language: str = ""  # ISO 639-1 code of the title and abstract, or ""
    page_url: str = ""
    topics: tuple[str, ...] = ()

    @property
    def arxiv_url(self):
        return f"https://arxiv.org/abs/{self.arxiv_id}" if self.arxiv_id else ""

    @property
    def doi_url(self):
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def link(self):
        """The best public address of the work itself."""
        return self.url or self.doi_url or self.arxiv_url or self.page_url


_NOT_KEY_CHARACTERS = re.compile(r"[^a-z0-9]")


@lru_cache(maxsize=65536)  # pure; family names and title words recur across a list
def _ascii_word(text):
    return _NOT_KEY_CHARACTERS.sub("", unidecode(text).lower())


def base_key(authors, year, title):
    """ "oswald2025mesanet": first author's family name, year, first title word.

    A missing year is left out rather than replaced, as Google Scholar does.
    """
    family = _ascii_word(authors[0].family) if authors else ""
    first = ""
    for word in filter(None, map(_ascii_word, title.split())):
        if word not in KEY_STOP_WORDS:
            first = word
            break
        first = first or word  # a title of stop words only keys on its first
    return f"{family or 'anon'}{year or ''}{first}"


def assign_keys(items):
    """Return one unique key per (sort_id, base_key) pair, in the order given.

    Clashing keys get suffixes a, b, c… in `sort_id` order, so the same set of
    works always gets the same keys whatever order it is exported in.
    """
    clashes = {}
    for sort_id, key in items:
        clashes.setdefault(key, []).append(sort_id)
    suffixes = {}
    for key, ids in clashes.items():
        if len(ids) > 1:
            for number, sort_id in enumerate(sorted(ids)):
                suffixes[(sort_id, key)] = _letters(number)
    return [key + suffixes.get((sort_id, key), "") for sort_id, key in items]


def _letters(number):
    """0 → a, 25 → z, 26 → aa: as many suffixes as a year of one author needs."""
    text = ""
    number += 1
    while number:
        number, remainder = divmod(number - 1, 26)
        text = chr(ord("a") + remainder) + text
    return text
