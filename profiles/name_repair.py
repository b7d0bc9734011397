"""Repair personal names whose TeX accent commands lost their backslash and braces.

A scraper that drops backslashes and braces turns ``Trzci\\'{n}ski`` into
``Trzci'nski`` and ``Veli\\v{c}kovi\\'{c}`` into ``Velivckovi 'c``. Each word is read
every way its letters allow (`profiles.tex_decoding`) and the readings are ranked by
evidence: a clean spelling of the name elsewhere in the data, the spellings of the name
lexicon, and a character model of names for those no lexicon holds. A sign that cannot
stand in a clean name (``^o``, ``'n``) rules the printed form out; otherwise a reading
must beat it clearly, and a close call keeps the name as printed and says what it might be.
Mojibake (UTF-8 read as Latin-1) is undone by ftfy first.
"""

import math
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache

import ftfy
from django.utils.translation import gettext_noop

from profiles.name_lexicon import default_evidence
from profiles.names import PARTICLES
from profiles.tex_decoding import readings
from profiles.tex_traces import (
    LETTER_COMMANDS,
    SYMBOL_COMMANDS,
    TIE,
    TIE_COMMAND,
    decode_accent,
    is_standalone_trace,
    surfaces,
)

# Log-odds a reading must beat the printed form by to replace it, or to be mentioned.
SURE_MARGIN = 3.0
DOUBT_MARGIN = 2.0
# The same once the name has shown it went through TeX: the printed letters are then
# only one more reading of its TeX.
TEX_SURE_MARGIN = 0.01
TEX_DOUBT_MARGIN = -1
LEXICON_BONUS = 6.0  # per word of the reading the name lexicon holds
PLAIN_IN_TEX_BONUS = 3.0
DATA_BONUS = 12.0  # per word spelled so in a clean name of the data or the same file

_SYMBOL_RE = re.compile(r"([" + re.escape(SYMBOL_COMMANDS.strip(".")) + r"])([A-Za-z])")
_INITIALS_RE = re.compile(r"(?:[A-Z]\.?-?){1,3}")


@dataclass(frozen=True)
class Repair:
    printed: str
    name: str
    status: str  # "unchanged", "repaired" or "doubtful"
    reason: str = ""  # the evidence that decided a repair, or what a doubtful name might be
    candidates: tuple[str, ...] = ()  # a doubtful name's readings, likeliest first
    # What decided a repair, each in English, to be translated where it is shown.
    evidence: tuple[str, ...] = ()


@cache
def _command_for_mark():
    """Map each combining mark to the TeX command that draws it, decoded by pylatexenc."""
    marks = {}
    for command in SYMBOL_COMMANDS + LETTER_COMMANDS:
        for letter in "aeioucnszrgAEIOUCNSZRG":
            decoded = decode_accent(command, letter)
            if decoded:
                for char in unicodedata.normalize("NFD", decoded)[1:]:
                    marks.setdefault(char, command)
    marks[TIE] = TIE_COMMAND  # t͡s: Li\t{ts}a loses \ and {} as "Littsa"
    return marks


def has_tex_traces(name):
    return bool(_SYMBOL_RE.search(name))


def _lost_commands(clean):
    """(letter, commands) for each letter of `clean`: the TeX commands whose loss leaves
    the bare letter, or none when a mark has no command (the letter then stays whole)."""
    marks = _command_for_mark()
    decomposed = unicodedata.normalize("NFD", clean)
    index = 0
    while index < len(decomposed):
        char = decomposed[index]
        index += 1
        accents = []
        while index < len(decomposed) and unicodedata.combining(decomposed[index]):
            accents.append(decomposed[index])
            index += 1
        commands = [marks.get(accent) for accent in accents]
        if commands and all(commands):
            yield char, commands
        else:
            yield unicodedata.normalize("NFC", char + "".join(accents)), []


@cache
def _mangled_pattern(clean):
    """A regex that matches `clean` as it reads after its TeX accents lost \\ and {}."""
    parts = []
    for char, commands in _lost_commands(clean):
        if char.isspace():
            parts.append(r"\s+")
        else:  # each lost command may have left a space on either side ("Velivckovi 'c")
            lost = "".join(rf"(?:\s?{re.escape(command)}\s?)?" for command in commands)
            parts.append(lost + re.escape(char))
    return re.compile("".join(parts))


def _strip(text):
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def matches_clean_spelling(printed, clean):
    """True if `printed` is `clean` with its accents written as mangled TeX commands."""
    bare = _strip(clean)
    accents = len(unicodedata.normalize("NFD", clean)) - len(bare)
    # Each lost command adds one or two characters ("'n", "v c"): a cheap first filter.
    if not accents or not 0 < len(printed) - len(bare) <= 2 * accents or printed == clean:
        return False
    return bool(_mangled_pattern(clean).fullmatch(printed))


_COMMAND_CHARS = frozenset(SYMBOL_COMMANDS + LETTER_COMMANDS + TIE_COMMAND)


def _skeleton(letters):
    """What is left of a name once spaces and the letters TeX commands are made of go."""
    return "".join(char for char in letters if char not in _COMMAND_CHARS and not char.isspace())


def mangled_skeleton(printed):
    """The skeleton of a name as printed."""
    return _skeleton(printed)


@cache
def clean_skeleton(clean):
    """The skeleton every mangled printing of `clean` has (see _mangled_pattern): a lost
    command only adds command letters and spaces before the letter it accented."""
    return _skeleton("".join(char for char, _ in _lost_commands(clean)))


class CleanSpellings:
    """Clean spellings the data holds, indexed so that finding the one a mangled name
    stands for reads a handful of them instead of all."""

    def __init__(self, names):
        self.names = tuple(names)
        self.by_skeleton = {}
        for name in self.names:
            self.by_skeleton.setdefault(clean_skeleton(name), []).append(name)
        self.tokens = frozenset(
            token.casefold()
            for name in self.names
            for word in name.split()
            for token in word.split("-")
            if not token.isascii()
        )

    def __iter__(self):
        return iter(self.names)

    def spelled_by(self, text):
        """The first clean spelling (in the given order) that `text` is a mangling of."""
        for clean in self.by_skeleton.get(mangled_skeleton(text), ()):
            if matches_clean_spelling(text, clean):
                return clean
        return None


def _is_initials(token):
    return bool(_INITIALS_RE.fullmatch(token))


def _tokens(text, table):
    """(word, where a split command was glued on) for each word of a name.

    "Velivckovi 'c": a command split from its word is glued back, and is a sure sign.
    """
    tokens = []
    for word in text.split(" "):
        if tokens and is_standalone_trace(word, table):
            tokens[-1] = (tokens[-1][0] + word, len(tokens[-1][0]))
        else:
            tokens.append((word, None))
    return tokens


def _nickname(token):
    """A nickname in double quotes or brackets ("Bob", (Bob)), whose letters are read as
    any other word's: a quote that closes it is no umlaut ("Na"imatou" is "Naïmatou")."""
    return len(token) > 2 and token[0] in '"(' and token[-1] == {'"': '"', "(": ")"}[token[0]]


def _skipped(token):
    quoted = len(token) > 2 and token[0] in "\"'(" and token[-1] in "\"')"
    return (
        _is_initials(token) or quoted or (token.islower() and len(token) <= 3) or token in PARTICLES
    )


@dataclass(frozen=True)
class _Verdict:
    text: str
    status: str  # "unchanged", "repaired" or "doubtful"
    evidence: str = ""
    candidates: tuple[str, ...] = ()
    shows_tex: bool = False


def _bonus(text, evidence, data_tokens, *, mangled=False):
    """(score, from the data, from the lexicon) that what is known adds to a reading.

    In a name that went through TeX a plain spelling the lexicon knows counts for less:
    the lexicon holds many names folded to ASCII, but TeX was there to write accents.
    """
    pieces = [piece for piece in text.split("-") if piece]
    in_data = bool(pieces) and all(piece.casefold() in data_tokens for piece in pieces)
    known = bool(pieces) and all(evidence.known(piece) for piece in pieces)
    lexicon = sum(
        (PLAIN_IN_TEX_BONUS if mangled and piece.isascii() else LEXICON_BONUS)
        for piece in pieces
        if evidence.known(piece)
    )
    return DATA_BONUS * in_data + lexicon, in_data, known


def _deciding_evidence(best, runner, evidence, data_tokens, forced):
    _, in_data, known = _bonus(best.text, evidence, data_tokens)
    if in_data and not (runner and _bonus(runner.text, evidence, data_tokens)[1]):
        return gettext_noop("spelling in the data")
    if forced and all(change.sure for change in best.changes):
        return "TeX accent rule"
    if known and not (runner and evidence.known(runner.text)):
        return gettext_noop("name lexicon")
    return gettext_noop("character model")


def _judge(word, evidence, table, data_tokens, *, mangled):
    token, glued_at = word
    if _nickname(token):
        inner = _judge((token[1:-1], None), evidence, table, data_tokens, mangled=mangled)
        opened, closed = token[0], token[-1]
        return replace(
            inner,
            text=opened + inner.text + closed,
            candidates=tuple(opened + text + closed for text in inner.candidates),
        )
    if _skipped(token):
        return _Verdict(token, "unchanged")
    model = evidence.native_model if mangled else evidence.model
    options = readings(token, table, model, mangled=mangled, sure_at=glued_at)
    ranked = sorted(
        ((reading.model_score + _bonus(reading.text, evidence, data_tokens, mangled=mangled)[0],
          reading)
         for reading in options),
        key=lambda pair: -pair[0],
    )  # fmt: skip
    (best_score, best), rest = ranked[0], ranked[1:]
    if best.text == token:
        return _Verdict(token, "unchanged")
    printed = next((pair for pair in ranked if pair[1].text == token), None)
    forced = printed is None  # a sure sign of a lost command rules the printed letters out
    runner_score, runner = printed or (rest[0] if rest else (-math.inf, None))
    margin = best_score - runner_score
    # Does any reading free of doubtful apostrophes clearly beat the printed letters?
    shows_tex = forced or any(
        score - runner_score >= SURE_MARGIN and not any(change.weak for change in reading.changes)
        for score, reading in ranked
    )
    candidates = tuple(reading.text for score, reading in ranked[:3] if score > best_score - 8)
    _, in_data, known = _bonus(best.text, evidence, data_tokens)
    weak = not mangled and any(change.weak for change in best.changes)
    sure, doubt = (TEX_SURE_MARGIN, TEX_DOUBT_MARGIN) if mangled else (SURE_MARGIN, DOUBT_MARGIN)
    if margin >= sure and not (weak and not (in_data or known)):
        reason = _deciding_evidence(best, runner, evidence, data_tokens, forced)
        return _Verdict(best.text, "repaired", reason, candidates, shows_tex)
    if margin >= doubt or forced or weak:
        return _Verdict(token, "doubtful", "", candidates, shows_tex)
    return _Verdict(token, "unchanged", shows_tex=shows_tex)


def _repair_by_evidence(words, evidence, data_tokens):
    table = surfaces()
    verdicts = [_judge(word, evidence, table, data_tokens, mangled=False) for word in words]
    if any(verdict.shows_tex for verdict in verdicts):
        # One lost command shows the name went through TeX: read it all again as such.
        verdicts = [_judge(word, evidence, table, data_tokens, mangled=True) for word in words]
    return verdicts


def _alternatives(tokens, verdicts):
    """Whole-name candidates, best first: each doubtful word read its likeliest ways."""
    names = [" ".join(verdict.text for verdict in verdicts)]
    for index, verdict in enumerate(verdicts):
        if verdict.status != "doubtful":
            continue
        for candidate in verdict.candidates:
            pairs = zip(tokens, verdicts, strict=True)
            words = [v.text if v.status == "repaired" else t for t, v in pairs]
            words[index] = candidate
            names.append(" ".join(words))
    return tuple(dict.fromkeys(name for name in names[1:] if name != " ".join(tokens)))


def repair_name(printed, clean_names=(), *, evidence=None):
    """Repair one name as printed; `clean_names` are spellings the data holds elsewhere
    (a CleanSpellings when many names are repaired against the same ones)."""
    text = " ".join(printed.split())
    fixed = ftfy.fix_encoding(text)
    if fixed != text:
        why = gettext_noop("mojibake (ftfy)")
        return Repair(printed, fixed, "repaired", why, evidence=(why,))
    if not isinstance(clean_names, CleanSpellings):
        clean_names = CleanSpellings(clean_names)
    clean = clean_names.spelled_by(text)
    if clean is not None:
        why = gettext_noop("clean spelling in the data")
        return Repair(printed, clean, "repaired", why, evidence=(why,))
    evidence = evidence or default_evidence()
    data_tokens = clean_names.tokens
    words = _tokens(text, surfaces())
    verdicts = _repair_by_evidence(words, evidence, data_tokens)
    tokens = [token for token, _ in words]
    if any(verdict.status == "doubtful" for verdict in verdicts):
        candidates = _alternatives(tokens, verdicts)
        shown = " or ".join(repr(name) for name in candidates)
        return Repair(printed, text, "doubtful", f"might be {shown}; kept as printed", candidates)
    if any(verdict.status == "repaired" for verdict in verdicts):
        name = " ".join(verdict.text for verdict in verdicts)
        reasons = dict.fromkeys(v.evidence for v in verdicts if v.status == "repaired")
        return Repair(printed, name, "repaired", ", ".join(reasons), evidence=tuple(reasons))
    return Repair(printed, text, "unchanged")
