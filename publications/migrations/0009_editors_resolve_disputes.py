from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant_editors(apps, schema_editor):
    app_config = apps.get_app_config("publications")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group = apps.get_model("auth", "Group").objects.filter(name="Editor").first()
    if group is None:
        return
    group.permissions.add(
        *apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label="publications",
            content_type__model__in=["bylinedispute", "historicalbylinedispute"],
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0008_self_service"),
        ("profiles", "0003_editor_group"),
    ]

    operations = [migrations.RunPython(grant_editors, migrations.RunPython.noop)]
