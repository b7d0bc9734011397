"""Person.last_active stays the latest year of the person's publications after every
kind of write: publications and bylines added, changed and deleted, merges, imports,
bulk writes and the backup; and the migration fills it from the rows already there."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from profiles.merging import merge_people
from profiles.models import Person
from publications import backup
from publications.merging import merge_publications
from publications.models import Authorship, Publication
from tests.factories import make_person, make_publication
from tests.support.stored_columns import filled_by_migration

pytestmark = pytest.mark.django_db


def last_active(*people):
    values = dict(
        Person.objects.filter(pk__in=[p.pk for p in people]).values_list("pk", "last_active")
    )
    return [values[p.pk] for p in people]


def test_a_new_publication_raises_it_and_an_older_one_does_not():
    ada, charles = make_person("Ada Lovelace"), make_person("Charles Babbage")
    assert last_active(ada, charles) == [0, 0]
    make_publication(authors=[ada, charles], year=2019)
    make_publication(authors=[ada], year=2015)
    assert last_active(ada, charles) == [2019, 2019]
    make_publication(authors=[charles], year=2023)
    assert last_active(ada, charles) == [2019, 2023]


def test_a_publication_without_a_year_counts_the_year_it_was_added():
    ada = make_person("Ada Lovelace")
    paper = make_publication(authors=[ada], year=None)
    assert last_active(ada) == [paper.created.astimezone(datetime.UTC).year]


def test_changing_a_year_counts_again_both_ways():
    ada = make_person("Ada Lovelace")
    older = make_publication(authors=[ada], year=2010)
    newer = make_publication(authors=[ada], year=2020)
    newer.year = 2012
    newer.save()
    assert last_active(ada) == [2012]
    Publication.objects.filter(pk=older.pk).update(year=2024)  # a bulk write, no save()
    assert last_active(ada) == [2024]


def test_deleting_a_publication_or_a_byline_counts_again():
    ada, charles = make_person("Ada Lovelace"), make_person("Charles Babbage")
    make_publication(authors=[ada], year=2011)
    shared = make_publication(authors=[ada, charles], year=2021)
    Authorship.objects.filter(publication=shared, person=charles).delete()
    assert last_active(ada, charles) == [2021, 0]
    shared.delete()
    assert last_active(ada) == [2011]


def test_a_byline_added_or_moved_counts_for_both_people():
    ada, charles, mary = (make_person(name) for name in ("Ada L", "Charles B", "Mary S"))
    paper = make_publication(authors=[ada], year=2018)
    byline = Authorship.objects.create(publication=paper, person=charles, position=2)
    assert last_active(ada, charles) == [2018, 2018]
    Authorship.objects.filter(pk=byline.pk).update(person=mary)  # a bulk write
    assert last_active(charles, mary) == [0, 2018]
    mine = paper.authorships.get(position=1)
    mine.person = charles
    mine.save()
    assert last_active(ada, charles, mary) == [0, 2018, 2018]


def test_merging_people_and_publications_keeps_it_true():
    ada, twin, charles = (make_person(name) for name in ("Ada Lovelace", "A. Lovelace", "Ch. B"))
    make_publication(authors=[ada], year=2014)
    make_publication(authors=[twin, charles], year=2022)
    merge_people(keep=ada, other=twin)
    assert last_active(ada, charles) == [2022, 2022]

    first = make_publication("Engines", authors=[charles], year=2025)
    second = make_publication("Engines", authors=[charles], year=2025)
    merge_publications(keep=first, other=second)
    first.delete()
    assert last_active(charles) == [2022]


def test_an_import_sets_it_for_the_people_it_creates_and_finds(tmp_path):
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
    assert last_active(ada, mary) == [2023, 2023]


def test_saving_a_person_read_earlier_keeps_the_value_the_triggers_wrote():
    ada = make_person("Ada Lovelace")
    stale = Person.objects.get(pk=ada.pk)
    make_publication(authors=[ada], year=2020)
    stale.bio = "Wrote the first program."
    stale.save()
    assert last_active(ada) == [2020]


def test_loading_a_backup_counts_it_from_the_rows_not_the_file():
    ada = make_person("Ada Lovelace")
    make_publication(authors=[ada], year=2017)
    data = backup.export_directory()
    (row,) = data["models"]["profiles.person"]
    row["fields"]["last_active"] = 1999  # a stale or edited file
    backup.import_directory(data, replace=True)
    assert Person.objects.get().last_active == 2017


def test_the_directory_sorts_by_the_stored_value(client):
    early, late = (
        make_person("Early Bird", has_profile=True),
        make_person("Late Owl", has_profile=True),
    )
    make_publication(authors=[early], year=2000)
    make_publication(authors=[late], year=2024)
    page = client.get(reverse("profiles:directory"), {"sort": "activity"}).content.decode()
    assert page.index("Late Owl") < page.index("Early Bird")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite drops triggers on rebuilds")
def test_a_migrate_on_sqlite_makes_dropped_triggers_again():
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER rd_last_active_publication_insert")
    call_command("migrate", verbosity=0)
    ada = make_person("Ada Lovelace")
    make_publication(authors=[ada], year=2016)
    assert last_active(ada) == [2016]


BEFORE = [("publications", "0014_scoped_content_versions"), ("profiles", "0011_verbose_names")]
AFTER = [("publications", "0015_person_last_active")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_it_from_the_rows_there_and_reverses():
    assert filled_by_migration(BEFORE, AFTER, "last_active") == [("ada", 2013), ("charles", 0)]
