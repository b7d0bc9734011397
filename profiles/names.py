"""Splitting personal names and keys for matching them."""

import re
import unicodedata

from nameparser import HumanName

# Lower-case particles that belong to the family name but not to its sort key.
PARTICLES = {
    "von",
    "van",
    "der",
    "den",
    "de",
    "del",
    "della",
    "di",
    "da",
    "dos",
    "das",
    "du",
    "la",
    "le",
    "ter",
    "ten",
    "zu",
    "af",
    "av",
    "bin",
    "ibn",
    "al",
    "y",
}


def strip_accents(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def match_key(name):
    """Return a key that ignores case, accents, punctuation and spacing."""
    text = strip_accents(name).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def split_name(full_name):
    """Return (given, particle, family) for a full name as printed.

    "Johannes von Oswald" gives ("Johannes", "von", "Oswald"); the particle is
    kept apart so that the name sorts under O.
    """
    parsed = HumanName(full_name.strip())
    given = " ".join(part for part in (parsed.first, parsed.middle) if part)
    last_words = parsed.last.split()
    particle_words = []
    while len(last_words) > 1 and last_words[0].casefold() in PARTICLES:
        particle_words.append(last_words.pop(0))
    family = " ".join(last_words)
    if parsed.suffix:
        family = f"{family} {parsed.suffix}".strip()
    if not family:
        given, family = "", full_name.strip()
    return given, " ".join(particle_words), family


def sort_key(given, particle, family):
    """Key for alphabetical order: family name first, particle ignored."""
    return match_key(f"{family} {given} {particle}")
