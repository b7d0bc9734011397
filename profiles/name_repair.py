"""Repair personal names whose TeX accent commands lost their backslash and braces.

A scraper that drops backslashes and braces turns ``Trzci\\'{n}ski`` into
``Trzci'nski`` and ``Veli\\v{c}kovi\\'{c}`` into ``Velivckovi 'c``. The rule below
finds such remains of accent commands, rebuilds the TeX command and decodes it
with pylatexenc, so every accent TeX knows is handled without a table of names.
A clean spelling of the same name found elsewhere in the data wins over the rule.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from pylatexenc.latex2text import LatexNodes2Text

# Accent commands written with a symbol: acute, grave, circumflex, umlaut, tilde, macron.
SYMBOL_COMMANDS = "'`^\"~="
# Accent commands written with a letter: caron, cedilla, breve, ring, ogonek,
# double acute, dot below, bar below, dot above.
LETTER_COMMANDS = "vcurkHdb."
CONSONANTS = "bcdfghjklmnpqrstvwxzBCDFGHJKLMNPQRSTVWXZ"
VOWELS = "aeiouyAEIOUY"

_decoder = LatexNodes2Text()
_SYMBOL_RE = re.compile(r"([" + re.escape(SYMBOL_COMMANDS) + r"])([A-Za-z])")
_CARON_RE = re.compile(r"(?<=[A-Za-z])v([" + CONSONANTS + r"])")


@dataclass(frozen=True)
class Repair:
    printed: str
    name: str
    status: str  # "unchanged", "repaired" or "doubtful"
    reason: str = ""


@cache
def decode_accent(command, letter):
    """The precomposed letter for TeX ``\\command{letter}``, or None if there is none."""
    text = unicodedata.normalize("NFC", _decoder.latex_to_text(f"\\{command}{{{letter}}}"))
    return text if len(text) == 1 and text != letter else None


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
    return marks


def has_tex_traces(name):
    return bool(_SYMBOL_RE.search(name))


@cache
def _mangled_pattern(clean):
    """A regex that matches `clean` as it reads after its TeX accents lost \\ and {}."""
    marks = _command_for_mark()
    parts = []
    decomposed = unicodedata.normalize("NFD", clean)
    index = 0
    while index < len(decomposed):
        char = decomposed[index]
        index += 1
        commands = []
        while index < len(decomposed) and unicodedata.combining(decomposed[index]):
            commands.append(marks.get(decomposed[index]))
            index += 1
        if char.isspace():
            parts.append(r"\s+")
        elif commands and all(commands):
            accents = "".join(rf"(?:\s?{re.escape(command)}\s?)?" for command in commands)
            parts.append(accents + re.escape(char))
        else:
            parts.append(re.escape(unicodedata.normalize("NFC", char + "".join(commands or ""))))
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


def _symbol_verdict(word, match, glued):
    """'strong', 'doubtful' or None (not an accent) for one symbol+letter in a word."""
    command, letter = match.groups()
    if letter.isupper() and command == "'" and match.start() > 0 and not glued:
        return None  # an elision such as O'Brien or D'Angelo
    if command == '"' and word.startswith('"') and word.endswith('"'):
        return None  # a quoted nickname
    if decode_accent(command, letter) is None:
        return "doubtful"
    if glued or match.start() == 0 or command != "'":
        return "strong"  # ` ^ " ~ = never stand inside a name; an apostrophe may
    before = re.search(r"[^\W\d_]*$", word[: match.start()]).group()
    after = word[match.end() :]
    if len(before) >= 2 and (after or letter not in VOWELS):
        return "strong"
    return "doubtful"


def _apply_rule(text):
    """Return (repaired text, verdict) by the TeX accent rule alone."""
    words = []
    for word in text.split(" "):
        # "Velivckovi 'c": a lone command and letter belong to the word before.
        if words and _SYMBOL_RE.fullmatch(word):
            words[-1] = (words[-1][0] + word, len(words[-1][0]))
        else:
            words.append((word, None))
    verdicts, out = [], []
    for word, glued_at in words:
        pieces, last, strong = [], 0, False
        for match in _SYMBOL_RE.finditer(word):
            verdict = _symbol_verdict(word, match, glued=match.start() == glued_at)
            if verdict is None:
                continue
            verdicts.append(verdict)
            strong = strong or verdict == "strong"
            decoded = decode_accent(*match.groups()) or match.group()
            pieces.append(word[last : match.start()] + decoded)
            last = match.end()
        pieces.append(word[last:])
        word = "".join(pieces)
        if strong:
            # A word that shows one lost escape is TeX-mangled throughout: a "v"
            # before a consonant inside it is a caron (Velivckovi'c -> Veličkovi'c).
            word = _CARON_RE.sub(lambda m: decode_accent("v", m.group(1)) or m.group(), word)
        out.append(word)
    if not verdicts:
        return text, "unchanged"
    return " ".join(out), "doubtful" if "doubtful" in verdicts else "repaired"


def repair_name(printed, clean_names=()):
    """Repair one name as printed; `clean_names` are spellings the data holds elsewhere."""
    text = " ".join(printed.split())
    for clean in clean_names:
        if matches_clean_spelling(text, clean):
            return Repair(printed, clean, "repaired", "clean spelling in the data")
    repaired, verdict = _apply_rule(text)
    if verdict == "repaired":
        return Repair(printed, repaired, "repaired", "TeX accent rule")
    if verdict == "doubtful":
        return Repair(printed, text, "doubtful", f"might be {repaired!r}; kept as printed")
    return Repair(printed, text, "unchanged")
