from django.contrib.auth.management import create_permissions
from django.db import migrations


def editors_see_jobs(apps, schema_editor):
    app_config = apps.get_app_config("jobs")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Editor"):
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="jobs", codename="view_job")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_initial"),
        ("profiles", "0003_editor_group"),
    ]

    operations = [migrations.RunPython(editors_see_jobs, migrations.RunPython.noop)]
