"""Text search over publications. Views and the API call this one function.

A simple case-insensitive match for now; the search issue replaces the body with
PostgreSQL full-text search (and keeps this match on SQLite).
"""

from django.db.models import Q


def search_publications(queryset, query):
    """Return `queryset` narrowed to publications matching `query`."""
    query = (query or "").strip()
    if not query:
        return queryset
    matches = queryset.model.objects.filter(
        Q(title__icontains=query)
        | Q(abstract__icontains=query)
        | Q(authorships__name_as_printed__icontains=query)
        | Q(authorships__person__full_name__icontains=query)
    )
    return queryset.filter(pk__in=matches.values("pk"))
