"""A profile tells alumni as alumni and shows the membership history."""

import datetime

import pytest
from bs4 import BeautifulSoup

from tests.factories import make_person

pytestmark = pytest.mark.django_db


def header(client, person):
    soup = BeautifulSoup(client.get(person.get_absolute_url()).content, "html.parser")
    return soup.select_one(".profile-header")


def test_an_alumnus_is_shown_as_former_with_the_years_and_the_history(client):
    alan = make_person("Alan Turing", has_profile=True)
    alan.membership_periods.create(
        membership="phd",
        position="Doctoral student",
        start=datetime.date(2015, 9, 1),
        end=datetime.date(2019, 6, 30),
    )
    alan.membership_periods.create(
        membership="postdoc", start=datetime.date(2019, 7, 1), end=datetime.date(2023, 1, 31)
    )
    alan.sync_membership()
    shown = header(client, alan)
    assert shown.select_one(".membership").get_text() == "Former Postdoctoral Researcher, 2019–2023"
    history = [li.get_text() for li in shown.select(".membership-history li")]
    assert history == [
        "PhD Student, 2015–2019 · Doctoral student",
        "Postdoctoral Researcher, 2019–2023",
    ]


def test_a_current_member_shows_the_membership_and_no_history_of_one_period(client):
    ada = make_person("Ada Lovelace", has_profile=True, membership="core")
    shown = header(client, ada)
    assert shown.select_one(".membership").get_text() == "Core Academic Member"
    assert shown.select_one(".membership-history") is None
