"""Build the importers' records from a source's fields, checking each identifier."""

import contextlib
import datetime
import re

from django.core.exceptions import ValidationError

from profiles.identifiers import normalise_orcid
from publications.harvest.sources.http import SourceError
from publications.identifiers import normalise_arxiv_id, normalise_doi
from publications.importers.common import ParsedAuthor, ParsedPublication
from publications.importers.language import declared_language
from publications.models import Publication

Kind = Publication.Kind


@contextlib.contextmanager
def malformed(source):
    """Turn a missing or mistyped field of an answer into a SourceError."""
    try:
        yield
    except (KeyError, IndexError, TypeError, AttributeError, ValueError) as error:
        raise SourceError(
            f"{source} answered in an unexpected shape ({type(error).__name__}: {error})."
        ) from error


def _valid(normalise, value):
    try:
        return normalise(value) if value else ""
    except ValidationError:
        return ""


def parse_date(text):
    """(year, date) from '2021', '2021-05' or '2021-05-04'."""
    text = (text or "").strip()
    match = re.match(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text)
    if not match:
        return None, None
    year = int(match.group(1))
    if match.group(3):
        try:
            return year, datetime.date(year, int(match.group(2)), int(match.group(3)))
        except ValueError:
            return year, None
    return year, None


def record(
    *,
    title,
    authors,
    where,
    doi="",
    arxiv_id="",
    year=None,
    date=None,
    venue="",
    kind=Kind.OTHER,
    abstract="",
    language="",
    url="",
):
    """A ParsedPublication; `authors` are (name, ORCID iD or '') in byline order."""
    title = " ".join(str(title or "").split())
    if not title:
        return None
    if date and year and date.year != year:
        date = None
    byline = []
    for name, orcid in authors:
        name = " ".join(str(name or "").split())[:200]
        if name:
            byline.append(
                ParsedAuthor(
                    name=name, printed=name, where=where, orcid=_valid(normalise_orcid, orcid)
                )
            )
    arxiv_id = _valid(normalise_arxiv_id, arxiv_id)
    doi = _valid(normalise_doi, doi)
    if not arxiv_id and doi.startswith("10.48550/arxiv."):
        arxiv_id = _valid(normalise_arxiv_id, doi.removeprefix("10.48550/arxiv."))
    return ParsedPublication(
        title=title[:500],
        where=where,
        authors=byline,
        abstract=" ".join(str(abstract or "").split()),
        language=declared_language(language),
        year=year if year and 1000 <= year <= 2100 else None,
        date=date,
        venue=str(venue or "")[:300],
        kind=kind,
        doi=doi,
        arxiv_id=arxiv_id,
        url=url if url and url.startswith(("https://", "http://")) and len(url) <= 500 else "",
        full_byline=bool(byline),
    )
