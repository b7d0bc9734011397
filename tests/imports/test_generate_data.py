"""`manage.py generate_data`: realistic synthetic data, written in bulk."""

import datetime
import itertools
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from profiles.models import MembershipPeriod, NameVariant, Person, Topic
from profiles.names import sort_key
from publications.models import Authorship, Publication
from publications.search import search_publications
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def generate(**options):
    out = StringIO()
    call_command("generate_data", stdout=out, **options)
    return out.getvalue()


def test_it_writes_people_publications_and_bylines_and_reports_its_rate():
    output = generate(people=120, publications=600, seed=3)
    assert Person.objects.count() == 120
    assert Person.objects.with_profile().count() == 84
    assert Publication.objects.count() == 600
    assert Topic.objects.count() >= 30
    assert "rows/s" in output
    per_paper = Counter(Authorship.objects.values_list("publication_id", flat=True))
    assert set(per_paper) == set(Publication.objects.values_list("id", flat=True))
    assert min(per_paper.values()) >= 1 and max(per_paper.values()) <= 30
    assert max(per_paper.values()) >= 15  # the long tail of big collaborations


def test_authorship_is_skewed_so_a_few_people_have_many_papers():
    generate(people=200, publications=2000, seed=1)
    per_person = sorted(Counter(Authorship.objects.values_list("person_id", flat=True)).values())
    median = per_person[len(per_person) // 2]
    assert per_person[-1] > 8 * median


def test_names_carry_accents_particles_and_variants_and_records_are_complete():
    generate(people=300, publications=300, seed=2)
    full_names = list(Person.objects.values_list("full_name", flat=True))
    assert any(not name.isascii() for name in full_names)
    assert Person.objects.exclude(name_particle="").exists()
    assert NameVariant.objects.count() >= 2 * 300
    oswald = Person.objects.exclude(name_particle="").first()
    assert oswald.sort_name == sort_key(oswald.given_name, oswald.name_particle, oswald.family_name)
    abstract_words = [
        len(a.split()) for a in Publication.objects.values_list("abstract", flat=True)
    ]
    assert min(abstract_words) >= 110
    assert Publication.objects.filter(topics__isnull=True).count() == 0
    assert Publication.objects.exclude(doi=None).exists()
    assert Publication.objects.exclude(arxiv_id=None).exists()


def test_the_same_seed_gives_the_same_data_and_it_adds_to_existing_rows():
    make_person("Existing Person")
    generate(people=20, publications=30, seed=7)
    first = list(Publication.objects.order_by("id").values_list("title", flat=True))
    generate(people=20, publications=30, seed=7)
    second = list(Publication.objects.order_by("id").values_list("title", flat=True))[30:]
    assert first == second
    assert Person.objects.count() == 41
    assert Person.objects.values("slug").distinct().count() == 41
    # The ids after the bulk load are free for ordinary inserts.
    highest = max(Person.objects.values_list("pk", flat=True))
    assert make_person("Created Afterwards").pk > highest


def test_members_have_a_membership_history_that_agrees_with_their_membership():
    generate(people=400, publications=10, seed=5)
    members = Person.objects.exclude(membership="").prefetch_related("membership_periods")
    assert not MembershipPeriod.objects.filter(person__membership="").exists()
    today = datetime.date.today()
    role_changes = 0
    for person in members:
        periods = list(person.membership_periods.all())
        assert periods, person
        # What Person.sync_membership() makes of the history is what was written.
        stored = (person.membership, person.membership_ended)
        person.sync_membership(periods)
        assert (person.membership, person.membership_ended) == stored
        for before, after in itertools.pairwise(periods):
            assert before.end == after.start and before.end is not None
        assert all(period.start <= today for period in periods)
        role_changes += len({period.membership for period in periods}) > 1
    alumni = Person.objects.alumni(today).count()
    assert 0.08 * len(members) < alumni < 0.25 * len(members)
    assert Person.objects.current_members(today).count() == len(members) - alumni
    assert role_changes > 0.1 * len(members)
    assert set(MembershipPeriod.objects.values_list("membership", flat=True)) == {
        value for value, _ in Person.Membership.choices
    }


def test_bad_sizes_are_refused():
    with pytest.raises(CommandError, match="--people"):
        generate(people=0, publications=10)


@pytest.mark.postgres
def test_on_postgresql_the_bulk_load_fills_every_search_document():
    generate(people=50, publications=200, seed=4)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM publications_publication WHERE search_vector IS NULL")
        assert cursor.fetchone() == (0,)
        cursor.execute("SELECT count(*) FROM profiles_person WHERE search_names = ''")
        assert cursor.fetchone() == (0,)
    byline = Authorship.objects.select_related("person", "publication").first()
    family = byline.person.family_name
    assert byline.publication in search_publications(Publication.objects.all(), family)


@pytest.mark.postgres
def test_on_postgresql_the_bulk_load_leaves_what_its_paused_triggers_keep():
    """The publications are copied with their tables' triggers off; what those keep is
    caught up once, as the triggers would have left it, and the triggers are back on."""
    generate(people=40, publications=100, seed=5)  # data already there, triggers on
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM rd_scope_change WHERE scope = 'all'")
        (all_noted_before,) = cursor.fetchone()
    generate(people=40, publications=300, seed=6)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM publications_publication WHERE search_vector IS DISTINCT FROM"
            " rd_publication_texts_document(title, abstract, language)"
            " || rd_publication_authors_document(id)"
        )
        assert cursor.fetchone() == (0,)
        cursor.execute(
            "SELECT count(*) FROM profiles_person person WHERE publication_count <> ("
            " SELECT count(*) FROM publications_authorship byline"
            " WHERE byline.person_id = person.id)"
        )
        assert cursor.fetchone() == (0,)
        cursor.execute(
            "SELECT count(*) FROM profiles_person person WHERE last_active <> COALESCE(("
            " SELECT max(COALESCE(pub.year, EXTRACT(YEAR FROM pub.created)::int))"
            " FROM publications_authorship byline JOIN publications_publication pub"
            " ON pub.id = byline.publication_id WHERE byline.person_id = person.id), 0)"
        )
        assert cursor.fetchone() == (0,)
        cursor.execute("SELECT count(*) FROM rd_scope_change WHERE scope = 'all'")
        assert cursor.fetchone()[0] > all_noted_before
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D'")
        assert cursor.fetchone() == (0,)
    assert Person.objects.filter(publication_count__gt=0).count() > 40
