"""RIS export: Works in, RIS text out (one tag per line, one AU per author)."""

MEDIA_TYPE = "application/x-research-info-systems"

REFERENCE_TYPES = {
    "article": "JOUR",
    "conference": "CPAPER",
    "preprint": "UNPB",
    "book": "BOOK",
    "chapter": "CHAP",
    "thesis": "THES",
    "report": "RPRT",
    "other": "GEN",
}
# Where Publication.venue goes: the container title, or the publisher of a whole work.
VENUE_TAGS = {"BOOK": "PB", "THES": "PB", "RPRT": "PB"}


def _line(tag, value):
    # RIS has no continuation lines: a value is one line.
    return f"{tag}  - {' '.join(str(value).split())}"


def record_lines(work):
    reference_type = REFERENCE_TYPES.get(work.kind, "GEN")
    lines = [_line("TY", reference_type), _line("ID", work.key), _line("TI", work.title)]
    lines += [_line("AU", name.inverted) for name in work.authors]
    if work.year:
        lines.append(_line("PY", work.year))
    if work.date:
        lines.append(_line("DA", work.date.strftime("%Y/%m/%d")))
    if work.venue:
        lines.append(_line(VENUE_TAGS.get(reference_type, "T2"), work.venue))
    if work.abstract:
        lines.append(_line("AB", work.abstract))
    if work.language:
        lines.append(_line("LA", work.language))
    if work.doi:
        lines.append(_line("DO", work.doi))
    if work.arxiv_id:
        lines.append(_line("AN", f"arXiv:{work.arxiv_id}"))
    for url in dict.fromkeys(filter(None, (work.link, work.arxiv_url, work.page_url))):
        lines.append(_line("UR", url))
    if work.pdf_url:
        lines.append(_line("L1", work.pdf_url))
    lines += [_line("KW", topic) for topic in work.topics]
    lines.append("ER  - ")
    return lines


def dumps(works):
    """Return the RIS text of `works`, records separated by a blank line."""
    # RIS lines end in CR LF by its specification.
    return "\r\n\r\n".join("\r\n".join(record_lines(work)) for work in works) + "\r\n"
