from django.contrib.auth.management import create_permissions
from django.db import migrations

# Editors review waiting changes and see accounts, delegates and invitations.
MODELS = ["pendingrevision", "profileaccount", "delegate", "invitation"]


def grant_editors(apps, schema_editor):
    app_config = apps.get_app_config("selfservice")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Editor").first()
    if group is None:
        return
    names = MODELS + [f"historical{model}" for model in MODELS]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="selfservice", content_type__model__in=names)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("selfservice", "0001_initial"),
        ("profiles", "0003_editor_group"),
    ]

    operations = [migrations.RunPython(grant_editors, migrations.RunPython.noop)]
