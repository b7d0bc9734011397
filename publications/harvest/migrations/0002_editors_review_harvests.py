from django.db import migrations

from jobs.permissions import grant_to_editors

# Editors review suggestions, start harvests and keep each person's harvest settings.
CODENAMES = [
    "view_suggestion",
    "change_suggestion",
    "view_harvestrun",
    "add_harvestrun",
    "view_harvestprofile",
    "add_harvestprofile",
    "change_harvestprofile",
    "delete_harvestprofile",
]


class Migration(migrations.Migration):
    dependencies = [
        ("harvest", "0001_initial"),
        ("profiles", "0003_editor_group"),
    ]

    operations = [
        migrations.RunPython(grant_to_editors("harvest", CODENAMES), migrations.RunPython.noop)
    ]
