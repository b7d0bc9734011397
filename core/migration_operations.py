"""Migration operations the apps share."""

from django.db import migrations


def _run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


def sql_on_postgresql(forward, backward):
    """Run the SQL statements `forward`, undone by `backward`, on PostgreSQL only: the
    triggers and indexes they make have no SQLite counterpart (SQLite searches in Python)."""
    return migrations.RunPython(_run_on_postgresql(forward), _run_on_postgresql(backward))
