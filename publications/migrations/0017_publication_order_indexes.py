"""Indexes in the lists' other orders, so that a deep page skips along an index (issue 15).

The API's default order (Meta.ordering: year DESC NULLS LAST, title, id), its
`ordering=title` (title, id) and the list page's title sort (lower(title), id) each
sorted all 200,000 publications for any page: the last ones took 0.9 to 1.5 s.
PostgreSQL only, as publications' 0005 (SQLite cannot put NULLS LAST in an index).
"""

from django.db import migrations

from core.migration_operations import sql_on_postgresql

INDEXES = {
    "publication_default_order": "year DESC NULLS LAST, title, id",
    "publication_title_order": "title, id",
    "publication_lower_title_order": "lower(title), id",
}

CREATE = [
    f"CREATE INDEX IF NOT EXISTS {name} ON publications_publication ({columns})"
    for name, columns in INDEXES.items()
]
DROP = [f"DROP INDEX IF EXISTS {name}" for name in INDEXES]


class Migration(migrations.Migration):
    dependencies = [("publications", "0016_person_publication_count")]

    operations = [sql_on_postgresql(CREATE, DROP)]
