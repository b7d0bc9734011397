"""CSL-JSON export: Works in, CSL input data out (valid against csl-data.json)."""

import orjson

MEDIA_TYPE = "application/vnd.citationstyles.csl+json"

CSL_TYPES = {
    "article": "article-journal",
    "conference": "paper-conference",
    "preprint": "article",
    "book": "book",
    "chapter": "chapter",
    "thesis": "thesis",
    "report": "report",
    "other": "document",
}
# Types whose venue is the publisher (or university) rather than a container.
PUBLISHER_VENUE = {"book", "thesis", "report"}


def csl_name(name):
    data = {}
    if name.family:
        data["family"] = name.family
    if name.given:
        data["given"] = name.given
    if name.particle:
        # Sorted under the family name, as the directory sorts people.
        data["dropping-particle"] = name.particle
    return data


def issued(work):
    if work.date:
        return {"date-parts": [[work.date.year, work.date.month, work.date.day]]}
    return {"date-parts": [[work.year]]}


def item_for(work):
    csl_type = CSL_TYPES.get(work.kind, "document")
    item = {"id": work.key, "type": csl_type, "title": work.title}
    if work.authors:
        item["author"] = [csl_name(name) for name in work.authors]
    if work.year or work.date:
        item["issued"] = issued(work)
    if work.venue:
        item["publisher" if csl_type in PUBLISHER_VENUE else "container-title"] = work.venue
    elif work.arxiv_id:
        # How Zotero records a preprint: arXiv as publisher, the id as its number.
        item["publisher"] = "arXiv"
        item["number"] = f"arXiv:{work.arxiv_id}"
    if work.doi:
        item["DOI"] = work.doi
    if work.link:
        item["URL"] = work.link
    if work.abstract:
        item["abstract"] = work.abstract
    if work.language:
        item["language"] = work.language
    if work.topics:
        item["keyword"] = ", ".join(work.topics)
    return item


def items(works):
    return [item_for(work) for work in works]


def dumps(works):
    # orjson writes what json.dumps(…, ensure_ascii=False, indent=2) wrote, byte for
    # byte; json's indenting encoder is pure Python, 1.2 s for 1,600 entries (issue 15).
    return orjson.dumps(items(works), option=orjson.OPT_INDENT_2).decode() + "\n"
