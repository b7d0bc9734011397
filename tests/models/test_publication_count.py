"""Person.publication_count stays the number of the person's bylines after every kind of
write (publications and bylines added, moved and deleted, merges, imports, bulk writes,
the backup), the migration fills it from the rows already there, and the API's people
list sorts by it (issue 15: the count was computed per row, 2 s at benchmark scale)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from profiles.merging import merge_people
from profiles.models import Person
from publications import backup
from publications.merging import merge_publications
from publications.models import Authorship, Publication
from tests.factories import make_person, make_publication
from tests.support.stored_columns import filled_by_migration

pytestmark = pytest.mark.django_db


def counts(*people):
    values = dict(
        Person.objects.filter(pk__in=[p.pk for p in people]).values_list("pk", "publication_count")
    )
    return [values[p.pk] for p in people]


def test_publications_added_and_deleted_are_counted():
    ada, charles = make_person("Ada Lovelace"), make_person("Charles Babbage")
    assert counts(ada, charles) == [0, 0]
    shared = make_publication(authors=[ada, charles], year=2019)
    make_publication(authors=[ada], year=2015)
    assert counts(ada, charles) == [2, 1]
    shared.delete()
    assert counts(ada, charles) == [1, 0]
    Publication.objects.all().delete()  # a bulk delete
    assert counts(ada, charles) == [0, 0]


def test_a_byline_added_moved_or_removed_counts_for_both_people():
    ada, charles, mary = (make_person(name) for name in ("Ada L", "Charles B", "Mary S"))
    paper = make_publication(authors=[ada], year=2018)
    byline = Authorship.objects.create(publication=paper, person=charles, position=2)
    assert counts(ada, charles, mary) == [1, 1, 0]
    Authorship.objects.filter(pk=byline.pk).update(person=mary)  # a bulk write
    assert counts(ada, charles, mary) == [1, 0, 1]
    mine = paper.authorships.get(position=1)
    mine.person = charles
    mine.save()
    assert counts(ada, charles, mary) == [0, 1, 1]
    Authorship.objects.filter(pk=byline.pk).update(position=3)  # nobody moved
    assert counts(ada, charles, mary) == [0, 1, 1]
    Authorship.objects.filter(pk=byline.pk).delete()
    assert counts(ada, charles, mary) == [0, 1, 0]


def test_merging_people_and_publications_keeps_it_true():
    ada, twin, charles = (make_person(name) for name in ("Ada Lovelace", "A. Lovelace", "Ch. B"))
    make_publication(authors=[ada], year=2014)
    make_publication(authors=[twin, charles], year=2022)
    both = make_publication(authors=[ada, twin], year=2023)  # one byline goes
    merge_people(keep=ada, other=twin)
    assert counts(ada, charles) == [3, 1]
    assert both.authorships.count() == 1

    first = make_publication("Engines", authors=[charles], year=2025)
    second = make_publication("Engines", authors=[charles], year=2025)
    assert counts(charles) == [3]
    merge_publications(keep=first, other=second)
    assert counts(charles) == [2]


def test_an_import_counts_for_the_people_it_creates_and_finds(tmp_path):
    ada = make_person("Ada Lovelace")
    make_publication(authors=[ada], year=2001)
    path = tmp_path / "refs.bib"
    path.write_text(
        "@article{a, title={Notes on the engine}, author={Ada Lovelace and Mary Somerville},"
        " year=2023, journal={J}}\n",
        encoding="utf-8",
    )
    call_command("import_bibtex", str(path), stdout=io.StringIO())
    mary = Person.objects.get(full_name="Mary Somerville")
    assert counts(ada, mary) == [2, 1]


def test_saving_a_person_read_earlier_keeps_the_count_the_triggers_wrote():
    ada = make_person("Ada Lovelace")
    stale = Person.objects.get(pk=ada.pk)
    make_publication(authors=[ada], year=2020)
    stale.bio = "Wrote the first program."
    stale.save()
    assert counts(ada) == [1]


def test_loading_a_backup_counts_it_from_the_rows_not_the_file():
    ada = make_person("Ada Lovelace")
    make_publication(authors=[ada], year=2017)
    data = backup.export_directory()
    (row,) = data["models"]["profiles.person"]
    row["fields"]["publication_count"] = 99  # a stale or edited file
    backup.import_directory(data, replace=True)
    assert Person.objects.get().publication_count == 1


def test_the_api_sorts_people_by_the_count_after_writes(client):
    ada, charles, mary = (make_person(name) for name in ("Ada L", "Charles B", "Mary S"))
    make_publication(authors=[charles, mary])
    make_publication(authors=[charles])
    newest = make_publication(authors=[ada])

    def slugs(ordering):
        data = client.get("/api/people/", {"ordering": ordering}).json()
        return [(p["slug"], p["publication_count"]) for p in data["results"]]

    assert slugs("-publication_count") == [
        (charles.slug, 2),
        (ada.slug, 1),
        (mary.slug, 1),
    ]
    make_publication(authors=[ada, mary])
    make_publication(authors=[ada])
    Authorship.objects.filter(publication=newest).update(person=mary)
    assert slugs("-publication_count") == [(mary.slug, 3), (ada.slug, 2), (charles.slug, 2)]
    Publication.objects.filter(authorships__person=charles).delete()
    assert slugs("publication_count") == [(charles.slug, 0), (ada.slug, 2), (mary.slug, 2)]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite drops triggers on rebuilds")
def test_a_migrate_on_sqlite_makes_dropped_triggers_again():
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER rd_publication_count_insert")
    call_command("migrate", verbosity=0)
    ada = make_person("Ada Lovelace")
    make_publication(authors=[ada], year=2016)
    assert counts(ada) == [1]


BEFORE = [("publications", "0015_person_last_active"), ("profiles", "0012_person_last_active")]
AFTER = [("publications", "0016_person_publication_count")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_it_from_the_rows_there_and_reverses():
    assert filled_by_migration(BEFORE, AFTER, "publication_count") == [("ada", 2), ("charles", 0)]
