"""Splitting personal names and keys for matching them."""

import re
import unicodedata
from collections import Counter
from functools import lru_cache

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


@lru_cache(maxsize=65536)  # an import asks for the key of each name many times
def match_key(name):
    """Return a key that ignores case, accents, punctuation and spacing."""
    text = strip_accents(name).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


@lru_cache(maxsize=8192)  # nameparser is slow, and imports split each name many times
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


# An import's person index holds every stored spelling (tens of thousands in a full
# directory) and asks for each again and again: a smaller cache was thrashed.
@lru_cache(maxsize=262144)
def name_parts(name):
    """(given-name tokens, family key) of a name, for matching; particles are ignored."""
    given, _particle, family = split_name(name)
    return tuple(match_key(given).split()), match_key(family)


def _tokens_agree(one, two, *, short_forms):
    if one == two:
        return True
    shorter, longer = sorted((one, two), key=len)
    if len(shorter) == 1:
        return longer.startswith(shorter)  # an initial
    # "Alex" for "Alexander": only where the context already ties the two names.
    return short_forms and len(shorter) >= 3 and longer.startswith(shorter)


def same_person(one, two, *, short_forms=False):
    """True if two spellings can name one person: same family name and agreeing given names.

    Given names agree token by token (an initial agrees with any name it starts),
    a missing middle name is no conflict; a family name alone is never enough.
    """
    given_one, family_one = name_parts(one)
    given_two, family_two = name_parts(two)
    if not family_one or family_one != family_two or not given_one or not given_two:
        return False
    if not _tokens_agree(given_one[0], given_two[0], short_forms=short_forms):
        return False
    return all(
        _tokens_agree(a, b, short_forms=False)
        for a, b in zip(given_one[1:], given_two[1:], strict=False)
    )


def _is_initial(token):
    return len(token.rstrip(".")) <= 1 or token.rstrip(".").isupper() and len(token) <= 4


def best_spelling(spellings):
    """The best-informed of several spellings of one person's name.

    A fuller given name beats initials, diacritics beat their ASCII fold, and a particle
    is written in the case most of the spellings print it; the first given breaks ties.
    """
    spellings = list(dict.fromkeys(" ".join(name.split()) for name in spellings if name.strip()))
    particle_case = Counter(
        particle for name in spellings for particle in split_name(name)[1].split()
    )

    def informed(name):
        given, particle, _family = split_name(name)
        full_given = [token for token in given.split() if not _is_initial(token)]
        accents = sum(1 for char in name if not char.isascii() and char.isalpha())
        particle_votes = sum(particle_case[word] for word in particle.split())
        return (len(full_given), sum(map(len, full_given)), accents, particle_votes)

    return max(spellings, key=informed) if spellings else ""
