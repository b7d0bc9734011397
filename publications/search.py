"""Text search over publications. Views and the API call this one function.

On PostgreSQL: the stored, trigger-maintained document (title weighted A, author names
B, abstract C; publications/migrations/0003_publication_search_vector.py), matched
through its GIN index, insensitive to case and accents, ranked (among the first
CANDIDATES matches), with the matches highlighted. Elsewhere: a case-insensitive match.
Either way the results carry `search_rank`, `search_title` and `search_snippet`
(core.fulltext.highlight_html writes the last two as HTML).
"""

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connections
from django.db.models import F, FloatField, Func, Q, TextField, Value
from django.db.models.functions import Left

from core.fulltext import (
    MARK_START,
    MARK_STOP,
    Stored,
    ranked_first,
    uses_postgresql,
    without_marks,
)
from core.fulltext import web_query as make_query

SNIPPET_CHARS = 240  # the plain snippet when there is no highlighter
# Ranking reads every matching document, and counting visits every matching row: a
# word found in most publications ("learning") cost seconds over 200,000 of them. The
# index stops after this many matches; they are ranked, and counted, among themselves.
CANDIDATES = 2000


def search_publications(queryset, query):
    """Return `queryset` narrowed to publications matching `query`, best match first."""
    query = (query or "").strip()
    if not query:
        return queryset
    if not uses_postgresql(queryset):
        return _simple_match(queryset, query)
    tsquery = make_query(query)
    # Each text is highlighted with the configuration of its own language.
    config = Func(F("language"), function="rd_text_config", output_field=TextField())
    marks = {"config": config, "start_sel": MARK_START, "stop_sel": MARK_STOP}
    candidates = document_matches(queryset, query).order_by().values("pk")[:CANDIDATES]
    queryset = (
        queryset.filter(pk__in=candidates)
        .alias(search_document=_document())
        .annotate(
            search_rank=SearchRank(F("search_document"), tsquery),
            # ts_headline re-parses the text: PostgreSQL runs it after LIMIT, per shown row.
            search_title=SearchHeadline(
                without_marks("title"), tsquery, highlight_all=True, **marks
            ),
            search_snippet=SearchHeadline(
                without_marks("abstract"),
                tsquery,
                max_words=35,
                min_words=15,
                max_fragments=2,
                **marks,
            ),
        )
    )
    return ranked_first(queryset)


def document_matches(queryset, query):
    """`queryset` narrowed to publications whose stored document matches `query`, through
    its GIN index: every match, unranked (PostgreSQL only)."""
    return queryset.alias(search_document=_document()).filter(search_document=make_query(query))


def _document():
    """The stored, trigger-maintained search document (not a model field)."""
    return Stored("search_vector", SearchVectorField())


def _simple_match(queryset, query):
    matches = queryset.model.objects.filter(
        Q(title__icontains=query)
        | Q(abstract__icontains=query)
        | Q(authorships__name_as_printed__icontains=query)
        | Q(authorships__person__full_name__icontains=query)
    )
    return queryset.filter(pk__in=matches.values("pk")).annotate(
        search_rank=Value(0.0, output_field=FloatField()),
        search_title=without_marks("title"),
        search_snippet=Left(without_marks("abstract"), SNIPPET_CHARS),
    )


def document_lexemes(queryset, *, weights, limit):
    """The `limit` lexemes of `weights` (such as "a": titles) found in the most stored
    documents of `queryset` (PostgreSQL only)."""
    documents = queryset.order_by().values(document=_document())
    sql, params = documents.query.sql_with_params()
    connection = connections[queryset.db]
    with connection.cursor() as cursor:
        # ts_stat reads the documents through a query given as text. Only words of
        # letters: numbers say little, and these are quoted into a tsquery as they are.
        cursor.execute(
            "SELECT word FROM ts_stat(%s, %s) WHERE word ~ '^[[:alpha:]]+$'"
            " ORDER BY ndoc DESC, word LIMIT %s",
            [connection.ops.compose_sql(sql, params), weights, limit],
        )
        return [word for (word,) in cursor.fetchall()]


def lexeme_matches(queryset, lexemes, *, weight):
    """`queryset` narrowed to publications whose stored document holds any of
    `lexemes` (from document_lexemes) with `weight` (PostgreSQL only)."""
    query = " | ".join(f"'{lexeme}':{weight}" for lexeme in lexemes)
    tsquery = SearchQuery(query, search_type="raw", config="simple")
    return queryset.alias(search_document=_document()).filter(search_document=tsquery)
