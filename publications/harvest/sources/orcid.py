"""ORCID public API v3.0: a person's works by ORCID iD.

GET /{iD}/works lists summaries in groups (one group per work, its versions inside);
GET /{iD}/works/{put-code,...} reads up to 100 whole works at once, contributors
included. https://info.orcid.org/documentation/api-tutorials/api-tutorial-read-data-on-a-record/
"""

from django.conf import settings

from publications.harvest.sources.http import SourceClient, SourceError
from publications.harvest.sources.records import Kind, malformed, parse_date, record

ACCEPT = {"Accept": "application/vnd.orcid+json"}
BULK_LIMIT = 100  # the API's limit on put-codes per bulk read
KINDS = {
    "journal-article": Kind.ARTICLE,
    "conference-paper": Kind.CONFERENCE,
    "preprint": Kind.PREPRINT,
    "book": Kind.BOOK,
    "book-chapter": Kind.CHAPTER,
    "dissertation-thesis": Kind.THESIS,
    "dissertation": Kind.THESIS,
    "report": Kind.REPORT,
}


def _value(node, *path):
    for key in path:
        if not node:
            return ""
        node = node.get(key)
    return node or ""


def _work(work, orcid):
    where = f"ORCID {orcid} work {work.get('put-code')}"
    ids = {}
    for external in _value(work, "external-ids", "external-id") or []:
        if external.get("external-id-relationship", "self") == "self":
            ids.setdefault(external["external-id-type"].lower(), external["external-id-value"])
    contributors = _value(work, "contributors", "contributor") or []
    authors = [
        (_value(c, "credit-name", "value"), _value(c, "contributor-orcid", "path"))
        for c in contributors
        if _value(c, "contributor-attributes", "contributor-role") in ("", "author")
    ]
    date = work.get("publication-date") or {}
    year = _value(date, "year", "value")
    parts = [year, _value(date, "month", "value"), _value(date, "day", "value")]
    year, day = parse_date("-".join(part for part in parts if part))
    return record(
        title=_value(work, "title", "title", "value"),
        authors=authors,
        where=where,
        doi=ids.get("doi", ""),
        arxiv_id=ids.get("arxiv", ""),
        year=year,
        date=day,
        venue=_value(work, "journal-title", "value"),
        kind=KINDS.get(work.get("type", ""), Kind.OTHER),
        abstract=work.get("short-description") or "",
        url=_value(work, "url", "value"),
    )


class OrcidClient(SourceClient):
    name = "ORCID"
    base_url_setting = "HARVEST_ORCID_URL"
    interval_setting = "HARVEST_ORCID_INTERVAL"

    def works(self, orcid, progress=None):
        """The person's works as records; the first summary of each group is the
        preferred version, as ORCID shows it."""
        summary = self.json(f"{orcid}/works", headers=ACCEPT, missing_ok=True)
        if summary is None:
            raise SourceError(f"ORCID has no record for the iD {orcid}.")
        with malformed(self.name):
            codes = [group["work-summary"][0]["put-code"] for group in summary["group"]]
        found, size = [], min(BULK_LIMIT, settings.HARVEST_PAGE_SIZE)
        for start in range(0, len(codes), size):
            chunk = ",".join(str(code) for code in codes[start : start + size])
            bulk = self.json(f"{orcid}/works/{chunk}", headers=ACCEPT)
            with malformed(self.name):
                for item in bulk["bulk"]:
                    if "work" in item:
                        found.append(_work(item["work"], orcid))
            if progress:
                progress(len(found), len(codes), f"ORCID: read {len(found)} of {len(codes)}")
        return [work for work in found if work]
