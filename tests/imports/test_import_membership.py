"""Imports set the current membership as before; the history follows it."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from profiles.models import MembershipPeriod, Person
from tests.support import DATA

pytestmark = pytest.mark.django_db
OTHER = DATA / "profile_van_der_berg.txt"


def run(path):
    call_command("import_profile", str(path), stdout=io.StringIO())


def history():
    return list(
        MembershipPeriod.objects.values_list("person__full_name", "membership", "start", "end")
    )


def test_an_imported_owner_gets_an_open_period_and_a_reimport_changes_nothing():
    run(OTHER)
    assert history() == [("Ada van der Berg", "core", None, None)]
    run(OTHER)
    assert history() == [("Ada van der Berg", "core", None, None)]


def test_a_page_with_a_new_membership_ends_the_old_period_and_opens_the_new(tmp_path):
    run(OTHER)
    changed = tmp_path / "changed.txt"
    changed.write_text(
        OTHER.read_text().replace("Core Academic Member", "Affiliate Member", 1), encoding="utf-8"
    )
    run(changed)
    today = timezone.localdate()
    assert history() == [
        ("Ada van der Berg", "core", None, today),
        ("Ada van der Berg", "affiliate", today, None),
    ]
    ada = Person.objects.get(full_name="Ada van der Berg")
    assert (ada.membership, ada.is_alumni) == ("affiliate", False)
