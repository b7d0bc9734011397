"""A publication whose bylines changed recomputes only the authors part of its search
document (issue 18).

Every refresh (a merge, a renaming, a byline moved) ran `to_tsvector` over the title and
the whole abstract again, although only the bylines had changed. The document is now
title (A), abstract (C), then authors (B), so a refresh keeps the title and abstract
part as stored (`ts_filter` to weights A and C) and appends the new authors: the same
document a full fill makes, since a concatenation shifts the positions of its right side
by the left side's last position. PostgreSQL only.
"""

from importlib import import_module

from django.db import migrations

from core.migration_operations import sql_on_postgresql

# The authors part of a publication's document: each byline's printed name and the
# person's current one, as 0003 and 0011 read them, now in byline order (they were in
# whatever order the plan read them, so two fills of one publication could differ).
AUTHORS = """
    CREATE FUNCTION rd_publication_authors_document(publication bigint) RETURNS tsvector
    LANGUAGE sql STABLE AS $$
        SELECT setweight(to_tsvector('rd_search', coalesce(string_agg(
                CASE WHEN a.name_as_printed IN ('', p.full_name) THEN p.full_name
                     ELSE a.name_as_printed || ' ' || p.full_name END, ' '
                ORDER BY a.position NULLS LAST, a.id), '')), 'B')
            FROM publications_authorship a JOIN profiles_person p ON p.id = a.person_id
            WHERE a.publication_id = publication
    $$
"""

TEXTS = """
    CREATE FUNCTION rd_publication_texts_document(title text, abstract text, language text)
    RETURNS tsvector LANGUAGE sql STABLE AS $$
        SELECT setweight(to_tsvector(rd_text_config(language), coalesce(title, '')), 'A')
            || setweight(to_tsvector(rd_text_config(language), coalesce(abstract, '')), 'C')
    $$
"""

FILL = """
    CREATE OR REPLACE FUNCTION rd_publication_search_fill() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND OLD.search_vector IS NOT NULL
            AND (NEW.title, NEW.abstract, NEW.language)
                IS NOT DISTINCT FROM (OLD.title, OLD.abstract, OLD.language) THEN
            NEW.search_vector := ts_filter(OLD.search_vector, '{a,c}')
                || rd_publication_authors_document(NEW.id);
        ELSE
            NEW.search_vector :=
                rd_publication_texts_document(NEW.title, NEW.abstract, NEW.language)
                || rd_publication_authors_document(NEW.id);
        END IF;
        RETURN NEW;
    END $$
"""

# Every stored document in the new order, in one pass (the trigger does not fire on
# search_vector alone).
REFILL = """
    UPDATE publications_publication SET search_vector =
        rd_publication_texts_document(title, abstract, language)
        || rd_publication_authors_document(id)
"""

# Undone by 0011's function, which filled title, authors, abstract.
OLD_FILL = import_module("publications.migrations.0011_search_per_language").PUBLICATION_FILL

FORWARD = [AUTHORS, TEXTS, FILL, REFILL]
BACKWARD = [
    OLD_FILL,
    "DROP FUNCTION rd_publication_texts_document(text, text, text)",
    "DROP FUNCTION rd_publication_authors_document(bigint)",
    "UPDATE publications_publication SET title = title",
]


class Migration(migrations.Migration):
    dependencies = [("publications", "0019_search_refresh_once_per_renaming")]

    operations = [sql_on_postgresql(FORWARD, BACKWARD)]
