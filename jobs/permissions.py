"""A data migration's step that gives the Editor group some of an app's permissions."""

from django.contrib.auth.management import create_permissions


def grant_to_editors(app_label, codenames):
    """A RunPython function adding `codenames` of `app_label` to the Editor group."""

    def grant(apps, schema_editor):
        # Permissions are normally made after all migrations ran; make them now.
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
        for group in Group.objects.filter(name="Editor"):
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )

    return grant
