from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Editor"
# Content, its history, and nothing of users, groups or sessions.
CONTENT_MODELS = {
    "profiles": ["person", "topic", "namevariant", "personredirect"],
    "publications": ["publication", "authorship"],
}


def create_editor_group(apps, schema_editor):
    # Permissions are normally made after all migrations ran; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, models in CONTENT_MODELS.items():
        names = models + [f"historical{model}" for model in models]
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, content_type__model__in=names
            )
        )


def delete_editor_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0002_history_rows_may_repeat_identifiers"),
        ("publications", "0002_history_rows_may_repeat_identifiers"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editor_group, delete_editor_group)]
