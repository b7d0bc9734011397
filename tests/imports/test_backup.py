"""export_data/import_data: the whole directory round-trips, also between SQLite and PostgreSQL."""

import json
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from profiles.models import NameVariant, Person, PersonRedirect, Topic
from publications.backup import MODELS, dumps, export_directory, import_directory
from publications.models import Authorship, Publication
from publications.services import publication_set_authors
from tests.factories import make_person, make_publication, make_topic
from tests.support import ROOT

pytestmark = pytest.mark.django_db


def _seed_directory():
    topic = make_topic("Deep Learning", description="Nets & <things>")
    ada = make_person(
        "Ada Lovelace",
        has_profile=True,
        orcid="0000-0002-1825-0097",
        membership="core",
        bio="Wrote the first program.\nSecond line with “quotes”.",
    )
    ada.topics.add(topic)
    NameVariant.objects.create(person=ada, name="A. Lovelace")
    PersonRedirect.objects.create(old_slug="ada-old", person=ada)
    bob = make_person("Johannes von Oswald")
    preprint = make_publication(
        "Engines, a preprint", authors=[bob, ada], arxiv_id="2506.05233", kind="preprint"
    )
    paper = make_publication(
        "Engines", authors=[ada], doi="10.1000/engines", year=1843, venue="Notes"
    )
    preprint.version_of = paper
    preprint.save()
    paper.topics.add(topic)
    publication_set_authors(publication=paper, authors=[(ada, ""), (bob, "J. v. Oswald")])
    return ada, paper


def _pages(client, person, publication):
    return [
        client.get(url).content
        for url in [
            reverse("profiles:directory"),
            person.get_absolute_url(),
            publication.get_absolute_url(),
            reverse("profiles:topic-list"),
        ]
    ]


def _row_counts():
    return {model._meta.label_lower: model.objects.count() for model in MODELS}


def test_export_and_import_round_trip_the_directory_exactly(tmp_path):
    person, paper = _seed_directory()
    client = Client()
    pages_before = _pages(client, person, paper)
    before = export_directory(history=True)
    path = tmp_path / "backup.json"
    call_command("export_data", "--with-history", "--output", str(path))
    assert json.loads(path.read_text()) == json.loads(dumps(before))

    call_command("import_data", str(path), "--replace")

    after = export_directory(history=True)
    assert dumps(after) == dumps(before)
    assert _pages(client, person, paper) == pages_before
    assert _row_counts() == {
        "profiles.topic": 1,
        "profiles.person": 2,
        "profiles.membershipperiod": 1,
        "profiles.namevariant": 1,
        "profiles.personredirect": 1,
        "publications.publication": 2,
        "publications.authorship": 4,
    }
    # New rows get fresh ids after the import set the sequences.
    assert make_person("Cy Young").pk > max(p["pk"] for p in before["models"]["profiles.person"])


def test_import_refuses_a_non_empty_directory_and_bad_files_without_writing(tmp_path):
    _seed_directory()
    path = tmp_path / "backup.json"
    call_command("export_data", "--output", str(path))
    with pytest.raises(CommandError, match="not empty; use --replace"):
        call_command("import_data", str(path))

    broken = json.loads(path.read_text())
    broken["models"]["publications.authorship"][0]["fields"]["person"] = 999999
    path.write_text(json.dumps(broken))
    before = dumps(export_directory())
    with pytest.raises(CommandError, match="points at a record the backup does not hold"):
        call_command("import_data", str(path), "--replace")
    assert dumps(export_directory()) == before  # nothing lost, nothing half written

    path.write_text("{not json")
    with pytest.raises(CommandError, match="is not valid JSON"):
        call_command("import_data", str(path), "--replace")
    path.write_text(json.dumps({"format": "something-else"}))
    with pytest.raises(CommandError, match="is not a research-directory-backup file"):
        call_command("import_data", str(path), "--replace")
    assert dumps(export_directory()) == before


def _manage(*args, database_url):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            "DATABASE_URL": database_url,
        },
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.django_db(transaction=True)
def test_backup_moves_between_this_database_and_a_fresh_sqlite_file(tmp_path):
    """On the PostgreSQL run this is PostgreSQL → SQLite → PostgreSQL."""
    _seed_directory()
    original = tmp_path / "original.json"
    call_command("export_data", "--with-history", "--output", str(original))
    other_db = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    for args in (["migrate", "--noinput"], ["import_data", str(original)]):
        result = _manage(*args, database_url=other_db)
        assert result.returncode == 0, result.stderr[-2000:]
    assert "publications.authorship: 4" in result.stdout
    copy = tmp_path / "copy.json"
    result = _manage("export_data", "--with-history", "--output", str(copy), database_url=other_db)
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(copy.read_text()) == json.loads(original.read_text())

    call_command("import_data", str(copy), "--replace")
    assert dumps(export_directory(history=True)) == original.read_text()
    print(f"round trip via SQLite from {connection.vendor}:", _row_counts())


names = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=40
).filter(lambda s: s.strip())


@st.composite
def directories(draw):
    people = draw(st.lists(names, min_size=1, max_size=5, unique_by=lambda s: " ".join(s.split())))
    titles = draw(st.lists(names, min_size=0, max_size=4))
    bylines = [
        draw(st.lists(st.integers(0, len(people) - 1), unique=True, max_size=len(people)))
        for _ in titles
    ]
    # Forms refuse NUL characters (and PostgreSQL cannot store them), so none are generated.
    bio = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=80)
    bios = draw(st.lists(bio, min_size=len(people), max_size=len(people)))
    return people, bios, titles, bylines


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(directory=directories())
def test_any_directory_round_trips_through_export_and_import(directory):
    people_names, bios, titles, bylines = directory
    with transaction.atomic():
        people = [
            Person.objects.create(full_name=name, bio=bio)
            for name, bio in zip(people_names, bios, strict=True)
        ]
        topic = Topic.objects.create(name="Topic")
        for title, byline in zip(titles, bylines, strict=True):
            publication = Publication.objects.create(title=title)
            publication.topics.add(topic)
            Authorship.objects.bulk_create(
                Authorship(publication=publication, person=people[i], position=n)
                for n, i in enumerate(byline, start=1)
            )
        before = dumps(export_directory(history=True))
        import_directory(json.loads(before), replace=True)
        assert dumps(export_directory(history=True)) == before
        transaction.set_rollback(True)


def test_each_language_s_text_and_a_publication_s_language_round_trip(tmp_path):
    make_topic("Robotics", name_fr="Robotique", description_fr="Des robots.")
    make_person("Ada Lovelace", position="Professor", position_fr="Professeure")
    make_publication("Des réseaux", language="fr")
    path = tmp_path / "backup.json"
    call_command("export_data", "--output", str(path))
    call_command("import_data", str(path), "--replace")
    topic = Topic.objects.get()
    assert (topic.name_en, topic.name_fr, topic.description_fr) == (
        "Robotics",
        "Robotique",
        "Des robots.",
    )
    person = Person.objects.get()
    assert (person.position_en, person.position_fr) == ("Professor", "Professeure")
    assert Publication.objects.get().language == "fr"
