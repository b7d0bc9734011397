"""Membership periods are shown on pages (alumni, the history): writing one bumps the
content version like the other content tables (0004_content_version)."""

from django.db import migrations

from core.migration_operations import sql_on_postgresql

TABLE = "profiles_membershipperiod"
CREATE = f"""
    CREATE TRIGGER rd_content_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION rd_bump_content_version()
"""
DROP = f"DROP TRIGGER IF EXISTS rd_content_version ON {TABLE}"


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0009_membership_period"),
        ("publications", "0011_search_per_language"),
    ]

    operations = [sql_on_postgresql([CREATE], [DROP])]
