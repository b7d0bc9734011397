"""Full-text search in English and French (PostgreSQL only).

Two text search configurations, each stemming its language after unaccent, so that
"reseaux" finds "réseau" and "learned" finds "learning". A publication's title and
abstract are indexed with the configuration of its own language (English when it is
unknown); a topic's names each with their language's. Queries are parsed with both
(core/fulltext.py), so a visitor finds either language's words whatever the page's.
Author and person names keep the English configuration, as before.
"""

from django.db import migrations

from core.migration_operations import sql_on_postgresql

CONFIGURATIONS = [
    f"""
    DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{language}_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION {language}_unaccent (COPY = {language});
            ALTER TEXT SEARCH CONFIGURATION {language}_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {language}_stem;
        END IF;
    END $$
    """
    for language in ("english", "french")
]

# The configuration of a publication's text: its language's, else English.
LANGUAGE_CONFIG = """
    CREATE OR REPLACE FUNCTION rd_text_config(language text) RETURNS regconfig
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN language = 'fr' THEN 'french_unaccent'::regconfig
                      ELSE 'english_unaccent'::regconfig END $$
"""

PUBLICATION_FILL = """
    CREATE OR REPLACE FUNCTION rd_publication_search_fill() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        authors text;
        config regconfig := rd_text_config(NEW.language);
    BEGIN
        SELECT string_agg(
                CASE WHEN a.name_as_printed IN ('', p.full_name) THEN p.full_name
                     ELSE a.name_as_printed || ' ' || p.full_name END, ' ')
            INTO authors
            FROM publications_authorship a JOIN profiles_person p ON p.id = a.person_id
            WHERE a.publication_id = NEW.id;
        NEW.search_vector :=
            setweight(to_tsvector(config, coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('rd_search', coalesce(authors, '')), 'B')
            || setweight(to_tsvector(config, coalesce(NEW.abstract, '')), 'C');
        RETURN NEW;
    END $$
"""

PERSON_FILL = """
    CREATE OR REPLACE FUNCTION rd_person_search_fill() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        variants text;
        topics_en text;
        topics_fr text;
    BEGIN
        SELECT string_agg(v.name, ' ') INTO variants
            FROM profiles_namevariant v WHERE v.person_id = NEW.id;
        SELECT string_agg(coalesce(t.name_en, ''), ' '), string_agg(coalesce(t.name_fr, ''), ' ')
            INTO topics_en, topics_fr
            FROM profiles_person_topics pt JOIN profiles_topic t ON t.id = pt.topic_id
            WHERE pt.person_id = NEW.id;
        NEW.search_names := rd_fold(concat_ws(' ', NEW.full_name, variants));
        NEW.search_vector :=
            setweight(to_tsvector('rd_search', NEW.search_names), 'A')
            || setweight(to_tsvector('english_unaccent', coalesce(topics_en, '')), 'B')
            || setweight(to_tsvector('french_unaccent', coalesce(topics_fr, '')), 'B');
        RETURN NEW;
    END $$
"""

FORWARD = [
    *CONFIGURATIONS,
    LANGUAGE_CONFIG,
    PUBLICATION_FILL,
    "DROP TRIGGER rd_publication_search_fill ON publications_publication",
    """
    CREATE TRIGGER rd_publication_search_fill
        BEFORE INSERT OR UPDATE OF title, abstract, language ON publications_publication
        FOR EACH ROW EXECUTE FUNCTION rd_publication_search_fill()
    """,
    PERSON_FILL,
    # A topic renamed in either language refreshes its people's documents.
    "DROP TRIGGER rd_person_search_topic_renamed ON profiles_topic",
    """
    CREATE TRIGGER rd_person_search_topic_renamed
        AFTER UPDATE OF name, name_en, name_fr ON profiles_topic
        FOR EACH ROW WHEN (OLD.name_en IS DISTINCT FROM NEW.name_en
                           OR OLD.name_fr IS DISTINCT FROM NEW.name_fr)
        EXECUTE FUNCTION rd_person_search_topic_renamed()
    """,
    "UPDATE profiles_person SET full_name = full_name",
    "UPDATE publications_publication SET title = title",
]

# What profiles/0004 and publications/0003 had made.
BACKWARD = [
    "DROP TRIGGER rd_person_search_topic_renamed ON profiles_topic",
    """
    CREATE TRIGGER rd_person_search_topic_renamed AFTER UPDATE OF name ON profiles_topic
        FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
        EXECUTE FUNCTION rd_person_search_topic_renamed()
    """,
    """
    CREATE OR REPLACE FUNCTION rd_person_search_fill() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        variants text;
        topics text;
    BEGIN
        SELECT string_agg(v.name, ' ') INTO variants
            FROM profiles_namevariant v WHERE v.person_id = NEW.id;
        SELECT string_agg(t.name, ' ') INTO topics
            FROM profiles_person_topics pt JOIN profiles_topic t ON t.id = pt.topic_id
            WHERE pt.person_id = NEW.id;
        NEW.search_names := rd_fold(concat_ws(' ', NEW.full_name, variants));
        NEW.search_vector :=
            setweight(to_tsvector('rd_search', NEW.search_names), 'A')
            || setweight(to_tsvector('rd_search', coalesce(topics, '')), 'B');
        RETURN NEW;
    END $$
    """,
    "DROP TRIGGER rd_publication_search_fill ON publications_publication",
    """
    CREATE TRIGGER rd_publication_search_fill
        BEFORE INSERT OR UPDATE OF title, abstract ON publications_publication
        FOR EACH ROW EXECUTE FUNCTION rd_publication_search_fill()
    """,
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
    "DROP FUNCTION IF EXISTS rd_text_config(text)",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS english_unaccent",
    "UPDATE profiles_person SET full_name = full_name",
    "UPDATE publications_publication SET title = title",
]


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0007_content_per_language"),
        ("publications", "0010_publication_language"),
    ]

    operations = [
        sql_on_postgresql(FORWARD, BACKWARD),
    ]
