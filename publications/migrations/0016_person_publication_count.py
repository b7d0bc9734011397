"""Person.publication_count, filled from the bylines and kept by triggers
(publications/publication_count.py)."""

from django.db import migrations

from publications import publication_count


def forward(apps, schema_editor):
    publication_count.create_triggers(schema_editor)
    schema_editor.execute(publication_count.recount_all(), params=None)


def backward(apps, schema_editor):
    publication_count.drop_triggers(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0013_person_publication_count"),
        ("publications", "0015_person_last_active"),
    ]

    operations = [migrations.RunPython(forward, backward)]
