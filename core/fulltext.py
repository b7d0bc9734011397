"""Pieces shared by the people and publication searches.

On PostgreSQL the search migrations add columns that the models do not declare
(`search_vector`, `search_names`), so the ORM never loads or writes them; `Stored`
refers to one of them in a query. Highlighted text from PostgreSQL carries two control
characters around each match; `highlight_html` escapes the text, then turns them into
<mark> elements, so a snippet of an abstract holding markup still shows it as text.
The text goes in `without_marks`, so that the only marks are the highlighter's own.
"""

import re

from django.contrib.postgres.search import SearchQuery
from django.db import connections
from django.db.models import Expression, F, Value
from django.db.models.functions import Replace
from django.utils.html import escape
from django.utils.safestring import mark_safe

# One configuration per language, stemming after unaccent
# (publications/migrations/0011_search_per_language.py).
LANGUAGE_CONFIGS = ("english_unaccent", "french_unaccent")
MARK_START, MARK_STOP = "\x02", "\x03"
# Control characters HTML does not allow in text (tab, line feed and return it does).
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


class Stored(Expression):
    """A column of the query's own table that the model does not declare."""

    def __init__(self, column, output_field):
        super().__init__(output_field=output_field)
        self.column = column

    def __repr__(self):
        return f"Stored({self.column!r})"

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        table = compiler.quote_name_unless_alias(alias)
        return f"{table}.{connection.ops.quote_name(self.column)}", []

    def get_group_by_cols(self):
        return [self]


def uses_postgresql(queryset):
    return connections[queryset.db].vendor == "postgresql"


def web_query(text):
    """A tsquery from what a visitor types: words, "quoted phrases", or, -excluded.

    Parsed with each language's stemmer, either may match: a French visitor finds
    English titles by their words too, and the reverse. An excluded word is excluded
    in both: left inside each parse, the other language's stem of it ("learning"
    for French, "learn" for English) would let the document through.
    """
    kept, excluded = _split_exclusions(text)
    if not kept:
        kept, excluded = text, []
    query = _either_language(kept, "websearch")
    for word in excluded:
        for config in LANGUAGE_CONFIGS:
            query &= SearchQuery(word, search_type="plain", config=config, invert=True)
    return query


# A quoted phrase, or a run of anything else up to the next space or quote.
TOKEN_RE = re.compile(r'"[^"]*"?|[^\s"]+')


def _split_exclusions(text):
    """(the text without its -excluded words, those words)."""
    kept, excluded = [], []
    for token in TOKEN_RE.findall(text):
        if token.startswith("-") and len(token) > 1:
            excluded.append(token[1:])
        else:
            kept.append(token)
    return " ".join(kept), excluded


def _either_language(text, search_type):
    first, *others = (
        SearchQuery(text, search_type=search_type, config=config) for config in LANGUAGE_CONFIGS
    )
    for query in others:
        first |= query
    return first


def ranked_first(queryset):
    """Order by search rank, keeping the queryset's own order among equal ranks."""
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    return queryset.order_by("-search_rank", *ordering)


def without_marks(field):
    """The text of `field` with no character that `highlight_html` reads as a mark."""
    return Replace(Replace(F(field), Value(MARK_START)), Value(MARK_STOP))


def highlight_html(text):
    """Escape `text` and mark what the search matched; other control characters go."""
    marked = escape(text or "").replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(_CONTROL_CHARACTERS.sub("", marked))
