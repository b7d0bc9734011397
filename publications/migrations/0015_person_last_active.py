"""Person.last_active, filled from the bylines and kept by triggers (publications/last_active.py)."""

from django.db import migrations

from publications import last_active


def forward(apps, schema_editor):
    last_active.create_triggers(schema_editor)
    schema_editor.execute(last_active.recount_all(schema_editor.connection.vendor), params=None)


def backward(apps, schema_editor):
    last_active.drop_triggers(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0012_person_last_active"),
        ("publications", "0014_scoped_content_versions"),
    ]

    operations = [migrations.RunPython(forward, backward)]
