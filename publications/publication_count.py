"""Triggers that keep `Person.publication_count` true: how many bylines the person is on.

The API's people list showed a count computed per row, which made its deep pages and
`ordering=publication_count` read every person's bylines (1.4 to 2.3 s at benchmark
scale, issue 15); now they read a stored column. Triggers catch every writer (admin,
API, imports, merges, bulk COPY, raw SQL): a byline added counts one more, one
removed one less, one moved from one person to another both. A publication's deletion
deletes its bylines, whose trigger counts.

PostgreSQL runs them once per statement over its transition tables. SQLite has row
triggers only, and drops a table's triggers when a migration rebuilds it, so they are
created again after every migrate (as for last_active).
"""

from publications.triggers import Triggers

MIGRATION = ("publications", "0016_person_publication_count")

PERSON = "profiles_person"
BYLINE = "publications_authorship"


def recount_all(vendor=None):
    """The statement that sets every person's publication_count from their bylines."""
    return f"""
        UPDATE {PERSON} SET publication_count = (
            SELECT COUNT(*) FROM {BYLINE} byline WHERE byline.person_id = {PERSON}.id
        )
    """


def _postgresql_change(function, delta_rows):
    return f"""
    CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE {PERSON} person SET publication_count = person.publication_count + change.n
        FROM (
            SELECT person_id, SUM(n) AS n FROM ({delta_rows}) deltas
            GROUP BY person_id HAVING SUM(n) <> 0
        ) change
        WHERE person.id = change.person_id;
        RETURN NULL;
    END $$
    """


POSTGRESQL = [
    _postgresql_change("rd_publication_count_added", "SELECT person_id, 1 AS n FROM added"),
    _postgresql_change("rd_publication_count_removed", "SELECT person_id, -1 AS n FROM removed"),
    _postgresql_change(
        "rd_publication_count_changed",
        "SELECT person_id, 1 AS n FROM added UNION ALL SELECT person_id, -1 FROM removed",
    ),
    f"""
    CREATE TRIGGER rd_publication_count_insert AFTER INSERT ON {BYLINE}
        REFERENCING NEW TABLE AS added
        FOR EACH STATEMENT EXECUTE FUNCTION rd_publication_count_added()
    """,
    f"""
    CREATE TRIGGER rd_publication_count_delete AFTER DELETE ON {BYLINE}
        REFERENCING OLD TABLE AS removed
        FOR EACH STATEMENT EXECUTE FUNCTION rd_publication_count_removed()
    """,
    f"""
    CREATE TRIGGER rd_publication_count_update AFTER UPDATE ON {BYLINE}
        REFERENCING OLD TABLE AS removed NEW TABLE AS added
        FOR EACH STATEMENT EXECUTE FUNCTION rd_publication_count_changed()
    """,
]

POSTGRESQL_BACKWARD = [
    f"DROP TRIGGER IF EXISTS rd_publication_count_insert ON {BYLINE}",
    f"DROP TRIGGER IF EXISTS rd_publication_count_delete ON {BYLINE}",
    f"DROP TRIGGER IF EXISTS rd_publication_count_update ON {BYLINE}",
    "DROP FUNCTION IF EXISTS rd_publication_count_added()",
    "DROP FUNCTION IF EXISTS rd_publication_count_removed()",
    "DROP FUNCTION IF EXISTS rd_publication_count_changed()",
]

SQLITE = [
    f"""
    CREATE TRIGGER IF NOT EXISTS rd_publication_count_insert AFTER INSERT ON {BYLINE} BEGIN
        UPDATE {PERSON} SET publication_count = publication_count + 1
        WHERE id = NEW.person_id;
    END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS rd_publication_count_delete AFTER DELETE ON {BYLINE} BEGIN
        UPDATE {PERSON} SET publication_count = publication_count - 1
        WHERE id = OLD.person_id;
    END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS rd_publication_count_update AFTER UPDATE OF person_id
        ON {BYLINE} WHEN OLD.person_id IS NOT NEW.person_id BEGIN
        UPDATE {PERSON} SET publication_count = publication_count - 1
        WHERE id = OLD.person_id;
        UPDATE {PERSON} SET publication_count = publication_count + 1
        WHERE id = NEW.person_id;
    END
    """,
]

SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "rd_publication_count_insert",
        "rd_publication_count_delete",
        "rd_publication_count_update",
    )
]


TRIGGERS = Triggers(MIGRATION, POSTGRESQL, POSTGRESQL_BACKWARD, SQLITE, SQLITE_BACKWARD)
create_triggers, drop_triggers = TRIGGERS.create, TRIGGERS.drop


def connect():
    TRIGGERS.connect("rd_publication_count_triggers")
