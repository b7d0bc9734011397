"""What a TeX-encoded name looks like after a scraper dropped every backslash and brace.

The surfaces are not listed by hand: each accented letter is encoded by pylatexenc and
stripped the way the scraper strips it, so ``č`` leaves ``vc``, ``ł`` leaves ``l`` and
``Å`` leaves ``rA``. Reading a name back means choosing, at each such surface, between
the letters as printed and the accented letter they may stand for.
"""

import re
import string
import unicodedata
from functools import cache

from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexencode import unicode_to_latex

# Kinds of surface, from the most to the least telling.
SYMBOL = "symbol"  # 'n  "u  ^o  ~n  =u  `e  .z : a sign that no clean name holds there
COMMAND = "command"  # vc  ka  Ho  ra : a letter command before its base letter
SPECIAL = "special"  # l  o  ss  ae  i : a letter of its own, reduced to plain letters

# Accent commands written with a symbol, and with a letter. The tie (\t{ts}) is apart:
# it spans two letters and no precomposed letter carries it.
SYMBOL_COMMANDS = "'`^\"~=."
LETTER_COMMANDS = "vcurkHdb"
# Our own table for the tie, which pylatexenc neither writes (it keeps t͡s) nor reads
# (\t{ts} becomes "ts"): the double inverted breve after the first of its two letters.
TIE, TIE_COMMAND = "\u0361", "t"
_TIED = re.compile(r"([^\W\d_])\u0361([^\W\d_])")
_STRIPPED = re.compile(r"[\\{}]")
_decoder = LatexNodes2Text()


@cache
def decode_accent(command, letter):
    """The precomposed letter for TeX ``\\command{letter}``, or None if there is none."""
    text = unicodedata.normalize("NFC", _decoder.latex_to_text(f"\\{command}{{{letter}}}"))
    return text if len(text) == 1 and text != letter else None


def tex_mangle(text):
    """`text` TeX-encoded by pylatexenc with every backslash and brace dropped."""
    text = _TIED.sub(lambda tied: f"\\{TIE_COMMAND}{{{tied[1]}{tied[2]}}}", text)
    encoded = unicode_to_latex(text, non_ascii_only=True, unknown_char_warning=False)
    return _STRIPPED.sub("", encoded)


def _is_latin_letter(char):
    return char.isalpha() and unicodedata.name(char, "").startswith("LATIN")


def surface_kind(surface, char):
    if not surface[0].isalpha() or len(surface) > 3:
        return SYMBOL  # a sign, or a spelled-out command such as textschwa
    base = unicodedata.normalize("NFD", char)[0]
    if len(surface) == 2 and surface[1] == base and base.isascii():
        return COMMAND
    return SPECIAL


@cache
def _surfaces_for(alphabet):
    table = {}
    for char in alphabet:
        if char.isascii() or not _is_latin_letter(char):
            continue
        surface = tex_mangle(char).replace(" ", "")
        if surface == char or not surface.isascii():
            continue  # pylatexenc keeps it as it is
        table.setdefault(surface, []).append((char, surface_kind(surface, char)))
    # What pylatexenc decodes but never writes (\\`{n} for ǹ) may still come from elsewhere.
    for command in SYMBOL_COMMANDS + LETTER_COMMANDS:
        for letter in string.ascii_letters:
            char = decode_accent(command, letter)
            options = table.setdefault(command + letter, [])
            if char and _is_latin_letter(char) and char not in (c for c, _ in options):
                options.append((char, surface_kind(command + letter, char)))
    return {surface: tuple(options) for surface, options in table.items()}


def surfaces(alphabet=None):
    """{surface: ((accented letter, kind), ...)} for the letters of `alphabet`."""
    if alphabet is None:
        alphabet = default_alphabet()
    return _surfaces_for(frozenset(alphabet))


@cache
def default_alphabet():
    """Every precomposed Latin letter Unicode has, so no surface depends on the data."""
    letters = set()
    # Latin-1 to Latin Extended-B, IPA (ə) and Latin Extended Additional (ẽ).
    for code in [*range(0xC0, 0x2B0), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        if _is_latin_letter(char):
            letters.add(char)
    return frozenset(letters)


def is_standalone_trace(token, table):
    """True for a token such as ``'c`` that can only be a command split from its word."""
    options = table.get(token)
    return bool(options) and any(kind == SYMBOL for _, kind in options)
