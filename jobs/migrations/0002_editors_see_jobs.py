from django.db import migrations

from jobs.permissions import grant_to_editors


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_initial"),
        ("profiles", "0003_editor_group"),
    ]

    operations = [
        migrations.RunPython(grant_to_editors("jobs", ["view_job"]), migrations.RunPython.noop)
    ]
