"""Text search over people. Views and the API call this one function.

On PostgreSQL: full-text search over names, name variants (weight A) and topics (B),
insensitive to case and accents, plus trigram similarity over the names so that a
typo ("pascnu") still finds the person; each through its own index (GIN for words,
GiST for trigrams) on columns that triggers keep current
(profiles/migrations/0004_person_search_vector.py). Elsewhere: a case-insensitive
match. Either way the results carry `search_rank`.
"""

from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchRank, SearchVectorField, TrigramWordSimilarity
from django.db.models import F, FloatField, Func, Q, TextField, Value
from django.db.models.functions import Greatest

from core.fulltext import Stored, ranked_first, uses_postgresql, web_query
from core.translated import columns


def search_people(queryset, query):
    """Return `queryset` narrowed to people whose name, variants or topics match."""
    query = (query or "").strip()
    if not query:
        return queryset
    if not uses_postgresql(queryset):
        return _simple_match(queryset, query)
    tsquery = web_query(query)
    folded = Func(Value(query), function="rd_fold", output_field=TextField())
    document = Stored("search_vector", SearchVectorField())
    names = Stored("search_names", TextField())
    model = queryset.model
    # Two subqueries, each through its own index: with one OR the planner scanned the table.
    by_words = model.objects.alias(search_document=document).filter(search_document=tsquery)
    by_letters = model.objects.alias(search_names=names).filter(
        search_names__trigram_word_similar=folded
    )
    queryset = (
        queryset.filter(Q(pk__in=by_words.values("pk")) | Q(pk__in=by_letters.values("pk")))
        .alias(search_document=document, search_names=names)
        .annotate(
            search_rank=Greatest(
                SearchRank(F("search_document"), tsquery),
                TrigramWordSimilarity(folded, "search_names"),
            )
        )
    )
    return ranked_first(queryset)


def _simple_match(queryset, query):
    # A topic's name in any language, as on PostgreSQL.
    topic_names = [Q(**{f"topics__{name}__icontains": query}) for name in columns("name")]
    matches = queryset.model.objects.filter(
        reduce(or_, topic_names, Q(full_name__icontains=query))
        | Q(name_variants__name__icontains=query)
    )
    return queryset.filter(pk__in=matches.values("pk")).annotate(
        search_rank=Value(0.0, output_field=FloatField())
    )
