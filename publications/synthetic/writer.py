"""Store rows fast: COPY on PostgreSQL, executemany elsewhere (SQLite, for small test runs)."""

from django.conf import settings
from django.db import connection
from modeltranslation.translator import NotRegistered, translator


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


def _in_default_language(model, rows):
    """The rows, each translated field's text also in its default-language column
    (profiles/translation.py), as saving a model would write it."""
    try:
        translated = translator.get_options_for_model(model).fields
    except NotRegistered:
        return rows
    copies = [(name, f"{name}_{settings.LANGUAGE_CODE}") for name in translated]
    return ({**row, **{to: row[name] for name, to in copies if name in row}} for row in rows)
