"""Triggers that keep a stored column current, written per database and made again on
SQLite after a migrate (a table rebuild there drops them)."""

from dataclasses import dataclass

from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.signals import post_migrate


@dataclass(frozen=True)
class Triggers:
    migration: tuple  # (app, name) of the migration that first creates them
    postgresql: list
    postgresql_backward: list
    sqlite: list
    sqlite_backward: list

    def create(self, schema_editor):
        postgresql = schema_editor.connection.vendor == "postgresql"
        for statement in self.postgresql if postgresql else self.sqlite:
            schema_editor.execute(statement, params=None)

    def drop(self, schema_editor):
        postgresql = schema_editor.connection.vendor == "postgresql"
        for statement in self.postgresql_backward if postgresql else self.sqlite_backward:
            schema_editor.execute(statement, params=None)

    def recreate_on_sqlite(self, using, **kwargs):
        connection = connections[using]
        if connection.vendor != "sqlite":
            return
        if self.migration not in MigrationRecorder(connection).applied_migrations():
            return
        with connection.cursor() as cursor:
            for statement in self.sqlite:
                cursor.execute(statement)

    def connect(self, uid):
        post_migrate.connect(self.recreate_on_sqlite, dispatch_uid=uid, weak=False)
