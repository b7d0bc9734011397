from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["namereview", "historicalnamereview"]


def let_editors_review_names(apps, schema_editor):
    # Permissions are normally made after all migrations ran; make them now.
    app_config = apps.get_app_config("profiles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Editor"):
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="profiles", content_type__model__in=MODELS
            )
        )


def undo(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="Editor"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="profiles", content_type__model__in=MODELS
            )
        )


class Migration(migrations.Migration):
    dependencies = [("profiles", "0005_name_review"), ("profiles", "0003_editor_group")]

    operations = [migrations.RunPython(let_editors_review_names, undo)]
