"""Refresh the search documents of renamed people's publications once per statement
(issue 18).

0003's trigger ran once per renamed person, each time a statement of its own that also
noted the publications' pages (0014). An import respells hundreds of people in one
bulk UPDATE: one refresh of all their publications now does. A statement trigger cannot
name columns, so it compares the old and new names itself. PostgreSQL only, as 0003.
"""

from django.db import migrations

from core.migration_operations import sql_on_postgresql

FORWARD = [
    """
    CREATE FUNCTION rd_publication_search_people_renamed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        renamed bigint[] := ARRAY(
            SELECT now.id FROM old_rows was JOIN new_rows now USING (id)
                WHERE was.full_name IS DISTINCT FROM now.full_name
        );
    BEGIN
        -- Even an UPDATE of no row fires the statement triggers that write people back.
        IF renamed <> '{}' THEN
            UPDATE publications_publication SET title = title WHERE id IN (
                SELECT publication_id FROM publications_authorship
                    WHERE person_id = ANY(renamed)
            );
        END IF;
        RETURN NULL;
    END $$
    """,
    "DROP TRIGGER rd_publication_search_person_renamed ON profiles_person",
    "DROP FUNCTION rd_publication_search_person_renamed()",
    """
    CREATE TRIGGER rd_publication_search_people_renamed AFTER UPDATE ON profiles_person
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION rd_publication_search_people_renamed()
    """,
]

BACKWARD = [
    "DROP TRIGGER rd_publication_search_people_renamed ON profiles_person",
    "DROP FUNCTION rd_publication_search_people_renamed()",
    """
    CREATE FUNCTION rd_publication_search_person_renamed() RETURNS trigger
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
]


class Migration(migrations.Migration):
    dependencies = [("publications", "0018_search_refresh_on_changed_bylines")]

    operations = [sql_on_postgresql(FORWARD, BACKWARD)]
