"""Read a profile's publication block as one sequence of entries, not line by line.

Each entry is a title, then author lines, then at most one abstract; a page leaves its
owner out, so an entry may have no author line. The kinds of all lines are chosen at
once (Viterbi) so that a name-shaped title after author lines and an author whose
accents were mangled beyond recognition are read by what surrounds them. Each line is
scored after name repair: "cSerban Tuugurcs" is scored as "Şerban Ţuğurş".
"""

import math
import re
from functools import lru_cache

from wordfreq import zipf_frequency

from profiles.name_lexicon import default_evidence
from profiles.name_repair import repair_name
from profiles.names import PARTICLES

KINDS = ("title", "author", "abstract")
# log P(kind | kind before); None is the block's start, where only a title may stand.
_TRANSITIONS = {
    None: {"title": 1.0},
    "title": {"author": 0.7, "title": 0.25, "abstract": 0.05},
    "author": {"author": 0.7, "title": 0.22, "abstract": 0.08},
    "abstract": {"title": 0.97, "abstract": 0.03},  # a second paragraph: reported, skipped
}
TRANSITIONS = {
    before: {kind: math.log(chance) for kind, chance in after.items()}
    for before, after in _TRANSITIONS.items()
}
COMMON_WORD_ZIPF = 3.5  # about once in 300,000 words of English, or more often
# A given word no name lexicon holds may be an unseen name while English hardly uses it;
# from there to a word English uses about once in 3 million ("Perplexity" is 2.1,
# "Conjugate" 2.9) it reads ever more as a word.
RARE_WORD_ZIPF, WORD_ZIPF = 1.0, 2.5
UNKNOWN_WORD = 0.6
# A dotted initial, a quoted nickname or a lower-case particle between words: shapes of
# a byline that no title takes, so its words are names whatever else English uses them for.
NAME_SHAPED = 0.8
DOTTED_INITIAL_RE = re.compile(r"^(?:[^\W\d_]\.-?)+$")
PAGE_WORD = 0.3  # the likeness of a word the page's prose uses in lower case
FLOOR = 0.02  # no score is ever quite zero: the sequence may overrule any one line


@lru_cache(maxsize=4096)
def repaired_line(line):
    """The line as a name repair would read it, for scoring only: a doubtful name by its
    likeliest reading, since a line that may repair into a name may be an author."""
    repair = repair_name(line)
    if repair.status == "doubtful" and repair.candidates:
        return repair.candidates[0]
    return repair.name if repair.status == "repaired" else line


def _is_initials(word):
    letters = [char for char in word if char.isalpha()]
    return len(letters) <= 3 and all(char.isupper() for char in letters)


def _known(word, known):
    """The lexicon holds the word, or each piece of it: "Asani-Ólafía" is two names, and
    "L-Ban-Albrecht" an initial and two names."""
    pieces = [piece for piece in word.split("-") if len(piece) > 1]
    return known(word) or (pieces not in ([], [word]) and all(map(known, pieces)))


def _any_name(word, evidence):
    """The lexicon holds the word as a name of either kind ("Ngugi", a family name, may
    stand first too), or a piece of it: "Healing-Zloty" is a compound given name."""
    pieces = [piece for piece in word.split("-") if len(piece) > 1]
    return evidence.known(word) or any(map(evidence.known, pieces))


def _likeness(word, is_name, page_word, given, any_name):
    if page_word:
        return PAGE_WORD
    if is_name:
        return 1.0
    if given and not any_name:  # the lexicon holds nearly every name: a word it lacks is one
        # Each piece of "L-Ban-Albrecht" on its own: wordfreq reads a hyphen as a space.
        pieces = [piece for piece in word.split("-") if len(piece) > 1]
        zipf = min((zipf_frequency(piece, "en") for piece in pieces), default=0.0)
        share = min(max((zipf - RARE_WORD_ZIPF) / (WORD_ZIPF - RARE_WORD_ZIPF), 0), 1)
        return UNKNOWN_WORD - share * (UNKNOWN_WORD - 0.15)
    if given and "-" in word:  # "Highest-Dr-Mohamed": a compound with a name in it
        return UNKNOWN_WORD
    # family names are often words
    return 0.15 if zipf_frequency(word, "en") >= COMMON_WORD_ZIPF else UNKNOWN_WORD


def name_likeness(line, vocabulary=frozenset()):
    """0-1: how much every word of a line reads as a name in its place, not as a word.

    A word the name lexicon holds where it stands (a given name before the last word, a
    family name last) counts fully; a common English word (wordfreq) that is no such
    name hardly at all; a word neither knows, such as an unseen name, in between (wordfreq
    holds names too: "Ngugi", "Curie"). A word this page's own prose
    uses in lower case (`vocabulary`) is an ordinary word where a given name stands,
    whatever the lexicon says ("Use Long", "The Oštrek": names-dataset holds Use and
    The), unless it is among the commonest names of some country ("Can", "Mark"); a
    family name may well be a word ("Constant", "Young", "Swanstrom").
    A given word no name lexicon holds reads the more as a word the more English uses it.
    Initials and particles are left out, but not a capitalised first word: a byline opens
    with a given name or an initial, so "Von Jasinskas" is scored on "Von". A line shaped
    as only a byline is ("Into S. Gardi", "Self da Ioakimidis") reads as a name at least
    NAME_SHAPED.
    """
    printed = line.split()

    def family_follows(place):  # "Ada van der Berg", not "Classification von Network Shaping"
        return all(word in PARTICLES for word in printed[place + 1 : -1])

    marked = any(
        DOTTED_INITIAL_RE.match(word)
        or word.startswith('"')
        or (0 < place < len(printed) - 1 and word in PARTICLES and family_follows(place))
        for place, word in enumerate(printed)
    )
    words = [word.strip(".,") for word in printed]
    words = [
        word
        for place, word in enumerate(words)
        if not _is_initials(word)
        and not word.islower()
        and not word.startswith('"')
        and (word.casefold() not in PARTICLES or place == 0)
    ]  # initials, particles (however capitalised: "Ludwig Von Mises") and nicknames aside
    if not words:
        return 1.0
    evidence = default_evidence()
    *given, family = words
    known = [
        *(_known(word, evidence.known_given) for word in given),
        _known(family, evidence.known),
    ]
    page_words = [word.casefold() in vocabulary for word in given] + [False]
    likeness = [
        _likeness(
            word,
            is_name,
            page_word and not evidence.is_common(word),
            place < len(given),
            _any_name(word, evidence),
        )
        for place, (word, is_name, page_word) in enumerate(
            zip(words, known, page_words, strict=True)
        )
    ]
    # One plain word that is no name there makes a title, unless the shape says byline.
    return max(min(likeness), NAME_SHAPED) if marked else min(likeness)


def emissions(line, scores):
    """log-scores of one line for each kind, from the shape scores of the page parser."""
    # Squared: what a line looks like weighs more than how entries usually run on.
    return {kind: 2 * math.log(max(scores[kind], FLOOR)) for kind in KINDS}


def best_kinds(lines, score_line):
    """The likeliest kind for every line at once; `score_line(line)` gives shape scores."""
    if not lines:
        return []
    table = [emissions(line, score_line(line)) for line in lines]
    paths = {None: (0.0, [])}
    for emitted in table:
        step = {}
        for before, (score, path) in paths.items():
            for kind, transition in TRANSITIONS[before].items():
                total = score + transition + emitted[kind]
                if kind not in step or total > step[kind][0]:
                    step[kind] = (total, path)
        paths = {kind: (score, [*path, kind]) for kind, (score, path) in step.items()}
    return max(paths.values(), key=lambda pair: pair[0])[1]
