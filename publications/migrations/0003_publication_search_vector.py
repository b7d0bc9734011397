"""Weighted full-text search over publications, maintained by PostgreSQL triggers.

The document is the title (weight A), the author names (B: the name as printed and
the person's current name) and the abstract (C). PostgreSQL only, like the people's
search migration it builds on; the column is not a model field, so the ORM never
loads it, and the triggers keep it current however a row is written.
"""

from django.db import migrations

from core.migration_operations import sql_on_postgresql

FORWARD = [
    "ALTER TABLE publications_publication ADD COLUMN search_vector tsvector",
    """
    CREATE OR REPLACE FUNCTION rd_publication_search_fill() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        authors text;
    BEGIN
        SELECT string_agg(
                CASE WHEN a.name_as_printed IN ('', p.full_name) THEN p.full_name
                     ELSE a.name_as_printed || ' ' || p.full_name END, ' ')
            INTO authors
            FROM publications_authorship a JOIN profiles_person p ON p.id = a.person_id
            WHERE a.publication_id = NEW.id;
        NEW.search_vector :=
            setweight(to_tsvector('rd_search', coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('rd_search', coalesce(authors, '')), 'B')
            || setweight(to_tsvector('rd_search', coalesce(NEW.abstract, '')), 'C');
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER rd_publication_search_fill
        BEFORE INSERT OR UPDATE OF title, abstract ON publications_publication
        FOR EACH ROW EXECUTE FUNCTION rd_publication_search_fill()
    """,
    # Bylines change in bulk (a byline is replaced in one statement): refresh each
    # publication once per statement. Assigning title to itself fires the trigger above.
    """
    CREATE OR REPLACE FUNCTION rd_publication_search_refresh() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_ARGV[0] = 'old' THEN
            UPDATE publications_publication SET title = title
                WHERE id IN (SELECT publication_id FROM old_rows);
        ELSE
            UPDATE publications_publication SET title = title
                WHERE id IN (SELECT publication_id FROM new_rows);
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER rd_publication_search_byline_insert AFTER INSERT ON publications_authorship
        REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION rd_publication_search_refresh('new')
    """,
    """
    CREATE TRIGGER rd_publication_search_byline_update AFTER UPDATE ON publications_authorship
        REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION rd_publication_search_refresh('new')
    """,
    """
    CREATE TRIGGER rd_publication_search_byline_moved AFTER UPDATE ON publications_authorship
        REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION rd_publication_search_refresh('old')
    """,
    """
    CREATE TRIGGER rd_publication_search_byline_delete AFTER DELETE ON publications_authorship
        REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION rd_publication_search_refresh('old')
    """,
    """
    CREATE OR REPLACE FUNCTION rd_publication_search_person_renamed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE publications_publication SET title = title WHERE id IN (
            SELECT a.publication_id FROM publications_authorship a WHERE a.person_id = NEW.id
        );
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER rd_publication_search_person_renamed AFTER UPDATE OF full_name
        ON profiles_person FOR EACH ROW WHEN (OLD.full_name IS DISTINCT FROM NEW.full_name)
        EXECUTE FUNCTION rd_publication_search_person_renamed()
    """,
    "UPDATE publications_publication SET title = title",
    """
    CREATE INDEX publications_publication_search_vector
        ON publications_publication USING gin (search_vector)
    """,
]

BACKWARD = [
    "DROP TRIGGER IF EXISTS rd_publication_search_person_renamed ON profiles_person",
    "DROP TRIGGER IF EXISTS rd_publication_search_byline_insert ON publications_authorship",
    "DROP TRIGGER IF EXISTS rd_publication_search_byline_update ON publications_authorship",
    "DROP TRIGGER IF EXISTS rd_publication_search_byline_moved ON publications_authorship",
    "DROP TRIGGER IF EXISTS rd_publication_search_byline_delete ON publications_authorship",
    "DROP TRIGGER IF EXISTS rd_publication_search_fill ON publications_publication",
    "DROP FUNCTION IF EXISTS rd_publication_search_person_renamed()",
    "DROP FUNCTION IF EXISTS rd_publication_search_refresh()",
    "DROP FUNCTION IF EXISTS rd_publication_search_fill()",
    "ALTER TABLE publications_publication DROP COLUMN IF EXISTS search_vector",
]


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0004_person_search_vector"),
        ("publications", "0002_history_rows_may_repeat_identifiers"),
    ]

    operations = [
        sql_on_postgresql(FORWARD, BACKWARD),
    ]
