"""Counts of related rows as correlated subqueries."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce


def counted(rows, field):
    """How many of `rows` have `field` pointing at the outer row, as an annotation.

    Each count reads one range of the foreign key's index, and only for the rows a
    query returns. A join with GROUP BY read every row first: a page of 20 people
    aggregated all 2,000,000 authorships (1.3 s).
    """
    counts = rows.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=Count("*"))
    return Coalesce(Subquery(counts.values("n"), output_field=IntegerField()), 0)
