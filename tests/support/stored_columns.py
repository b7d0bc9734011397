"""A migration that adds a trigger-kept column to people, tried on rows made before it."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def filled_by_migration(before, after, column):
    """[(slug, column)] of Ada (two papers, 2008 and 2013) and Charles (none), made at
    `before` and read at `after`; then back to `before`, and at last to the newest."""
    apps = migrate(before)
    person = apps.get_model("profiles", "Person")
    publication = apps.get_model("publications", "Publication")
    ada = person.objects.create(full_name="Ada Lovelace", slug="ada")
    person.objects.create(full_name="Charles Babbage", slug="charles")
    for year in (2008, 2013):
        paper = publication.objects.create(title=f"Paper {year}", slug=f"p{year}", year=year)
        apps.get_model("publications", "Authorship").objects.create(
            publication=paper, person=ada, position=1, name_as_printed="Ada Lovelace"
        )
    try:
        apps = migrate(after)
        rows = apps.get_model("profiles", "Person").objects.order_by("slug")
        filled = list(rows.values_list("slug", column))
        migrate(before)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    return filled
