"""Triggers that keep `Person.last_active` true: the latest year of a person's
publications (the year one was added, in UTC, when it has none; 0 without any).

A new byline or publication can only raise it, so inserts compare one value; a byline
removed or moved, or a publication's year changed, counts that person's rows again.
Triggers catch every writer (admin, API, imports, merges, bulk COPY, raw SQL), so
sorting by activity reads a stored column. A publication's deletion deletes its
bylines, whose trigger recounts.

PostgreSQL runs them once per statement over its transition tables (a bulk load of
200,000 publications costs seconds). SQLite has row triggers only, and drops a table's
triggers when a migration rebuilds it, so they are created again after every migrate.
"""

from publications.triggers import Triggers

MIGRATION = ("publications", "0015_person_last_active")

PERSON = "profiles_person"
BYLINE = "publications_authorship"
PUBLICATION = "publications_publication"

POSTGRESQL_YEAR = "COALESCE({p}.year, EXTRACT(YEAR FROM {p}.created AT TIME ZONE 'UTC')::int)"
SQLITE_YEAR = "COALESCE({p}.year, CAST(substr({p}.created, 1, 4) AS INTEGER))"


def recount_all(vendor):
    """The statement that sets every person's last_active from their bylines."""
    year = (POSTGRESQL_YEAR if vendor == "postgresql" else SQLITE_YEAR).format(p="pub")
    return f"""
        UPDATE {PERSON} SET last_active = COALESCE((
            SELECT MAX({year}) FROM {BYLINE} byline
            JOIN {PUBLICATION} pub ON pub.id = byline.publication_id
            WHERE byline.person_id = {PERSON}.id
        ), 0)
    """


POSTGRESQL_YEAR_OF_PUB = POSTGRESQL_YEAR.format(p="pub")

# Once per statement, with its rows as `added` and `removed`.
TRIGGERS = [
    ("byline_insert", "INSERT", BYLINE, "NEW TABLE AS added", "byline_added"),
    ("byline_delete", "DELETE", BYLINE, "OLD TABLE AS removed", "byline_removed"),
    (
        "byline_update",
        "UPDATE",
        BYLINE,
        "OLD TABLE AS removed NEW TABLE AS added",
        "byline_changed",
    ),
    ("publication_insert", "INSERT", PUBLICATION, "NEW TABLE AS added", "publication_added"),
    (
        "publication_update",
        "UPDATE",
        PUBLICATION,
        "OLD TABLE AS removed NEW TABLE AS added",
        "publication_changed",
    ),
]

POSTGRESQL = [
    # Counts again the people whose ids are given, writing only the rows that change.
    f"""
    CREATE FUNCTION rd_last_active_recount(ids bigint[]) RETURNS void LANGUAGE sql AS $$
        UPDATE {PERSON} person SET last_active = fresh.active
        FROM (
            SELECT chosen.id, COALESCE(MAX({POSTGRESQL_YEAR_OF_PUB}), 0) AS active
            FROM unnest(ids) AS chosen(id)
            LEFT JOIN {BYLINE} byline ON byline.person_id = chosen.id
            LEFT JOIN {PUBLICATION} pub ON pub.id = byline.publication_id
            GROUP BY chosen.id
        ) fresh
        WHERE person.id = fresh.id AND person.last_active <> fresh.active
    $$
    """,
    f"""
    CREATE FUNCTION rd_last_active_byline_added() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE {PERSON} person SET last_active = raised.active
        FROM (
            SELECT added.person_id, MAX({POSTGRESQL_YEAR_OF_PUB}) AS active
            FROM added JOIN {PUBLICATION} pub ON pub.id = added.publication_id
            GROUP BY added.person_id
        ) raised
        WHERE person.id = raised.person_id AND raised.active > person.last_active;
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE FUNCTION rd_last_active_publication_added() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE {PERSON} person SET last_active = raised.active
        FROM (
            SELECT byline.person_id, MAX({POSTGRESQL_YEAR_OF_PUB}) AS active
            FROM added pub JOIN {BYLINE} byline ON byline.publication_id = pub.id
            GROUP BY byline.person_id
        ) raised
        WHERE person.id = raised.person_id AND raised.active > person.last_active;
        RETURN NULL;
    END $$
    """,
    """
    CREATE FUNCTION rd_last_active_byline_removed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM rd_last_active_recount(ARRAY(SELECT DISTINCT person_id FROM removed));
        RETURN NULL;
    END $$
    """,
    """
    CREATE FUNCTION rd_last_active_byline_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM rd_last_active_recount(ARRAY(
            SELECT person_id FROM removed UNION SELECT person_id FROM added
        ));
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE FUNCTION rd_last_active_publication_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM rd_last_active_recount(ARRAY(
            SELECT DISTINCT byline.person_id
            FROM added JOIN removed ON removed.id = added.id
            JOIN {BYLINE} byline ON byline.publication_id = added.id
            WHERE added.year IS DISTINCT FROM removed.year OR added.created <> removed.created
        ));
        RETURN NULL;
    END $$
    """,
] + [
    f"""
    CREATE TRIGGER rd_last_active_{name} AFTER {event} ON {table}
        REFERENCING {transition}
        FOR EACH STATEMENT EXECUTE FUNCTION rd_last_active_{function}()
    """
    for name, event, table, transition, function in TRIGGERS
]

POSTGRESQL_BACKWARD = [
    *(
        f"DROP TRIGGER IF EXISTS rd_last_active_{name} ON {table}"
        for name, _, table, _, _ in TRIGGERS
    ),
    "DROP FUNCTION IF EXISTS rd_last_active_byline_added()",
    "DROP FUNCTION IF EXISTS rd_last_active_publication_added()",
    "DROP FUNCTION IF EXISTS rd_last_active_byline_removed()",
    "DROP FUNCTION IF EXISTS rd_last_active_byline_changed()",
    "DROP FUNCTION IF EXISTS rd_last_active_publication_changed()",
    "DROP FUNCTION IF EXISTS rd_last_active_recount(bigint[])",
]

SQLITE_NEW_YEAR = SQLITE_YEAR.format(p="NEW")
SQLITE_BYLINE_YEAR = (
    f"(SELECT {SQLITE_YEAR.format(p='pub')} FROM {PUBLICATION} pub"
    " WHERE pub.id = NEW.publication_id)"
)


def _sqlite_recount(which):
    return f"""
        UPDATE {PERSON} SET last_active = COALESCE((
            SELECT MAX({SQLITE_YEAR.format(p="pub")}) FROM {BYLINE} byline
            JOIN {PUBLICATION} pub ON pub.id = byline.publication_id
            WHERE byline.person_id = {PERSON}.id
        ), 0)
        WHERE id IN ({which});
    """


SQLITE = [
    f"""
    CREATE TRIGGER IF NOT EXISTS rd_last_active_byline_insert AFTER INSERT ON {BYLINE} BEGIN
        UPDATE {PERSON} SET last_active = {SQLITE_BYLINE_YEAR}
        WHERE id = NEW.person_id AND last_active < {SQLITE_BYLINE_YEAR};
    END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS rd_last_active_byline_delete AFTER DELETE ON {BYLINE} BEGIN
        {_sqlite_recount("OLD.person_id")}
    END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS rd_last_active_byline_update
        AFTER UPDATE OF person_id, publication_id ON {BYLINE} BEGIN
        {_sqlite_recount("OLD.person_id, NEW.person_id")}
    END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS rd_last_active_publication_insert
        AFTER INSERT ON {PUBLICATION} BEGIN
        UPDATE {PERSON} SET last_active = {SQLITE_NEW_YEAR}
        WHERE id IN (SELECT person_id FROM {BYLINE} WHERE publication_id = NEW.id)
            AND last_active < {SQLITE_NEW_YEAR};
    END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS rd_last_active_publication_update
        AFTER UPDATE OF year, created ON {PUBLICATION} BEGIN
        {_sqlite_recount(f"SELECT person_id FROM {BYLINE} WHERE publication_id = NEW.id")}
    END
    """,
]

SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "rd_last_active_byline_insert",
        "rd_last_active_byline_delete",
        "rd_last_active_byline_update",
        "rd_last_active_publication_insert",
        "rd_last_active_publication_update",
    )
]


TRIGGERS = Triggers(MIGRATION, POSTGRESQL, POSTGRESQL_BACKWARD, SQLITE, SQLITE_BACKWARD)
create_triggers, drop_triggers = TRIGGERS.create, TRIGGERS.drop


def connect():
    TRIGGERS.connect("rd_last_active_triggers")
