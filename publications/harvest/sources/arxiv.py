"""arXiv API: Atom feeds of papers by id list or by author query, paged by start.

https://info.arxiv.org/help/api/user-manual.html: opensearch:totalResults says how many
match; errors come as a feed whose one entry's id is under /api/errors; ask at most one
request every three seconds.
"""

import xml.etree.ElementTree as ElementTree

from django.conf import settings

from publications.harvest.sources.http import SourceClient, SourceError
from publications.harvest.sources.records import Kind, malformed, parse_date, record

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
}


def _text(node, path):
    found = node.find(path, NS)
    return " ".join((found.text or "").split()) if found is not None else ""


def _entry(entry):
    link = _text(entry, "atom:id")
    arxiv_id = link.rsplit("/abs/", 1)[-1]
    year, date = parse_date(_text(entry, "atom:published")[:10])
    return record(
        title=_text(entry, "atom:title"),
        authors=[(_text(author, "atom:name"), "") for author in entry.findall("atom:author", NS)],
        where=f"arXiv {arxiv_id}",
        arxiv_id=arxiv_id,
        year=year,
        date=date,
        venue="arXiv",
        kind=Kind.PREPRINT,
        abstract=_text(entry, "atom:summary"),
        url=link.replace("http://", "https://", 1),
    )


class ArxivClient(SourceClient):
    name = "arXiv"
    base_url_setting = "HARVEST_ARXIV_URL"
    interval_setting = "HARVEST_ARXIV_INTERVAL"

    def _feed(self, params):
        response = self.get("query", params=params)
        try:
            feed = ElementTree.fromstring(response.content)
        except ElementTree.ParseError as error:
            raise SourceError(
                f"arXiv answered something that is not an Atom feed ({error})."
            ) from error
        if feed.tag != f"{{{NS['atom']}}}feed":
            raise SourceError("arXiv answered XML that is not an Atom feed.")
        entries = feed.findall("atom:entry", NS)
        if entries and "/api/errors" in _text(entries[0], "atom:id"):
            raise SourceError(f"arXiv refused the query: {_text(entries[0], 'atom:summary')}")
        return feed, entries

    def search(self, *, author="", ids=(), progress=None):
        """Papers by an author (au: query) or by arXiv ids, every page of them."""
        params = {"id_list": ",".join(ids)} if ids else {"search_query": f'au:"{author}"'}
        found, start, size = [], 0, settings.HARVEST_PAGE_SIZE
        for _ in range(settings.HARVEST_MAX_PAGES):
            feed, entries = self._feed({**params, "start": start, "max_results": size})
            with malformed(self.name):
                total = int(_text(feed, "opensearch:totalResults") or 0)
                found += [_entry(entry) for entry in entries]
            start += len(entries)
            if progress:
                progress(len(found), total, f"arXiv: read {len(found)} of {total}")
            if not entries or start >= total:
                break
        return [work for work in found if work]
