from django.contrib.auth.management import create_permissions
from django.db import migrations

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


def editors_review_harvests(apps, schema_editor):
    app_config = apps.get_app_config("harvest")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Editor"):
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="harvest", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("harvest", "0001_initial"),
        ("profiles", "0003_editor_group"),
    ]

    operations = [migrations.RunPython(editors_review_harvests, migrations.RunPython.noop)]
