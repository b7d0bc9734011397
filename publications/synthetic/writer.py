"""Store rows fast: COPY on PostgreSQL, executemany elsewhere (SQLite, for small test runs)."""

from contextlib import contextmanager

from django.conf import settings
from django.db import connection
from modeltranslation.translator import NotRegistered, translator

from publications import last_active, publication_count

# What the triggers of the bulk-loaded tables keep, each done once over the whole load:
# new publications' search documents (as rd_publication_search_fill writes them,
# publications/migrations/0020_search_refresh_authors_only.py), the people's stored
# counts and latest years, and the content versions (`all`, as a TRUNCATE notes it).
CATCH_UP = [
    "UPDATE publications_publication SET search_vector ="
    " rd_publication_texts_document(title, abstract, language)"
    " || rd_publication_authors_document(id) WHERE search_vector IS NULL",
    publication_count.recount_all(),
    last_active.recount_all("postgresql"),
    "SELECT rd_note('{all}')",
]


class BulkWriter:
    def __init__(self):
        self.rows_written = 0

    def write(self, model, rows):
        """Write dicts keyed by field attname; fields a row leaves out take their default."""
        fields = model._meta.concrete_fields
        defaults = {f.attname: f.get_default() for f in fields}
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        rows = _in_default_language(model, rows)
        tuples = (tuple(row.get(f.attname, defaults[f.attname]) for f in fields) for row in rows)
        if connection.vendor == "postgresql":
            count = self._copy(table, columns, tuples)
        else:
            count = self._insert(table, columns, len(fields), tuples)
        self.rows_written += count
        return count

    def _copy(self, table, columns, tuples):
        count = 0
        with (
            connection.connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for values in tuples:
                copy.write_row(values)
                count += 1
        return count

    def _insert(self, table, columns, width, tuples):
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * width)})"
        batch = list(tuples)
        with connection.cursor() as cursor:
            cursor.executemany(sql, batch)
        return len(batch)

    @contextmanager
    def triggers_caught_up(self, *models):
        """On PostgreSQL, the models' tables write with their triggers off, and CATCH_UP
        does their work once at the end. Per batch, the triggers updated nearly every
        person's stored counts, and the versions of those rows piled up inside the one
        transaction, so that each batch took longer than the last: 200,000 publications
        took about 26 minutes. The caller holds the transaction, so a failure leaves the
        triggers as they were."""
        if connection.vendor != "postgresql":
            yield
            return
        tables = [connection.ops.quote_name(model._meta.db_table) for model in models]
        _switch_triggers(tables, "DISABLE")
        yield
        _switch_triggers(tables, "ENABLE")
        with connection.cursor() as cursor:
            for statement in CATCH_UP:
                cursor.execute(statement)

    def reset_sequences(self, *models):
        """Move id sequences past the ids written here, so later inserts do not collide."""
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for model in models:
                table = model._meta.db_table
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {connection.ops.quote_name(table)}), 1))",
                    [table],
                )


def _switch_triggers(tables, switch):
    """A table with foreign-key checks still deferred cannot be altered: they are made
    now (they would be at commit), and later writes defer theirs again."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in tables:
            cursor.execute(f"ALTER TABLE {table} {switch} TRIGGER USER")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _in_default_language(model, rows):
    """The rows, each translated field's text also in its default-language column
    (profiles/translation.py), as saving a model would write it."""
    try:
        translated = translator.get_options_for_model(model).fields
    except NotRegistered:
        return rows
    copies = [(name, f"{name}_{settings.LANGUAGE_CODE}") for name in translated]
    return ({**row, **{to: row[name] for name, to in copies if name in row}} for row in rows)
