"""Read a profile's publication block as one sequence of entries, not line by line.

Each entry is a title, then author lines, then at most one abstract; a page leaves its
owner out, so an entry may have no author line. The kinds of all lines are chosen at
once (Viterbi) so that a name-shaped title after author lines and an author whose
accents were mangled beyond recognition are read by what surrounds them. Each line is
scored after name repair: "cSerban Tuugurcs" is scored as "Şerban Ţuğurş".
"""

import math
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
    """The lexicon holds the word, or each piece of it: "Asani-Ólafía" is two names."""
    pieces = [piece for piece in word.split("-") if piece]
    return known(word) or (len(pieces) > 1 and all(map(known, pieces)))


def _likeness(word, is_name, page_word):
    if page_word:
        return PAGE_WORD
    if is_name:
        return 1.0
    return 0.15 if zipf_frequency(word, "en") >= COMMON_WORD_ZIPF else 0.6


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
    Initials and lower-case particles are left out.
    """
    words = [word.strip(".,") for word in line.split()]
    words = [
        word
        for word in words
        if not _is_initials(word)
        and not word.islower()
        and not word.startswith('"')
        and word.casefold() not in PARTICLES
    ]  # initials, particles (however capitalised: "Von") and quoted nicknames aside
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
        _likeness(word, is_name, page_word and not evidence.is_common(word))
        for word, is_name, page_word in zip(words, known, page_words, strict=True)
    ]
    return min(likeness)  # one plain word that is no name there makes a title


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
