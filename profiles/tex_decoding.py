"""Candidate readings of one printed name token whose TeX accents lost \\ and {}.

A small lattice: at every position the letters may be read as printed or, where a
surface of `profiles.tex_traces` starts, as the accented letter it may stand for. A beam
keeps the readings the character model likes best, net of what each change costs.
"""

import unicodedata
from dataclasses import dataclass

from profiles.name_lexicon import _END, _START
from profiles.tex_traces import COMMAND, SPECIAL, SYMBOL

BEAM = 24
# What one change costs (log-odds against it) while nothing shows the name was TeX;
# a name that already showed a lost command is TeX throughout, so changes cost less.
CHANGE_COST = {
    False: {SYMBOL: 0.0, COMMAND: 2.0, SPECIAL: 99.0},
    True: {SYMBOL: 0.0, COMMAND: 1.0, SPECIAL: 3.0},
}
VOWELS = set("aeiouyAEIOUY")
ELISIONS = set("dlnoDLNO")  # letters an apostrophe follows in d'Alembert, O'Neil, N'Diaye
# Capital pairs a clean name may start with: the Dutch digraph of IJsselstein.
CLEAN_CAPITAL_PAIRS = {"IJ"}


@dataclass(frozen=True)
class Change:
    surface: str
    letter: str
    kind: str
    sure: bool  # the printed letters cannot stand there in a clean name
    weak: bool  # the printed letters are a common name shape: needs a known spelling


@dataclass(frozen=True)
class Reading:
    text: str
    model_score: float  # log-probability by the character model, minus change costs
    changes: tuple[Change, ...]


def _apostrophe_site(token, start, letter):
    """(is a site, sure, weak) for an apostrophe at `start` before `letter`."""
    if start == 0 or token[start - 1] == "-":
        return True, True, False  # 'Alvaro, Asani-'Olafia: no letter before it to elide
    if letter.isupper():
        return False, False, False  # O'Brien, D'Angelo, N'Diaye: an elision
    if start == 1 and token[0] in ELISIONS:
        return True, False, True  # d'alembert, O'neil
    at_end = start + 2 == len(token)
    if letter in VOWELS and at_end:
        return True, False, True  # Thiong'o: an apostrophe inside a name
    return True, letter not in VOWELS, False


def _quoted(token):
    return len(token) > 2 and token[0] == token[-1] == '"'


def _site(token, start, surface, kind):
    """(is a site, sure, weak) for `surface` found at `start` in `token`."""
    letter = surface[-1]
    if kind == SYMBOL:
        mark = surface[0]
        if mark == "'":
            return _apostrophe_site(token, start, letter)
        if mark == '"' and _quoted(token):
            return False, False, False  # a quoted nickname
        if mark == "." and start > 0 and token[start - 1] != "-" and letter.isupper():
            return False, False, False  # initials: C.Y.
        return True, True, False
    if start == 0 and kind == COMMAND and surface[0].islower() and letter.isupper():
        return True, True, False  # cCelik: no clean name starts small and goes on capital
    if kind == SPECIAL and _capitals_before_small(token, start, surface):
        return True, True, False  # DJordje, AEsir: no clean name starts with two capitals
    return True, False, False


def _capitals_before_small(token, start, surface):
    """True for a capital letter TeX spells with two capitals (\\DJ, \\AE) at a word's
    start and followed by a small letter, as no clean name is written."""
    after = start + len(surface)
    return (
        (start == 0 or token[start - 1] == "-")
        and len(surface) > 1
        and surface.isupper()
        and surface not in CLEAN_CAPITAL_PAIRS
        and after < len(token)
        and token[after].islower()
    )


def readings(token, table, model, *, mangled, sure_at=None, beam=BEAM):
    """The best readings of `token`, best first; the printed one is always among them
    unless a sure sign rules it out. `sure_at` is where a command split off was glued."""
    costs = CHANGE_COST[mangled]
    start_history = _START * (model.order - 1)
    # position -> [(score, text so far, model history, changes)]
    frontier = {0: [(0.0, "", start_history, ())]}
    longest = max(map(len, table), default=1)
    finished = []
    for position in range(len(token) + 1):
        hyps = sorted(frontier.pop(position, []), key=lambda hyp: -hyp[0])[:beam]
        if position == len(token):
            finished = hyps
            break
        for score, text, history, changes in hyps:
            sites = []
            for size in range(1, longest + 1):
                surface = token[position : position + size]
                if len(surface) < size:
                    break
                for letter, kind in table.get(surface, ()):
                    is_site, sure, weak = _site(token, position, surface, kind)
                    if kind == SPECIAL and costs[SPECIAL] > 50 and not sure:
                        continue  # a plain letter read as special needs a sign of TeX
                    if position == sure_at:
                        is_site, sure, weak = True, True, False
                    if is_site:
                        sites.append((surface, letter, kind, sure, weak))
            steps = []
            if not any(sure for _, _, _, sure, _ in sites):
                steps.append((token[position], None))
            for surface, letter, kind, sure, weak in sites:
                steps.append((letter, Change(surface, letter, kind, sure, weak)))
            for char, change in steps:
                step = len(change.surface) if change else 1
                new_score, new_history = score, history
                if char == "-":
                    new_score += model.char_logprob(history, _END)
                    new_history = start_history
                else:
                    folded = char.casefold()
                    for piece in folded:
                        new_score += model.char_logprob(new_history, piece)
                        new_history = (new_history + piece)[1:]
                if change:
                    new_score -= costs[change.kind]
                new_changes = (*changes, change) if change else changes
                frontier.setdefault(position + step, []).append(
                    (new_score, text + char, new_history, new_changes)
                )
    results = {}
    for score, text, history, changes in finished:
        total = score + model.char_logprob(history, _END)
        text = unicodedata.normalize("NFC", text)
        if text not in results or results[text].model_score < total:
            results[text] = Reading(text, total, changes)
    return sorted(results.values(), key=lambda reading: -reading.model_score)
