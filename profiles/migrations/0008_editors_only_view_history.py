from django.db import migrations


def editors_only_view_history(apps, schema_editor):
    # History is the record of who changed what: editors read it, never rewrite it.
    Permission = apps.get_model("auth", "Permission")
    rewriting = Permission.objects.filter(content_type__model__startswith="historical").exclude(
        codename__startswith="view_"
    )
    for group in apps.get_model("auth", "Group").objects.filter(name="Editor"):
        group.permissions.remove(*rewriting)


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0007_content_per_language"),
        ("publications", "0011_search_per_language"),
        ("selfservice", "0002_editors_review"),
    ]

    operations = [migrations.RunPython(editors_only_view_history, migrations.RunPython.noop)]
