"""BibTeX export: Works in, BibTeX text out.

bibtexparser builds and writes the entries; pylatexenc turns non-ASCII letters
and BibTeX's special characters into LaTeX, so that classic BibTeX reads the
file as well as biber does.
"""

import re
from functools import lru_cache

import bibtexparser
from bibtexparser.middlewares.parsestack import default_unparse_stack
from bibtexparser.model import Entry, Field
from bibtexparser.writer import BibtexFormat
from pylatexenc.latexencode import RULE_DICT, UnicodeToLatexConversionRule, UnicodeToLatexEncoder

# biblatex names a language as babel does (langid); the codes our pages use.
BABEL_NAMES = {"en": "english", "fr": "french", "de": "ngerman", "es": "spanish", "it": "italian"}

MEDIA_TYPE = "application/x-bibtex"

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

# Where pylatexenc's defaults do not read back as the same text: the Hungarian double
# acute, a closing quote written for '"', and letters with no faithful macro, which
# stay as UTF-8 (biber and bibtexparser read them as they are).
_CORRECTIONS = {ord("ű"): r"\H{u}", ord("Ű"): r"\H{U}", ord('"'): '"'} | {
    ord(char): char for char in "·ĦħĸĿŀŉŦŧ"
}
_encoder = UnicodeToLatexEncoder(
    conversion_rules=[
        UnicodeToLatexConversionRule(RULE_DICT, _CORRECTIONS),
        "defaults",
    ],
    non_ascii_only=False,
    replacement_latex_protection="braces-all",
    unknown_char_policy="keep",
    unknown_char_warning=False,
)


# TeX turns "--" into a dash and "``" or "''" into a quote; "-{}-" keeps them as typed.
_LIGATURES = re.compile(r"([-`'])(?=\1)")


# Text without these (plain ASCII) comes out of the encoder unchanged: skip it, for speed.
_NEEDS_ENCODING = re.compile(r'[^\x20-\x7e]|["#$%&<>\\^_{}~]')


def _encode(text):
    return _encoder.unicode_to_latex(text) if _NEEDS_ENCODING.search(text) else text


# Names, venues, topics and title words recur from entry to entry (a co-author on 40
# papers); pylatexenc takes about 0.1 ms a string, so short texts are encoded once.
# Abstracts are long and unique: caching them would only hold memory.
_CACHED_LENGTH = 300


@lru_cache(maxsize=32768)
def _latex_cached(text):
    return _latex(text)


def latex(text):
    return _latex_cached(text) if len(text) <= _CACHED_LENGTH else _latex(text)


def _latex(text):
    text = " ".join(text.replace("\x00", "").split())
    # Break ligatures before encoding, so the encoder's own output ("{''}" for '"') stays.
    pieces = _LIGATURES.sub("\\1\x00", text).split("\x00")
    return "{}".join(_encode(piece) for piece in pieces)


def protected_title(title):
    """LaTeX for a title, with braces around words whose capitals must survive.

    Styles that lower-case titles would otherwise print "Mesanet" or "Rnn".
    """
    words = []
    for word in title.split():
        encoded = latex(word)
        words.append(f"{{{encoded}}}" if any(char.isupper() for char in word[1:]) else encoded)
    return " ".join(words)


# BibTeX splits an author field at the word "and" in any case: braced, it stays a name.
_AND_WORD = re.compile(r"(?<!\S)and(?!\S)", re.IGNORECASE)


def author_list(names):
    return " and ".join(_AND_WORD.sub(r"{\g<0>}", latex(name.inverted)) for name in names)


def verbatim(value):
    """`value` for a verbatim field, its braces percent-encoded as in an address: a
    brace would close the field early and let the rest write fields of its own."""
    return value.replace("{", "%7B").replace("}", "%7D")


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
        fields.append(("doi", verbatim(work.doi)))
    if work.arxiv_id:
        fields += [("eprint", verbatim(work.arxiv_id)), ("archiveprefix", "arXiv")]
    if work.link:
        fields.append(("url", verbatim(work.link)))
    if work.abstract:
        fields.append(("abstract", latex(work.abstract)))
    if work.language in BABEL_NAMES:
        fields.append(("langid", BABEL_NAMES[work.language]))
    if work.topics:
        fields.append(("keywords", latex(", ".join(work.topics))))
    return Entry(entry_type, work.key, [Field(name, value) for name, value in fields if value])


def dumps(works):
    """Return the BibTeX text of `works`, one entry each, in the order given."""
    return _FORMAT.block_separator.join(entry_text(work) for work in works)


# A Work is frozen and holds everything its entry shows, so the entry's text can be
# kept by the Work itself: an edited publication makes another Work, never a stale text.
# A 500-entry export spent 60 ms building and writing entries it had written before.
@lru_cache(maxsize=4096)
def entry_text(work):
    """One entry as bibtexparser writes it in a library (entries are written apart:
    the default format aligns nothing across them)."""
    library = bibtexparser.Library([entry_for(work)])
    # The library is ours to change: writing it in place spares a deep copy.
    stack = default_unparse_stack(allow_inplace_modification=True)
    return bibtexparser.write_string(library, unparse_stack=stack, bibtex_format=_FORMAT)


_FORMAT = BibtexFormat()
