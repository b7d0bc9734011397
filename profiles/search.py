"""Text search over people. Views and the API call this one function.

A simple case-insensitive match for now; the search issue replaces the body with
PostgreSQL full-text and trigram search (and keeps this match on SQLite).
"""

from django.db.models import Q


def search_people(queryset, query):
    """Return `queryset` narrowed to people whose name, variants or topics match."""
    query = (query or "").strip()
    if not query:
        return queryset
    matches = queryset.model.objects.filter(
        Q(full_name__icontains=query)
        | Q(name_variants__name__icontains=query)
        | Q(topics__name__icontains=query)
    )
    return queryset.filter(pk__in=matches.values("pk"))
