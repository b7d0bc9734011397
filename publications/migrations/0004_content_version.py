"""A database-wide version number, bumped by triggers whenever content changes.

Pages and API answers are derived from these tables only, so the version (with the
URL) identifies an answer: it is the ETag, and the key of the page cache
(config/conditional.py). Triggers catch every writer, bulk writes and raw SQL
included, so a cached answer can never outlive the data it was made from. The table
is not a model: it is read with one small query. PostgreSQL only: SQLite rebuilds a
table on most schema changes and would silently drop triggers, so there the pages are
simply not cached.
"""

from django.db import migrations

from core.migration_operations import sql_on_postgresql

TABLES = [
    "profiles_person",
    "profiles_topic",
    "profiles_namevariant",
    "profiles_person_topics",
    "profiles_personredirect",
    "publications_publication",
    "publications_authorship",
    "publications_publication_topics",
]

CREATE_TABLE = """
    CREATE TABLE rd_content_version (
        id integer PRIMARY KEY CHECK (id = 1),
        version bigint NOT NULL,
        changed timestamptz NOT NULL
    )
"""
FILL_TABLE = "INSERT INTO rd_content_version VALUES (1, 1, CURRENT_TIMESTAMP)"
BUMP = "UPDATE rd_content_version SET version = version + 1, changed = CURRENT_TIMESTAMP"

POSTGRESQL = [
    CREATE_TABLE,
    FILL_TABLE,
    f"""
    CREATE FUNCTION rd_bump_content_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        {BUMP};
        RETURN NULL;
    END $$
    """,
] + [
    # Once per statement: a bulk write of a million rows bumps the version once.
    f"""
    CREATE TRIGGER rd_content_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION rd_bump_content_version()
    """
    for table in TABLES
]

BACKWARD_POSTGRESQL = [f"DROP TRIGGER IF EXISTS rd_content_version ON {t}" for t in TABLES] + [
    "DROP FUNCTION IF EXISTS rd_bump_content_version()",
    "DROP TABLE IF EXISTS rd_content_version",
]

class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0004_person_search_vector"),
        ("publications", "0003_publication_search_vector"),
    ]

    operations = [
        sql_on_postgresql(POSTGRESQL, BACKWARD_POSTGRESQL),
    ]
