"""The French catalogue as the tests read it, and a finder of its English in a page."""

import re
from functools import cache
from pathlib import Path

import polib
from bs4 import BeautifulSoup
from django.conf import settings

PO_PATH = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
# French for third-party strings that their packages do not translate.
THIRD_PARTY_PO_PATH = Path(settings.BASE_DIR) / "locale_third_party" / "fr" / "LC_MESSAGES"
THIRD_PARTY_PO_PATH /= "django.po"
# %(name)s, %s, %d and {name}: what a translation must carry over unchanged.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sdr]|\{\w*\}")
TAG = re.compile(r"<[^>]+>")
# Shown attributes: read by screen readers or shown as tooltips and buttons.
SHOWN_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")
WORD = re.compile(r"\w+")


@cache
def catalogue():
    return polib.pofile(str(PO_PATH))


@cache
def third_party_catalogue():
    return polib.pofile(str(THIRD_PARTY_PO_PATH))


def every_entry():
    """Our entries and the third-party ones: the English a French page must not show."""
    return [*catalogue(), *third_party_catalogue()]


def forms(entry):
    """The translations of an entry: one, or one per plural form."""
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


@cache
def english_fragments():
    """Pieces of English interface text a French page must not show.

    Each msgid whose French differs is cut at its placeholders and tags; a piece is
    kept when it has a word of four letters or more and appears in no French
    translation (so "Page" or "Publications", French too, never count)."""
    french_text = " ".join(text for entry in every_entry() for text in forms(entry))
    french_words = set(WORD.findall(french_text))
    fragments = set()
    for entry in every_entry():
        for english, french in zip([entry.msgid, entry.msgid_plural], forms(entry), strict=False):
            if not english or english == french:
                continue
            for piece in PLACEHOLDER.split(TAG.sub("\n", english)):
                for part in piece.split("\n"):
                    part = " ".join(part.split()).strip(" ,.;:()")
                    words = WORD.findall(part)
                    if not any(len(word) >= 4 for word in words):
                        continue
                    if len(words) == 1 and words[0] in french_words:
                        continue
                    if part in french_text:
                        continue
                    fragments.add(part)
    return sorted(fragments)


def shown_text(html):
    """The text a visitor sees or hears: the document's text and its shown attributes."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    parts = [soup.get_text(" ")]
    for element in soup.find_all(True):
        parts.extend(str(element[name]) for name in SHOWN_ATTRIBUTES if element.has_attr(name))
        if (
            element.name == "meta"
            and element.get("content")
            and element.get("name") in ("description",)
        ):
            parts.append(element["content"])
        if element.name == "input" and element.get("type") == "submit" and element.get("value"):
            parts.append(element["value"])
    return " ".join(" ".join(parts).split())


def english_in(html, *, data=()):
    """The English interface fragments shown in `html`, once the `data` texts (names,
    titles, topics that stay as entered) are taken out."""
    text = shown_text(html)
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(" ".join(str(value).split()), " ")
    return [
        fragment
        for fragment in english_fragments()
        if re.search(rf"(?<!\w){re.escape(fragment)}(?!\w)", text)
    ]
