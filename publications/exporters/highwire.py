"""Highwire Press citation_* meta tags, as Google Scholar's inclusion guidelines ask."""

# The tag that names the venue of each kind of publication.
VENUE_TAGS = {
    "article": "citation_journal_title",
    "conference": "citation_conference_title",
    "chapter": "citation_inbook_title",
    "book": "citation_publisher",
    "thesis": "citation_dissertation_institution",
    "report": "citation_technical_report_institution",
}


def highwire_tags(work):
    """Return (name, content) pairs for a publication page's <meta> tags, in order."""
    tags = [("citation_title", work.title)]
    tags += [("citation_author", name.inverted) for name in work.authors]
    if work.date:
        tags.append(("citation_publication_date", work.date.strftime("%Y/%m/%d")))
    elif work.year:
        tags.append(("citation_publication_date", str(work.year)))
    if work.venue and work.kind in VENUE_TAGS:
        tags.append((VENUE_TAGS[work.kind], work.venue))
    if work.doi:
        tags.append(("citation_doi", work.doi))
    if work.arxiv_id:
        tags.append(("citation_arxiv_id", work.arxiv_id))
    if work.pdf_url:
        tags.append(("citation_pdf_url", work.pdf_url))
    if work.abstract:
        tags.append(("citation_abstract", work.abstract))
    if work.language:
        tags.append(("citation_language", work.language))
    if work.page_url:
        tags.append(("citation_abstract_html_url", work.page_url))
    tags += [("citation_keywords", topic) for topic in work.topics]
    return tags
