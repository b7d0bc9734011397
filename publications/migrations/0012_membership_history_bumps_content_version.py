"""Membership periods are shown on pages (alumni, the history): writing one bumps the
content version like the other content tables (0004_content_version)."""

from django.db import migrations

TABLE = "profiles_membershipperiod"
CREATE = f"""
    CREATE TRIGGER rd_content_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION rd_bump_content_version()
"""
DROP = f"DROP TRIGGER IF EXISTS rd_content_version ON {TABLE}"


def run_on_postgresql(statement):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0009_membership_period"),
        ("publications", "0011_search_per_language"),
    ]

    operations = [migrations.RunPython(run_on_postgresql(CREATE), run_on_postgresql(DROP))]
