"""The language a publication's title and abstract are written in, at import.

What the source declares comes first (BibTeX `langid` or `language`, OpenAlex
`language`), by code or by name. Otherwise py3langid guesses from the title and
abstract, but only from enough text (a title alone is too short to tell "Deep
networks" from French) and when it is sure; else the language stays unknown.
py3langid is a maintained port of langid.py: deterministic, offline, its model in
the package, and fast once loaded (loading takes about two seconds, once a process).
"""

import functools
import re

MIN_CHARS = 60  # below this the guesses above were wrong as often as right
MIN_PROBABILITY = 0.9
# py3langid reads text a byte at a time in Python (4 ms for a 1,000-character abstract,
# an eighth of an import): the title and the abstract's first 600 characters tell the
# language as surely.
MAX_CHARS = 600

# BibTeX (babel and biblatex) names of languages, and a few common spellings.
NAMES = {
    "english": "en",
    "american": "en",
    "british": "en",
    "usenglish": "en",
    "ukenglish": "en",
    "australian": "en",
    "canadian": "en",
    "french": "fr",
    "francais": "fr",
    "français": "fr",
    "canadien": "fr",
    "acadian": "fr",
    "german": "de",
    "ngerman": "de",
    "deutsch": "de",
    "spanish": "es",
    "italian": "it",
    "portuguese": "pt",
    "brazilian": "pt",
    "dutch": "nl",
}


def declared_language(value):
    """The ISO 639-1 code of a declared language ("fr", "fr-CA", "French"), or ""."""
    value = (value or "").strip().casefold()
    first = re.split(r"[\s,;/]+", value)[0] if value else ""
    if first in NAMES:
        return NAMES[first]
    code = re.fullmatch(r"([a-z]{2})(?:[-_][a-z0-9]+)*", first)
    return code.group(1) if code else ""


def detected_language(title, abstract=""):
    """The language py3langid is sure the text is in, or "" when it is too short or unsure."""
    text = " ".join(part for part in (title, abstract) if part)
    if len(text) < MIN_CHARS:
        return ""
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS].rsplit(" ", 1)[0]
    code, probability = _identifier().classify(text)
    return code if probability >= MIN_PROBABILITY else ""


def language_of(declared, title, abstract=""):
    """What the source declares, else what the text clearly is, else ""."""
    return declared_language(declared) or detected_language(title, abstract)


@functools.cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
