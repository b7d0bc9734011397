"""Refresh a publication's search document once per byline update, and only when it reads
differently (issue 18).

0003 refreshed every publication of an updated byline twice, once for its old row and
once for its new one, even when only a position or a featured rank changed. A merge moves
a person's bylines in one UPDATE; each refresh rewrote those publications, which noted
their pages again (0014). One trigger now sees both rows and refreshes the publications
whose bylines changed person, printed name or publication. PostgreSQL only, as 0003.
"""

from django.db import migrations

from core.migration_operations import sql_on_postgresql

FORWARD = [
    """
    CREATE FUNCTION rd_publication_search_bylines_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        changed bigint[] := ARRAY(
            SELECT unnest(ARRAY[was.publication_id, now.publication_id])
                FROM old_rows was JOIN new_rows now USING (id)
                WHERE (was.publication_id, was.person_id, was.name_as_printed)
                    IS DISTINCT FROM (now.publication_id, now.person_id, now.name_as_printed)
        );
    BEGIN
        -- An UPDATE of no row would still fire the publications' statement triggers.
        IF changed <> '{}' THEN
            UPDATE publications_publication SET title = title WHERE id = ANY(changed);
        END IF;
        RETURN NULL;
    END $$
    """,
    "DROP TRIGGER rd_publication_search_byline_update ON publications_authorship",
    "DROP TRIGGER rd_publication_search_byline_moved ON publications_authorship",
    """
    CREATE TRIGGER rd_publication_search_byline_changed AFTER UPDATE ON publications_authorship
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION rd_publication_search_bylines_changed()
    """,
]

BACKWARD = [
    "DROP TRIGGER rd_publication_search_byline_changed ON publications_authorship",
    "DROP FUNCTION rd_publication_search_bylines_changed()",
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
]


class Migration(migrations.Migration):
    dependencies = [("publications", "0017_publication_order_indexes")]

    operations = [
        sql_on_postgresql(FORWARD, BACKWARD),
    ]
