"""OpenAlex: works by author (ORCID iD or OpenAlex id), cursor-paged, and one by DOI.

https://docs.openalex.org/how-to-use-the-api/get-lists-of-entities/paging (cursor=*,
meta.next_cursor) and .../rate-limits-and-authentication (mailto= for the polite pool).
"""

import re

from django.conf import settings

from publications.harvest.sources.http import SourceClient
from publications.harvest.sources.records import Kind, malformed, parse_date, record

KINDS = {
    "article": Kind.ARTICLE,
    "preprint": Kind.PREPRINT,
    "book": Kind.BOOK,
    "book-chapter": Kind.CHAPTER,
    "dissertation": Kind.THESIS,
    "report": Kind.REPORT,
}
ARXIV_URL_RE = re.compile(r"arxiv\.org/abs/([^\sv?#]+(?:v\d+)?)", re.I)


def _abstract(inverted):
    """OpenAlex ships abstracts as word -> positions; put the words back in order."""
    if not inverted:
        return ""
    words = {position: word for word, positions in inverted.items() for position in positions}
    return " ".join(words[index] for index in sorted(words))


def _arxiv_id(work):
    for location in work.get("locations") or []:
        match = ARXIV_URL_RE.search((location or {}).get("landing_page_url") or "")
        if match:
            return match.group(1)
    return ""


def _work(work):
    source = ((work.get("primary_location") or {}).get("source")) or {}
    authors = [
        (
            (authorship.get("author") or {}).get("display_name")
            or authorship.get("raw_author_name"),
            (authorship.get("author") or {}).get("orcid") or "",
        )
        for authorship in work.get("authorships") or []
    ]
    year, date = parse_date(work.get("publication_date") or "")
    kind = KINDS.get(work.get("type") or "", Kind.OTHER)
    if kind == Kind.ARTICLE and source.get("type") == "conference":
        kind = Kind.CONFERENCE
    return record(
        title=work.get("title") or work.get("display_name"),
        authors=authors,
        where=f"OpenAlex {work['id']}",
        doi=work.get("doi") or "",
        arxiv_id=_arxiv_id(work),
        year=work.get("publication_year") or year,
        date=date,
        venue=source.get("display_name") or "",
        kind=kind,
        abstract=_abstract(work.get("abstract_inverted_index")),
        language=work.get("language") or "",
        url=work.get("doi") or "",
    )


class OpenAlexClient(SourceClient):
    name = "OpenAlex"
    base_url_setting = "HARVEST_OPENALEX_URL"
    interval_setting = "HARVEST_OPENALEX_INTERVAL"

    def _params(self, **params):
        return {**params, "mailto": settings.HARVEST_CONTACT}

    def works_by_author(self, *, orcid="", openalex_id="", progress=None):
        """Every work of the author, following the cursor page by page."""
        where = f"author.orcid:{orcid}" if orcid else f"author.id:{openalex_id}"
        cursor, found = "*", []
        for _ in range(settings.HARVEST_MAX_PAGES):
            page = self.json(
                "works",
                params=self._params(
                    filter=where, cursor=cursor, **{"per-page": settings.HARVEST_PAGE_SIZE}
                ),
            )
            with malformed(self.name):
                found += [_work(work) for work in page["results"]]
                total, cursor = page["meta"]["count"], page["meta"]["next_cursor"]
                if progress:
                    progress(len(found), total, f"OpenAlex: read {len(found)} of {total}")
            if not cursor or not page["results"]:
                break
        return [work for work in found if work]

    def work_by_doi(self, doi):
        """The work with this DOI, or None when OpenAlex does not know it."""
        work = self.json(f"works/doi:{doi}", params=self._params(), missing_ok=True)
        if work is None:
            return None
        with malformed(self.name):
            return _work(work)
