"""DBLP: a person's publication list by DBLP person id (pid), one XML document.

https://dblp.org/faq/How+to+use+the+dblp+search+API.html and
https://dblp.org/faq/13501473.html (GET /pid/{pid}.xml). The list is not paged: it is
the whole record. Names carry a homonym number ("Wei Wang 0001"), removed here.
"""

import re
import xml.etree.ElementTree as ElementTree

from publications.harvest.sources.http import SourceClient, SourceError
from publications.harvest.sources.records import Kind, record

KINDS = {
    "article": Kind.ARTICLE,
    "inproceedings": Kind.CONFERENCE,
    "book": Kind.BOOK,
    "incollection": Kind.CHAPTER,
    "phdthesis": Kind.THESIS,
    "mastersthesis": Kind.THESIS,
}
HOMONYM_RE = re.compile(r"\s+\d{4}$")
DOI_URL_RE = re.compile(r"doi\.org/(10\..+)$", re.I)
ARXIV_URL_RE = re.compile(r"arxiv\.org/abs/(.+)$", re.I)


def _text(node, tag):
    found = node.find(tag)
    return " ".join("".join(found.itertext()).split()) if found is not None else ""


def _publication(node):
    links = ["".join(ee.itertext()).strip() for ee in node.findall("ee")]
    doi = next((m.group(1) for m in map(DOI_URL_RE.search, links) if m), "")
    arxiv_id = next((m.group(1) for m in map(ARXIV_URL_RE.search, links) if m), "")
    informal = node.get("publtype") == "informal"
    kind = Kind.PREPRINT if informal and arxiv_id else KINDS.get(node.tag, Kind.OTHER)
    year = _text(node, "year")
    return record(
        title=_text(node, "title").rstrip("."),
        authors=[
            (HOMONYM_RE.sub("", "".join(author.itertext())), author.get("orcid") or "")
            for author in node.findall("author")
        ],
        where=f"DBLP {node.get('key')}",
        doi=doi,
        arxiv_id=arxiv_id,
        year=int(year) if year.isdigit() else None,
        venue="arXiv"
        if informal and arxiv_id
        else _text(node, "journal") or _text(node, "booktitle"),
        kind=kind,
        url=links[0] if links else "",
    )


class DblpClient(SourceClient):
    name = "DBLP"
    base_url_setting = "HARVEST_DBLP_URL"
    interval_setting = "HARVEST_DBLP_INTERVAL"

    def person(self, pid, progress=None):
        """Every publication on the person's DBLP record."""
        response = self.get(f"pid/{pid}.xml", missing_ok=True)
        if response is None:
            raise SourceError(f"DBLP has no person with the id {pid}.")
        try:
            root = ElementTree.fromstring(response.content)
        except ElementTree.ParseError as error:
            raise SourceError(f"DBLP answered something that is not XML ({error}).") from error
        if root.tag != "dblpperson":
            raise SourceError("DBLP answered XML that is not a person record.")
        entries = [child for r in root.findall("r") for child in r]
        found = [_publication(node) for node in entries]
        if progress:
            progress(len(found), len(entries), f"DBLP: read {len(found)} entries")
        return [work for work in found if work]
