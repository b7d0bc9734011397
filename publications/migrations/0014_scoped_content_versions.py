"""Content versions per scope, noted without a lock (core/caching.py reads them).

0004 kept one row that every writing transaction updated, so one long import held it
and every other write waited. Now triggers only insert rows into rd_scope_change,
one per scope a statement touched: inserts never wait on each other. The version of
a scope is its compacted count in rd_scope_version plus its rows still in the log;
rd_compact_scope_changes() moves committed rows into the counts in one statement,
which leaves that sum as it is, so readers need no lock either and a version changes
exactly when a writing transaction commits.

Scopes: `person:<id>` (a profile, its API answer, year pages, exports), `topic:<id>`
(a topic page), `names` (what a person is called or linked as changed on someone
with a profile: the similar researchers other profiles list), `lists` (every write:
lists, searches, the directory, the network and any page not scoped), `all`
(TRUNCATE, which names no rows). A write notes the scopes of the pages showing what
it changed: a publication notes its authors and topics, a byline its publication's,
a change of name a person's co-authors and the topics of their publications.
PostgreSQL only, as 0004.
"""

from django.db import migrations

from core.migration_operations import sql_on_postgresql

CONTENT_TABLES = [
    "profiles_person",
    "profiles_topic",
    "profiles_namevariant",
    "profiles_person_topics",
    "profiles_personredirect",
    "profiles_membershipperiod",
    "publications_publication",
    "publications_authorship",
    "publications_publication_topics",
]

DROP_SINGLE_VERSION = [
    f"DROP TRIGGER IF EXISTS rd_content_version ON {t}" for t in CONTENT_TABLES
] + [
    "DROP FUNCTION IF EXISTS rd_bump_content_version()",
    "DROP TABLE IF EXISTS rd_content_version",
]

TABLES = [
    """
    CREATE TABLE rd_scope_change (id bigserial PRIMARY KEY, scope text NOT NULL)
    """,
    "CREATE INDEX rd_scope_change_scope ON rd_scope_change (scope)",
    """
    CREATE TABLE rd_scope_version (scope text PRIMARY KEY, version bigint NOT NULL)
    """,
]

# What is called or linked on other people's pages (rows.Author, similar researchers).
NAME_COLUMNS = (
    "full_name",
    "given_name",
    "name_particle",
    "family_name",
    "sort_name",
    "slug",
    "has_profile",
)

# A statement of more rows than this (a bulk load, COPY) notes `all` instead of
# finding every page it touches: it changes most of them anyway.
BULK_ROWS = 10_000


def ids_of_rows(column):
    """PL/pgSQL that gathers `column` of a statement's old and new rows into `ids`."""
    return f"""
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            ids := ids || ARRAY(SELECT {column} FROM old_rows);
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
            ids := ids || ARRAY(SELECT {column} FROM new_rows);
        END IF;"""


FUNCTIONS = [
    # The scopes of one statement, each once.
    """
    CREATE FUNCTION rd_note(scopes text[]) RETURNS void LANGUAGE sql AS $$
        INSERT INTO rd_scope_change (scope)
        SELECT DISTINCT scope FROM unnest(scopes || '{lists}'::text[]) AS scope
    $$
    """,
    # People changed: their pages and the topic pages listing them; when their names
    # changed, also their co-authors' pages, their publications' topic pages and,
    # for someone with a profile, `names`.
    """
    CREATE FUNCTION rd_people_changed(ids bigint[], renamed bigint[], profiled boolean)
    RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
        IF cardinality(ids) > BULK_ROWS THEN
            PERFORM rd_note('{all}');
            RETURN;
        END IF;
        PERFORM rd_note(ARRAY(
            SELECT 'person:' || id FROM unnest(ids) AS id
            UNION SELECT 'topic:' || topic_id FROM profiles_person_topics
                WHERE person_id = ANY(ids)
            UNION SELECT 'person:' || other.person_id
                FROM publications_authorship own
                JOIN publications_authorship other USING (publication_id)
                WHERE own.person_id = ANY(renamed)
            UNION SELECT 'topic:' || shown.topic_id
                FROM publications_authorship own
                JOIN publications_publication_topics shown USING (publication_id)
                WHERE own.person_id = ANY(renamed)
            UNION SELECT 'names' WHERE profiled
        ));
    END $$
    """.replace("BULK_ROWS", str(BULK_ROWS)),
    # Publications changed: the pages of their authors (and of `people`, bylines
    # that are gone) and of their topics.
    """
    CREATE FUNCTION rd_publications_changed(ids bigint[], people bigint[])
    RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
        IF cardinality(ids) > BULK_ROWS THEN
            PERFORM rd_note('{all}');
            RETURN;
        END IF;
        PERFORM rd_note(ARRAY(
            SELECT 'person:' || id FROM unnest(people) AS id
            UNION SELECT 'person:' || person_id FROM publications_authorship
                WHERE publication_id = ANY(ids)
            UNION SELECT 'topic:' || topic_id FROM publications_publication_topics
                WHERE publication_id = ANY(ids)
        ));
    END $$
    """.replace("BULK_ROWS", str(BULK_ROWS)),
    """
    CREATE FUNCTION rd_person_written() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        ids bigint[];
        renamed bigint[];
        profiled boolean;
    BEGIN
        IF TG_OP = 'INSERT' THEN
            SELECT array_agg(id), '{}', false INTO ids, renamed, profiled FROM new_rows;
        ELSIF TG_OP = 'DELETE' THEN
            SELECT array_agg(id), array_agg(id), coalesce(bool_or(has_profile), false)
                INTO ids, renamed, profiled FROM old_rows;
        ELSE
            SELECT array_agg(n.id),
                   coalesce(array_agg(n.id) FILTER (WHERE (OLD_NAMES) IS DISTINCT FROM (NEW_NAMES)), '{}'),
                   coalesce(bool_or((OLD_NAMES) IS DISTINCT FROM (NEW_NAMES)
                       AND (o.has_profile OR n.has_profile)), false)
                INTO ids, renamed, profiled
                FROM old_rows o JOIN new_rows n ON n.id = o.id;
        END IF;
        IF ids IS NOT NULL THEN
            PERFORM rd_people_changed(ids, renamed, profiled);
        END IF;
        RETURN NULL;
    END $$
    """.replace("OLD_NAMES", ", ".join(f"o.{column}" for column in NAME_COLUMNS)).replace(
        "NEW_NAMES", ", ".join(f"n.{column}" for column in NAME_COLUMNS)
    ),
    # Rows that belong to one person: a membership period, a name variant, an old address.
    """
    CREATE FUNCTION rd_person_part_written() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        ids bigint[] := '{}';
    BEGIN IDS_OF_ROWS
        IF ids <> '{}' THEN
            PERFORM rd_people_changed(ids, '{}', false);
        END IF;
        RETURN NULL;
    END $$
    """.replace(" IDS_OF_ROWS", ids_of_rows("person_id")),
    """
    CREATE FUNCTION rd_person_topic_written() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        scopes text[] := '{}';
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            scopes := scopes || ARRAY(SELECT 'person:' || person_id FROM old_rows)
                || ARRAY(SELECT 'topic:' || topic_id FROM old_rows);
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
            scopes := scopes || ARRAY(SELECT 'person:' || person_id FROM new_rows)
                || ARRAY(SELECT 'topic:' || topic_id FROM new_rows);
        END IF;
        IF cardinality(scopes) > BULK_ROWS THEN
            PERFORM rd_note('{all}');
        ELSIF scopes <> '{}' THEN
            PERFORM rd_note(scopes);
        END IF;
        RETURN NULL;
    END $$
    """.replace("BULK_ROWS", str(BULK_ROWS)),
    # A topic renamed or removed shows on the pages of its people and of the authors
    # of its publications.
    """
    CREATE FUNCTION rd_topic_written() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        ids bigint[] := '{}';
    BEGIN IDS_OF_ROWS
        IF ids = '{}' THEN
            RETURN NULL;
        END IF;
        IF cardinality(ids) > BULK_ROWS THEN
            PERFORM rd_note('{all}');
            RETURN NULL;
        END IF;
        PERFORM rd_note(ARRAY(
            SELECT 'topic:' || id FROM unnest(ids) AS id
            UNION SELECT 'person:' || person_id FROM profiles_person_topics
                WHERE topic_id = ANY(ids)
            UNION SELECT 'person:' || byline.person_id
                FROM publications_publication_topics shown
                JOIN publications_authorship byline USING (publication_id)
                WHERE shown.topic_id = ANY(ids)
        ));
        RETURN NULL;
    END $$
    """.replace("BULK_ROWS", str(BULK_ROWS)).replace(" IDS_OF_ROWS", ids_of_rows("id")),
    """
    CREATE FUNCTION rd_publication_written() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        ids bigint[] := '{}';
    BEGIN IDS_OF_ROWS
        IF ids <> '{}' THEN
            PERFORM rd_publications_changed(ids, '{}');
        END IF;
        RETURN NULL;
    END $$
    """.replace(" IDS_OF_ROWS", ids_of_rows("id")),
    # A byline (an authorship, or a publication's topic) changes its publication's
    # pages; the people of bylines that are gone are no longer found through it.
    """
    CREATE FUNCTION rd_byline_written() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        ids bigint[] := '{}';
        people bigint[] := '{}';
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            ids := ARRAY(SELECT publication_id FROM old_rows);
            IF TG_TABLE_NAME = 'publications_authorship' THEN
                people := ARRAY(SELECT person_id FROM old_rows);
            ELSE
                PERFORM rd_note(ARRAY(SELECT 'topic:' || topic_id FROM old_rows));
            END IF;
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
            ids := ids || ARRAY(SELECT publication_id FROM new_rows);
        END IF;
        IF ids <> '{}' THEN
            PERFORM rd_publications_changed(ids, people);
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE FUNCTION rd_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM rd_note('{all}');
        RETURN NULL;
    END $$
    """,
    # Committed changes into the counts, in one statement: a reader sees either the
    # rows or the counts they were added to, never both or neither. One at a time;
    # the others leave their rows to it or to the next.
    """
    CREATE FUNCTION rd_compact_scope_changes() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
        IF NOT pg_try_advisory_xact_lock(hashtext('rd_compact_scope_changes')) THEN
            RETURN;
        END IF;
        WITH moved AS (DELETE FROM rd_scope_change RETURNING scope)
        INSERT INTO rd_scope_version AS kept (scope, version)
            SELECT scope, count(*) FROM moved GROUP BY scope
        ON CONFLICT (scope) DO UPDATE SET version = kept.version + EXCLUDED.version;
    END $$
    """,
]

WRITERS = {
    "profiles_person": "rd_person_written",
    "profiles_membershipperiod": "rd_person_part_written",
    "profiles_namevariant": "rd_person_part_written",
    "profiles_personredirect": "rd_person_part_written",
    "profiles_person_topics": "rd_person_topic_written",
    "profiles_topic": "rd_topic_written",
    "publications_publication": "rd_publication_written",
    "publications_authorship": "rd_byline_written",
    "publications_publication_topics": "rd_byline_written",
}
TRANSITIONS = {
    "INSERT": "NEW TABLE AS new_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
}
# Once per statement, with the statement's rows: a bulk write notes each scope once.
TRIGGERS = [
    f"""
    CREATE TRIGGER rd_{event.lower()}_noted AFTER {event} ON {table}
        REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION {function}()
    """
    for table, function in WRITERS.items()
    for event, transition in TRANSITIONS.items()
] + [
    f"""
    CREATE TRIGGER rd_truncate_noted AFTER TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION rd_truncated()
    """
    for table in WRITERS
]

# 0004 and 0012 as they were, so that migrating back and forward again works.
RESTORE_SINGLE_VERSION = [
    "CREATE TABLE rd_content_version "
    "(id integer PRIMARY KEY CHECK (id = 1), version bigint NOT NULL, changed timestamptz NOT NULL)",
    "INSERT INTO rd_content_version VALUES (1, 1, CURRENT_TIMESTAMP)",
    """
    CREATE FUNCTION rd_bump_content_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE rd_content_version SET version = version + 1, changed = CURRENT_TIMESTAMP;
        RETURN NULL;
    END $$
    """,
] + [
    f"""
    CREATE TRIGGER rd_content_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION rd_bump_content_version()
    """
    for table in CONTENT_TABLES
]

FORWARD = DROP_SINGLE_VERSION + TABLES + FUNCTIONS + TRIGGERS
BACKWARD = (
    [
        f"DROP TRIGGER IF EXISTS rd_{event.lower()}_noted ON {t}"
        for t in WRITERS
        for event in TRANSITIONS
    ]
    + [f"DROP TRIGGER IF EXISTS rd_truncate_noted ON {t}" for t in WRITERS]
    + [
        "DROP FUNCTION IF EXISTS rd_compact_scope_changes()",
        "DROP FUNCTION IF EXISTS rd_truncated()",
        "DROP FUNCTION IF EXISTS rd_byline_written()",
        "DROP FUNCTION IF EXISTS rd_publication_written()",
        "DROP FUNCTION IF EXISTS rd_topic_written()",
        "DROP FUNCTION IF EXISTS rd_person_topic_written()",
        "DROP FUNCTION IF EXISTS rd_person_part_written()",
        "DROP FUNCTION IF EXISTS rd_person_written()",
        "DROP FUNCTION IF EXISTS rd_publications_changed(bigint[], bigint[])",
        "DROP FUNCTION IF EXISTS rd_people_changed(bigint[], bigint[], boolean)",
        "DROP FUNCTION IF EXISTS rd_note(text[])",
        "DROP TABLE IF EXISTS rd_scope_version",
        "DROP TABLE IF EXISTS rd_scope_change",
    ]
    + RESTORE_SINGLE_VERSION
)


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0011_verbose_names"),
        ("publications", "0013_verbose_names"),
    ]

    operations = [sql_on_postgresql(FORWARD, BACKWARD)]
