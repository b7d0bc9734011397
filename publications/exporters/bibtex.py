"""BibTeX export: Works in, BibTeX text out.

bibtexparser builds and writes the entries; pylatexenc turns non-ASCII letters
and BibTeX's special characters into LaTeX, so that classic BibTeX reads the
file as well as biber does.
"""

import re

import bibtexparser
from bibtexparser.model import Entry, Field
from pylatexenc.latexencode import UnicodeToLatexEncoder

ENTRY_TYPES = {
    "article": "article",
    "conference": "inproceedings",
    "preprint": "misc",
    "book": "book",
    "chapter": "incollection",
    "thesis": "phdthesis",
    "report": "techreport",
    "other": "misc",
}
# The field that holds Publication.venue for each entry type.
VENUE_FIELDS = {
    "article": "journal",
    "inproceedings": "booktitle",
    "incollection": "booktitle",
    "book": "publisher",
    "phdthesis": "school",
    "techreport": "institution",
    "misc": "howpublished",
}

_encoder = UnicodeToLatexEncoder(
    non_ascii_only=False, replacement_latex_protection="braces-all", unknown_char_policy="keep"
)


# TeX turns "--" into a dash and "``" or "''" into a quote; "-{}-" keeps them as typed.
_LIGATURES = re.compile(r"([-`'])(?=\1)")


def latex(text):
    encoded = _encoder.unicode_to_latex(" ".join(text.split()))
    return _LIGATURES.sub(r"\1{}", encoded)


def protected_title(title):
    """LaTeX for a title, with braces around words whose capitals must survive.

    Styles that lower-case titles would otherwise print "Mesanet" or "Rnn".
    """
    words = []
    for word in title.split():
        encoded = latex(word)
        words.append(f"{{{encoded}}}" if any(char.isupper() for char in word[1:]) else encoded)
    return " ".join(words)


def author_list(names):
    return " and ".join(latex(name.inverted) for name in names)


def entry_for(work):
    entry_type = ENTRY_TYPES.get(work.kind, "misc")
    fields = [("author", author_list(work.authors)), ("title", protected_title(work.title))]
    if work.venue:
        fields.append((VENUE_FIELDS[entry_type], latex(work.venue)))
    if work.year:
        fields.append(("year", str(work.year)))
    if work.date:
        fields.append(("month", str(work.date.month)))
    # Identifiers and addresses are verbatim in biblatex and in url.sty: no encoding.
    if work.doi:
        fields.append(("doi", work.doi))
    if work.arxiv_id:
        fields += [("eprint", work.arxiv_id), ("archiveprefix", "arXiv")]
    if work.link:
        fields.append(("url", work.link))
    if work.abstract:
        fields.append(("abstract", latex(work.abstract)))
    if work.topics:
        fields.append(("keywords", latex(", ".join(work.topics))))
    return Entry(entry_type, work.key, [Field(name, value) for name, value in fields if value])


def dumps(works):
    """Return the BibTeX text of `works`, one entry each, in the order given."""
    library = bibtexparser.Library([entry_for(work) for work in works])
    return bibtexparser.write_string(library)
