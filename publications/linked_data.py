"""schema.org JSON-LD of a publication, built as Python data."""

# What isPartOf is for each kind of publication, when a venue is known.
CONTAINER_TYPES = {
    "article": "Periodical",
    "conference": "Book",
    "chapter": "Book",
}


def _person(name, url):
    data = {"@type": "Person", "name": name.full, "familyName": name.last}
    if name.given:
        data["givenName"] = name.given
    if url:
        data["url"] = url
    return data


def scholarly_article(work, *, author_urls=()):
    """A ScholarlyArticle for `work`; `author_urls` gives profile addresses in byline order."""
    urls = (list(author_urls) + [""] * len(work.authors))[: len(work.authors)]
    data = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": work.title,
        "name": work.title,
        # JSON-LD arrays are unordered sets; @list keeps the byline order.
        "author": {
            "@list": [_person(name, url) for name, url in zip(work.authors, urls, strict=True)]
        },
    }
    if work.page_url:
        data["@id"] = data["url"] = work.page_url
    if work.date:
        data["datePublished"] = work.date.isoformat()
    elif work.year:
        data["datePublished"] = str(work.year)
    if work.abstract:
        data["abstract"] = work.abstract
    if work.language:
        data["inLanguage"] = work.language
    identifiers = [("DOI", work.doi), ("arXiv", work.arxiv_id)]
    identifiers = [
        {"@type": "PropertyValue", "propertyID": scheme, "value": value}
        for scheme, value in identifiers
        if value
    ]
    if identifiers:
        data["identifier"] = identifiers
    same_as = [url for url in (work.doi_url, work.arxiv_url, work.url) if url]
    if same_as:
        data["sameAs"] = list(dict.fromkeys(same_as))
    if work.venue:
        data["isPartOf"] = {
            "@type": CONTAINER_TYPES.get(work.kind, "CreativeWork"),
            "name": work.venue,
        }
    if work.pdf_url:
        data["encoding"] = {
            "@type": "MediaObject",
            "contentUrl": work.pdf_url,
            "encodingFormat": "application/pdf",
        }
    if work.topics:
        data["keywords"] = list(work.topics)
    return data
