"""Parse a BibTeX file into a ParsedImport with bibtexparser 2 and pylatexenc.

bibtexparser reads the blocks and resolves @string macros; this module joins
``#`` concatenations, reads month macros, decodes LaTeX (braces, accents) and
picks the venue by entry type. Pure: no database access.
"""

import datetime
import re
from functools import lru_cache

import bibtexparser
from bibtexparser.exceptions import BlockAbortedException
from bibtexparser.middlewares.names import (
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import DuplicateBlockKeyBlock, Entry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from pylatexenc.latex2text import LatexNodes2Text

from publications.identifiers import normalise_arxiv_id, normalise_doi
from publications.importers.common import (
    ImportFileError,
    Note,
    ParsedAuthor,
    ParsedImport,
    ParsedPublication,
    at_line,
)
from publications.importers.language import declared_language
from publications.models import Publication
from publications.validators import EARLIEST_YEAR, latest_year

MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
Kind = Publication.Kind
# Entry type -> (kind, fields that name the venue, first found wins).
ENTRY_TYPES = {
    "article": (Kind.ARTICLE, ("journal", "journaltitle")),
    "inproceedings": (Kind.CONFERENCE, ("booktitle", "eventtitle")),
    "conference": (Kind.CONFERENCE, ("booktitle", "eventtitle")),
    "proceedings": (Kind.CONFERENCE, ("title",)),
    "book": (Kind.BOOK, ("publisher",)),
    "incollection": (Kind.CHAPTER, ("booktitle", "publisher")),
    "inbook": (Kind.CHAPTER, ("booktitle", "publisher")),
    "phdthesis": (Kind.THESIS, ("school", "institution")),
    "mastersthesis": (Kind.THESIS, ("school", "institution")),
    "thesis": (Kind.THESIS, ("school", "institution")),
    "techreport": (Kind.REPORT, ("institution", "publisher")),
    "report": (Kind.REPORT, ("institution", "publisher")),
    "misc": (Kind.OTHER, ("howpublished", "publisher", "organization")),
    "unpublished": (Kind.OTHER, ("note",)),
    "online": (Kind.OTHER, ("organization", "publisher")),
}
ARXIV_IN_TEXT_RE = re.compile(
    r"arxiv(?:\.org/(?:abs|pdf)/|:\s*|\s+)(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})", re.I
)
# A field longer than this (authors aside), or with braces nested deeper, is left out
# of its entry with a note: no real entry comes near, and decoding either would take
# minutes or overflow the stack.
FIELD_MAX_CHARS = 20_000
BRACE_DEPTH_MAX = 50
_decoder = LatexNodes2Text(math_mode="text", strict_latex_spaces=True)
# What pylatexenc reads as more than plain letters: commands, groups, math, comments and
# its specials (~, &, --, ``, '', !`, ?`). Text without any is decoded as it stands.
_LATEX_RE = re.compile(r"[\\{}$%&~`]|''|--")


def _decode(text):
    if not _LATEX_RE.search(text):
        return " ".join(text.split())  # most abstracts: pylatexenc would take 5 ms each
    return " ".join(_decoder.latex_to_text(text).split())


def _brace_depth(text):
    depth = deepest = 0
    for char in text:
        if char == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif char == "}":
            depth -= 1
    return deepest


def _unreadable(key, value):
    """Why a field cannot be read in bounded time, or None."""
    if key != "author" and len(value) > FIELD_MAX_CHARS:
        reason = gettext("field %(field)s longer than %(limit)d characters; left out")
        return reason % {"field": key, "limit": FIELD_MAX_CHARS}
    if "{" in value and _brace_depth(value) > BRACE_DEPTH_MAX:
        reason = gettext("field %(field)s has braces nested over %(limit)d deep; left out")
        return reason % {"field": key, "limit": BRACE_DEPTH_MAX}
    return None


def _split_concatenation(value):
    """Split ``a # "b" # {c}`` at the #s that stand outside quotes and braces."""
    parts, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(value[start:index].strip())
            start = index + 1
    parts.append(value[start:].strip())
    return parts


def _resolve(field, strings, where, notes):
    """The raw text of a field, with @string macros, month names and # joined."""
    value = field.value
    if not isinstance(value, str) or field.enclosing not in (None, "no-enclosing"):
        return value if isinstance(value, str) else str(value)
    if field.enclosing is None and "#" not in value:
        return value
    pieces = []
    for part in _split_concatenation(value):
        if part[:1] in '"{' and part[-1:] in '"}':
            pieces.append(part[1:-1])
        elif part.isdigit():
            pieces.append(part)
        elif part.casefold() in strings:
            pieces.append(strings[part.casefold()])
        elif part.casefold()[:3] in MONTHS and field.key.lower() == "month":
            pieces.append(part)
        else:
            reason = gettext("unknown macro in field %(field)s; left as is")
            notes.append(Note(where, part, reason % {"field": field.key}))
            pieces.append(part)
    return "".join(pieces)


@lru_cache(maxsize=65536)  # the same authors recur across a file's entries
def _author_name(raw):
    parts = parse_single_name_into_parts(raw, strict=False)
    return _decode(parts.merge_first_name_first)


def _arxiv_id(fields):
    candidates = []
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "").casefold()
    if fields.get("eprint") and prefix in ("arxiv", ""):
        candidates.append(fields["eprint"])
    for name in ("journal", "url", "note", "howpublished", "volume"):
        match = ARXIV_IN_TEXT_RE.search(fields.get(name, ""))
        if match:
            candidates.append(match.group(1))
    for candidate in candidates:
        try:
            return normalise_arxiv_id(candidate)
        except ValidationError:
            continue
    return ""


def _month(text, where, notes):
    """1-12 from a month macro (jun), a name (June) or a number, else None."""
    text = text.strip().casefold()
    if not text:
        return None
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    if text[:3] in MONTHS:
        return MONTHS.index(text[:3]) + 1
    notes.append(Note(where, text, gettext("not a month; ignored")))
    return None


def _year_and_date(fields, where, notes):
    year, date = None, None
    if fields.get("date"):
        try:
            date = datetime.date.fromisoformat(fields["date"].strip())
        except ValueError:
            match = re.match(r"(\d{4})", fields["date"].strip())
            year = int(match.group(1)) if match else None
    raw_year = fields.get("year", "").strip()
    if raw_year:
        match = re.fullmatch(r"\d{4}", raw_year)
        if match:
            year = int(raw_year)
        else:
            reason = gettext("the year is not a four-digit number; ignored")
            notes.append(Note(where, raw_year, reason))
    month = _month(fields.get("month", ""), where, notes)
    day = fields.get("day", "").strip()
    if year and month and day.isdigit() and not date:
        try:
            date = datetime.date(year, month, int(day))
        except ValueError:
            reason = gettext("no such day; date ignored")
            notes.append(Note(where, f"{year}-{month}-{day}", reason))
    if date and year and date.year != year:
        reason = gettext("the date falls outside the year; date ignored")
        notes.append(Note(where, fields["date"], reason))
        date = None
    year = year or (date.year if date else None)
    if year is not None and not EARLIEST_YEAR <= year <= latest_year():
        given = raw_year or fields.get("date", "")
        reason = gettext("the year is not from %(earliest)d to %(latest)d; ignored") % {
            "earliest": EARLIEST_YEAR,
            "latest": latest_year(),
        }
        notes.append(Note(where, given, reason))
        return None, None
    return year, date


def _publication(entry, strings, notes):
    where = gettext("entry %(key)s (line %(line)d)") % {
        "key": repr(entry.key),
        "line": entry.start_line + 1,
    }
    raw = {}
    for field in entry.fields:
        key, value = field.key.lower(), _resolve(field, strings, where, notes)
        reason = _unreadable(key, value)
        if reason is None:
            raw[key] = value
            continue
        notes.append(Note(where, value[:60] + "…", reason))
    fields = {key: _decode(value) for key, value in raw.items() if key != "author"}
    if not fields.get("title"):
        notes.append(Note(where, entry.entry_type, gettext("no title; entry skipped")))
        return None
    kind, venue_fields = ENTRY_TYPES.get(entry.entry_type.lower(), (Kind.OTHER, ()))
    venue = next((fields[name] for name in venue_fields if fields.get(name)), "")
    arxiv_id = _arxiv_id(fields)
    if arxiv_id and (kind == Kind.OTHER or re.search(r"arxiv|corr", venue, re.I)):
        kind, venue = Kind.PREPRINT, venue if "corr" in venue.lower() else "arXiv"
    doi = ""
    if fields.get("doi"):
        try:
            doi = normalise_doi(fields["doi"])
        except ValidationError:
            notes.append(Note(where, fields["doi"], gettext("not a DOI; ignored")))
    if not arxiv_id and doi.startswith("10.48550/arxiv."):
        arxiv_id = normalise_arxiv_id(doi.removeprefix("10.48550/arxiv."))
    year, date = _year_and_date(fields, where, notes)
    authors = []
    for name in split_multiple_persons_names(raw.get("author", "")):
        if name.strip().casefold() == "others":
            continue  # "and others": the byline goes on, but no more names are known
        printed = _author_name(name)[:200]
        authors.append(ParsedAuthor(name=printed, printed=printed, where=where))
    url = fields.get("url", "")
    return ParsedPublication(
        title=fields["title"],
        where=where,
        authors=authors,
        abstract=fields.get("abstract", ""),
        language=declared_language(fields.get("langid") or fields.get("language")),
        year=year,
        date=date,
        venue=venue,
        kind=kind,
        doi=doi,
        arxiv_id=arxiv_id,
        url=url if re.match(r"https?://", url) else "",
        full_byline=True,
    )


def parse_bibtex(text, *, source="file.bib"):
    """Return a ParsedImport for the text of a .bib file, or raise ImportFileError."""
    library = bibtexparser.parse_string(text)
    result = ParsedImport(source=source)
    entries = list(library.entries)
    for block in library.failed_blocks:
        if isinstance(block, DuplicateBlockKeyBlock) and isinstance(
            block.ignore_error_block, Entry
        ):
            entries.append(block.ignore_error_block)
            where = at_line(block.start_line + 1)
            result.doubtful.append(Note(where, block.key, gettext("an entry key used twice")))
            continue
        first_line = (block.raw.strip().splitlines() or [""])[0][:60]
        reason = (str(block.error).strip().splitlines() or [""])[0]
        if isinstance(block.error, BlockAbortedException) or not reason:
            reason = gettext("it is not complete: a brace, quote or comma is missing")
        raise ImportFileError(
            gettext(
                "%(source)s, line %(line)d: the entry %(entry)s cannot be read "
                "(%(reason)s). Nothing was imported."
            )
            % {
                "source": source,
                "line": block.start_line + 1,
                "entry": repr(first_line),
                "reason": reason,
            }
        )
    if not entries:
        raise ImportFileError(
            gettext("%(source)s: no BibTeX entries (such as @article{…}) found.")
            % {"source": source}
        )
    strings = {string.key.casefold(): string.value for string in library.strings}
    for entry in sorted(entries, key=lambda entry: entry.start_line):
        publication = _publication(entry, strings, result.doubtful)
        if publication:
            result.publications.append(publication)
    return result
