"""What every importer produces, and the checks every uploaded file goes through.

Parsers are pure: they turn text into these objects and never touch the database.
"""

import codecs
import datetime
import os
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext

MAX_BYTES = 10 * 1024 * 1024


class ImportFileError(ValueError):
    """Input that cannot be imported; the message says what is wrong and where."""


@dataclass
class Note:
    """A line or entry an editor should look at. `where` and `reason` are written in
    the active language: the request's, or for a job the language of whoever started it
    (jobs.runner), so that a stored report reads as it did."""

    where: str
    text: str
    reason: str

    def __str__(self):
        return gettext("%(where)s: %(text)s (%(reason)s)") % {
            "where": self.where,
            "text": repr(self.text),
            "reason": self.reason,
        }


def at_line(number):
    return gettext("line %(number)d") % {"number": number}


@dataclass
class ParsedAuthor:
    name: str  # the spelling to store, after repair
    printed: str  # as the source shows it
    where: str = ""
    aliases: list[str] = field(default_factory=list)  # other spellings on the same paper
    orcid: str = ""  # when the source names the author's ORCID iD (harvests)


@dataclass
class ParsedPublication:
    title: str
    where: str
    authors: list[ParsedAuthor] = field(default_factory=list)
    abstract: str = ""
    language: str = ""  # as the source declares it (an ISO 639-1 code), or ""
    year: int | None = None
    date: datetime.date | None = None
    venue: str = ""
    kind: str = ""
    doi: str = ""
    arxiv_id: str = ""
    url: str = ""
    # True when the author list is the whole byline in order (BibTeX); a scraped
    # profile page leaves out its owner, so its positions are not the byline's.
    full_byline: bool = False


@dataclass
class ParsedOwner:
    name: str
    membership: str = ""
    position: str = ""
    affiliation: str = ""
    topics: list[str] = field(default_factory=list)


@dataclass
class ParsedImport:
    source: str
    publications: list[ParsedPublication] = field(default_factory=list)
    owner: ParsedOwner | None = None
    low_confidence: list[Note] = field(default_factory=list)
    doubtful: list[Note] = field(default_factory=list)
    repairs: list[tuple[str, str, str]] = field(default_factory=list)  # before, after, why
    duplicates: list[Note] = field(default_factory=list)
    merged_on_paper: list[tuple[str, str]] = field(default_factory=list)
    # Names kept as printed for a person to decide: printed -> readings, likeliest first.
    reviews: dict[str, tuple[str, ...]] = field(default_factory=dict)


def check_size(size, *, name="file"):
    if size > MAX_BYTES:
        raise ImportFileError(
            gettext(
                "%(name)s: the file is %(size)s MB; the limit is %(most)s MB. "
                "Split it into smaller files."
            )
            % {
                "name": name,
                "size": number_format(size / 1024 / 1024, 1),
                "most": MAX_BYTES // 1024 // 1024,
            }
        )


def decode_source(data, *, name="file"):
    """Return the text of an uploaded or read file, or raise ImportFileError."""
    check_size(len(data), name=name)
    if not data.strip():
        raise ImportFileError(gettext("%(name)s: the file is empty.") % {"name": name})
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ImportFileError(
                gettext("%(name)s: the UTF-16 text is damaged.") % {"name": name}
            ) from error
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ImportFileError(
            gettext("%(name)s, line %(line)d: this is a binary file, not text.")
            % {"name": name, "line": line}
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            gettext(
                "%(name)s, line %(line)d: byte 0x%(byte)02x is not UTF-8; "
                "save the file as UTF-8 and import it again."
            )
            % {"name": name, "line": line, "byte": data[error.start]}
        ) from error


def read_source(path):
    """Read a file from disk through the same checks as an upload."""
    try:
        check_size(os.path.getsize(path), name=str(path))
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise ImportFileError(f"{path}: {error.strerror}.") from error
    return decode_source(data, name=str(path))
