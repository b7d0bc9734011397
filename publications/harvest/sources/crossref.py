"""Crossref REST API: a work by DOI, and works that carry an ORCID iD (cursor-paged).

https://api.crossref.org/swagger-ui/index.html and
https://www.crossref.org/documentation/retrieve-metadata/rest-api/tips-for-using-the-crossref-rest-api/
(mailto= and a User-Agent with a contact put us in the polite pool; cursor=* and
message.next-cursor page deep results).
"""

import datetime
import re

from django.conf import settings

from publications.harvest.sources.http import SourceClient
from publications.harvest.sources.records import Kind, malformed, record

KINDS = {
    "journal-article": Kind.ARTICLE,
    "proceedings-article": Kind.CONFERENCE,
    "posted-content": Kind.PREPRINT,
    "book": Kind.BOOK,
    "monograph": Kind.BOOK,
    "book-chapter": Kind.CHAPTER,
    "dissertation": Kind.THESIS,
    "report": Kind.REPORT,
}
TAG_RE = re.compile(r"<[^>]+>")


def _date(work):
    for key in ("published-print", "published-online", "issued", "published"):
        parts = ((work.get(key) or {}).get("date-parts") or [[None]])[0]
        if parts and parts[0]:
            year = int(parts[0])
            if len(parts) == 3:
                try:
                    return year, datetime.date(year, int(parts[1]), int(parts[2]))
                except ValueError:
                    return year, None
            return year, None
    return None, None


def _work(work):
    authors = [
        (author.get("name") or f"{author.get('given', '')} {author.get('family', '')}", orcid)
        for author in work.get("author") or []
        for orcid in [author.get("ORCID") or ""]
    ]
    year, date = _date(work)
    titles, venues = work.get("title") or [""], work.get("container-title") or [""]
    return record(
        title=titles[0] if titles else "",
        authors=authors,
        where=f"Crossref {work['DOI']}",
        doi=work["DOI"],
        year=year,
        date=date,
        venue=venues[0] if venues else "",
        kind=KINDS.get(work.get("type") or "", Kind.OTHER),
        abstract=TAG_RE.sub(" ", work.get("abstract") or ""),
        language=work.get("language") or "",
        url=work.get("URL") or "",
    )


class CrossrefClient(SourceClient):
    name = "Crossref"
    base_url_setting = "HARVEST_CROSSREF_URL"
    interval_setting = "HARVEST_CROSSREF_INTERVAL"

    def work(self, doi):
        """The work with this DOI, or None when Crossref does not know it."""
        answer = self.json(
            f"works/{doi}", params={"mailto": settings.HARVEST_CONTACT}, missing_ok=True
        )
        if answer is None:
            return None
        with malformed(self.name):
            return _work(answer["message"])

    def works_by_orcid(self, orcid, progress=None):
        """Works whose metadata names this ORCID iD, following the cursor."""
        cursor, found = "*", []
        for _ in range(settings.HARVEST_MAX_PAGES):
            answer = self.json(
                "works",
                params={
                    "filter": f"orcid:{orcid}",
                    "rows": settings.HARVEST_PAGE_SIZE,
                    "cursor": cursor,
                    "mailto": settings.HARVEST_CONTACT,
                },
            )
            with malformed(self.name):
                message = answer["message"]
                items = message["items"]
                found += [_work(item) for item in items]
                total, cursor = message["total-results"], message.get("next-cursor")
            if progress:
                progress(len(found), total, f"Crossref: read {len(found)} of {total}")
            if not items or not cursor or len(found) >= total:
                break
        return [work for work in found if work]
