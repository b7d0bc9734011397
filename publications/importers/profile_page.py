"""Parse the plain-text profile pages scraped from an institute website.

The format: "Portrait of NAME", the name, the membership, "position, affiliation",
a "Research Topics" block, then a "Publications" block where each entry is a title
line, one line per co-author and sometimes one long abstract line, with nothing
between entries. Lines are told apart by their shape; each gets a confidence.
"""

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext, gettext_lazy

from profiles.name_lexicon import default_evidence
from profiles.names import PARTICLES, match_key
from publications.importers.common import (
    ImportFileError,
    Note,
    ParsedAuthor,
    ParsedImport,
    ParsedOwner,
    ParsedPublication,
    at_line,
)
from publications.importers.sequence import best_kinds, name_likeness, repaired_line

# The scraper splices this into the full abstract, sometimes inside a word.
SEE_MORE_RE = re.compile(r"(?:…|\.\.\.) ?\(see more\)")
LOW_CONFIDENCE = 0.7
LONGEST_RUN = 100  # lines of one entry listed twice that are looked for: bounds the work
# Words that make a line read as English prose, not as a name.
STOPWORDS = {
    "a", "about", "across", "all", "also", "among", "an", "and", "are", "as", "at", "be",
    "beyond", "by", "can", "do", "does", "for", "from", "how", "in", "into", "is", "it",
    "its", "not", "of", "on", "or", "our", "over", "than", "that", "the", "their", "this",
    "through", "to", "towards", "under", "via", "we", "what", "when", "where", "which",
    "who", "why", "with", "without", "you", "your",
}  # fmt: skip
# Not "-ing": Bowling, Xiangming and Fleming are names.
TITLE_SUFFIXES = ("tion", "sion", "ment", "ness", "ity", "ics", "ism", "ogy", "ive")
# Every Latin capital, Ł Đ Ș Ķ Ɱ Ꝁ as well as À-Þ.
LATIN_CAPITALS = "".join(
    chr(code)
    for code in [*range(0x41, 0x250), *range(0x1E00, 0x1F00), *range(0x2C60, 0x2C80),
                 *range(0xA720, 0xA800)]
    if chr(code).isupper()
)  # fmt: skip
_NAME_TOKEN = r"""^(?:
        ['`^"~=]?[CAPITALS][^\W\d_]*(?:['’`^"~=-]+[^\W\d_]+)*[.-]?  # O'Brien, M"uller, A-'O
        |(?:[A-Z]\.-?){1,3}                                    # A.  C.Y.  J.-P.
        |[A-Z]                                                 # an initial without a dot
        |['`^"~=][a-z]                                         # a stray accent: 'c
        |"[^"\s\d]{2,}"                                       # a quoted nickname: "Bob"
    )$"""
NAME_TOKEN_RE = re.compile(_NAME_TOKEN.replace("CAPITALS", LATIN_CAPITALS), re.VERBOSE)
ACRONYM_RE = re.compile(r"^[A-Z]{2,}[a-z]?s?$")


@dataclass
class Shape:
    kind: str  # "title", "author" or "abstract"
    confidence: float


def _words(text):
    return re.findall(r"[^\W\d_]+", text.casefold())


def _known_name(word):
    return default_evidence().known(word)


def name_score(line, vocabulary=frozenset()):
    """How much a line looks like one personal name, from 0 to 1."""
    tokens = line.split()
    if not 1 <= len(tokens) <= 6 or re.search(r"[\d:;?!()\[\]{}@#%&*+<>|/\\,]", line):
        return 0.0
    score = {1: 0.35, 2: 0.95, 3: 0.95, 4: 0.85, 5: 0.6, 6: 0.45}[len(tokens)]
    for token in tokens:
        if token.casefold() in PARTICLES and token.islower():
            continue
        if token.islower() and len(token) <= 3 and token not in STOPWORDS:
            score -= 0.15  # a particle we do not know, such as "wa"
            continue
        if not NAME_TOKEN_RE.match(token) or (len(token) > 2 and ACRONYM_RE.match(token)):
            return 0.1
    prose = [token for token in tokens if len(token) > 1 and token.casefold() in STOPWORDS]
    score -= 0.35 * len(prose)
    long_words = [token.casefold() for token in tokens if len(token) >= 4]
    if long_words:
        titled = [
            word
            for word in long_words
            if word in vocabulary or (word.endswith(TITLE_SUFFIXES) and not _known_name(word))
        ]  # "Agness", "Páncsics": names that end as words do
        share = len(titled) / len(tokens)
        score *= 1 - 0.8 * share
    return max(score, 0.0)


def abstract_score(line):
    words = line.split()
    sentence_end = line.rstrip().endswith((".", "!", "?"))
    if len(words) >= 30:
        return 0.95
    if len(words) >= 18 and sentence_end and not line.rstrip().endswith("?"):
        return 0.8
    return 0.0


def title_score(line):
    score = 0.6 if len(line.split()) <= 30 else 0.3
    if re.search(r"[:?]", line) or ACRONYM_RE.search(line):
        score += 0.2
    if any(word in STOPWORDS for word in _words(line)):
        score += 0.15
    return min(score, 0.95)


def classify(line, *, expect_title, vocabulary=frozenset(), known_titles=frozenset()):
    """Return the Shape of one publication-block line.

    `expect_title` is set after an abstract or at the start, where an entry must begin;
    `known_titles` are lines that stand where only a title can, elsewhere in the file.
    """
    if line in known_titles and not expect_title:
        return Shape("title", 0.75)
    scores = {
        "author": name_score(line, vocabulary),
        "abstract": abstract_score(line),
        "title": title_score(line),
    }
    if expect_title and scores["abstract"] >= 0.8:
        return Shape("abstract", 0.5)  # prose where a title should start: a stray paragraph
    if expect_title:
        other = max(scores["author"], scores["abstract"])
        return Shape("title", round(min(0.95, 1.2 - other), 2))
    if scores["author"] >= 0.5:
        scores["title"] = min(scores["title"], 1 - scores["author"] / 2)
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (kind, best), (_, second) = ranked[0], ranked[1]
    return Shape(kind, round(min(0.95, 0.5 + best - second), 2))


def remove_see_more(text):
    """The abstract with the scraper's "… (see more)" marker cut out and nothing else."""
    return SEE_MORE_RE.sub("", text)


def _vocabulary(lines, topics):
    """Lower-case words of prose in this file: a capitalised one in a line hints at a title."""
    words = set()
    for line in lines:
        prose = abstract_score(line) or re.search(r"[:?]", line) or len(line.split()) > 6
        if prose or name_score(line) < 0.5:  # titles too, not bylines' particles
            words.update(word for word in re.findall(r"\b[a-z]{2,}\b", line))
    for topic in topics:
        words.update(_words(topic))
    return frozenset(words)


def _title_words(lines):
    """Every word, capitalised or not, of the lines that can only be titles (three words
    or more that read as neither a name, once repaired, nor prose): ordinary words on this
    page, so the same word opening a two-word line is a word there too ("Rank Houeiss")."""
    words = set()
    for line in lines:
        if len(line.split()) < 3 or abstract_score(line):
            continue
        if max(name_score(line), name_score(repaired_line(line))) < 0.5:
            words.update(_words(line))
    return frozenset(words)


def _repeated_starts(lines):
    """Lines that open a run of lines printed again right after it: an entry listed twice
    is repeated whole, title first, so whatever such a run opens with is a title. A single
    line twice in a row too: no byline names a person twice, so it is an entry of a title
    alone, listed twice."""
    places = defaultdict(list)
    for place, line in enumerate(lines):
        places[line].append(place)
    starts, index = set(), 0
    while index < len(lines):
        # Only where the same line comes again can a run repeat: most lines never do.
        same = places[lines[index]]
        near = same[bisect_right(same, index) : bisect_right(same, index + LONGEST_RUN)]
        for later in near:
            size = later - index  # compared line by line: a mismatch stops it at once
            fits = later + size <= len(lines)
            if fits and all(lines[index + k] == lines[later + k] for k in range(size)):
                starts.add(lines[index])
                index = later - 1  # the copy is read from its own start, never shifted
                break
        index += 1
    return frozenset(starts)


def _header(lines, result):
    """Fill the owner from the lines before "Publications"; return the next index."""
    (first_number, first), index = lines[0], 1
    if not first.startswith("Portrait of "):
        raise ImportFileError(
            gettext("%(source)s, line %(line)d: expected 'Portrait of NAME', got %(text)s.")
            % {"source": result.source, "line": first_number, "text": repr(first[:60])}
        )
    name = first.removeprefix("Portrait of ").strip()
    if index < len(lines) and match_key(lines[index][1]) == match_key(name):
        index += 1
    owner = ParsedOwner(name=name)
    header = []
    while index < len(lines) and lines[index][1] not in ("Research Topics", "Publications"):
        header.append(lines[index])
        index += 1
    for number, text in header:
        if "," in text and not owner.position:
            position, _, affiliation = (part.strip()[:200] for part in text.partition(","))
            owner.position, owner.affiliation = position, affiliation
        elif not owner.membership:
            owner.membership = text
        else:
            reason = gettext("unexpected header line")
            result.doubtful.append(Note(at_line(number), text, reason))
    if index < len(lines) and lines[index][1] == "Research Topics":
        index += 1
        while index < len(lines) and lines[index][1] != "Publications":
            owner.topics.append(lines[index][1][:120])
            index += 1
    result.owner = owner
    return index + 1


def line_scores(line, vocabulary=frozenset(), known_titles=frozenset(), words=frozenset()):
    """Shape scores of one line for each kind, its name scored after repair; `words` are
    further ordinary words of the page, weighed only where a given name stands."""
    repaired, page_words = repaired_line(line), vocabulary | words
    author = max(name_score(line, vocabulary), name_score(repaired, vocabulary))
    author *= name_likeness(repaired, page_words)
    if repaired != line:  # a doubtful reading may be wrong: the line as printed may be a name
        author = max(author, name_score(line, vocabulary) * name_likeness(line, page_words))
    scores = {"author": author, "abstract": abstract_score(line), "title": title_score(line)}
    if author >= 0.5:
        scores["title"] = min(scores["title"], 1 - author / 2)
    scores["title"] = min(scores["title"], 1 - scores["abstract"])  # prose is no title
    if line in known_titles:
        scores["title"], scores["author"] = 0.95, min(author, 0.3)
    return scores


def _read(body, vocabulary, known_titles, words):
    """(line number, line, Shape, came where only a title can) for each publication line."""
    kinds = best_kinds(
        [line for _, line in body],
        lambda line: line_scores(line, vocabulary, known_titles, words),
    )
    readings, expect_title = [], True
    for (number, line), kind in zip(body, kinds, strict=True):
        shape = classify(
            line, expect_title=expect_title, vocabulary=vocabulary, known_titles=known_titles
        )
        if shape.kind != kind:  # the sequence overruled the line's own shape
            shape = Shape(kind, min(shape.confidence, 0.6))
        readings.append((number, line, shape, expect_title and kind == "title"))
        expect_title = kind == "abstract"
    return readings


# The kinds of line the reader tells apart (sequence.KINDS), as the report names them.
KIND_NAMES = {
    "title": gettext_lazy("title"),
    "author": gettext_lazy("author"),
    "abstract": gettext_lazy("abstract"),
}


def low_confidence_reason(shape):
    return gettext("read as %(kind)s, confidence %(confidence)s") % {
        "kind": KIND_NAMES[shape.kind],
        "confidence": shape.confidence,
    }


def parse_profile(text, *, source="profile"):
    """Return a ParsedImport for the text of one scraped profile page."""
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1)]
    lines = [(number, line) for number, line in lines if line]
    if not lines:
        raise ImportFileError(gettext("%(name)s: the file is empty.") % {"name": source})
    result = ParsedImport(source=source)
    body = lines[_header(lines, result) :]
    texts = [line for _, line in body]
    vocabulary, words = _vocabulary(texts, result.owner.topics), _title_words(texts)
    # A line that opens an entry where only a title can stand is a title wherever
    # the same text appears again (an entry listed twice), however name-like it is.
    first = _read(body, vocabulary, frozenset(), words)
    known_titles = frozenset(line for _, line, _, certain in first if certain)
    known_titles |= _repeated_starts(texts)
    current = None
    for number, line, shape, _ in _read(body, vocabulary, known_titles, words):
        where = at_line(number)
        if shape.kind == "title":
            current = ParsedPublication(title=line[:500], where=where)
            result.publications.append(current)
        elif shape.kind == "author":
            current.authors.append(ParsedAuthor(name=line, printed=line, where=where))
        elif current is None or current.abstract:
            reason = gettext("a second abstract line; skipped")
            result.doubtful.append(Note(where, line[:80], reason))
        else:
            current.abstract = remove_see_more(line)
        if shape.confidence < LOW_CONFIDENCE:
            result.low_confidence.append(Note(where, line[:80], low_confidence_reason(shape)))
    return result
