"""Person.publication_count; the triggers that fill and keep it are publications' 0016.

On SQLite, adding a NOT NULL column rebuilds the table, which fails while triggers of
other tables (last_active's, on the bylines) name it: those triggers are set aside
around the rebuild and made again from their own SQL afterwards.
"""

from django.db import migrations, models

_set_aside = {}


def set_aside_triggers(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
            " AND tbl_name <> 'profiles_person' AND sql LIKE '%profiles_person%'"
        )
        _set_aside[connection.alias] = cursor.fetchall()
        for name, _sql in _set_aside[connection.alias]:
            cursor.execute(f'DROP TRIGGER "{name}"')


def put_triggers_back(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for _name, sql in _set_aside.pop(connection.alias, []):
            cursor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('profiles', '0012_person_last_active'),
    ]

    operations = [
        migrations.RunPython(set_aside_triggers, put_triggers_back),
        migrations.AddField(
            model_name='person',
            name='publication_count',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='publications'),
        ),
        migrations.RunPython(put_triggers_back, set_aside_triggers),
    ]
