"""The membership history: the current membership follows it, and alumni are true."""

import datetime

import pytest
from django.utils import timezone

from profiles.models import MembershipPeriod, Person
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def periods(person):
    return list(
        MembershipPeriod.objects.filter(person=person).values_list("membership", "start", "end")
    )


def test_a_new_member_gets_one_open_period_whose_start_is_unknown():
    person = make_person("Ada Lovelace", membership="phd")
    assert periods(person) == [("phd", None, None)]
    assert not person.is_alumni


def test_an_outside_co_author_has_no_history():
    assert periods(make_person("Charles Babbage")) == []


def test_a_role_change_ends_the_open_period_and_opens_the_new_one_today():
    person = make_person("Ada Lovelace", membership="phd", position="PhD student")
    person.membership = "postdoc"
    person.position = "Research fellow"
    person.save()
    today = timezone.localdate()
    assert periods(person) == [("phd", None, today), ("postdoc", today, None)]
    assert MembershipPeriod.objects.get(membership="postdoc").position == "Research fellow"
    person.refresh_from_db()
    assert (person.membership, person.membership_ended) == ("postdoc", None)


def test_saving_without_a_change_writes_no_period():
    person = make_person("Ada Lovelace", membership="phd")
    person.bio = "Works on engines."
    person.save()
    assert len(periods(person)) == 1


def test_ending_the_membership_makes_an_alumnus_who_keeps_their_last_membership():
    person = make_person("Ada Lovelace", membership="phd")
    person.membership = ""
    person.save()
    person.refresh_from_db()
    assert person.membership == "phd"
    assert person.membership_ended == timezone.localdate()
    assert person.is_alumni
    assert Person.objects.alumni().get() == person
    assert not Person.objects.current_members().exists()


def test_the_history_decides_the_current_membership_and_its_end():
    person = make_person("Alan Turing")
    person.membership_periods.create(
        membership="phd", start=datetime.date(2019, 9, 1), end=datetime.date(2023, 6, 30)
    )
    person.membership_periods.create(
        membership="postdoc", start=datetime.date(2023, 7, 1), end=datetime.date(2025, 1, 31)
    )
    person.sync_membership()
    stored = Person.objects.get(pk=person.pk)
    assert (stored.membership, stored.membership_ended) == ("postdoc", datetime.date(2025, 1, 31))
    assert stored.is_alumni
    assert stored.latest_membership_period.years == "2023–2025"

    person.membership_periods.create(membership="core", start=datetime.date(2025, 2, 1))
    person.sync_membership()
    stored = Person.objects.get(pk=person.pk)
    assert (stored.membership, stored.membership_ended, stored.is_alumni) == ("core", None, False)


def test_a_period_ending_in_the_future_is_current_until_then():
    person = make_person("Alan Turing")
    later = timezone.localdate() + datetime.timedelta(days=30)
    person.membership_periods.create(membership="phd", end=later)
    person.sync_membership()
    assert not person.is_alumni
    assert Person.objects.current_members().get() == person
    assert Person.objects.alumni(today=later).get() == person


def test_years_read_as_far_as_the_dates_are_known():
    def years(start, end):
        return MembershipPeriod(membership="phd", start=start, end=end).years

    assert years(datetime.date(2019, 1, 1), datetime.date(2023, 1, 1)) == "2019–2023"
    assert years(datetime.date(2019, 1, 1), None) == "2019–present"
    assert years(None, datetime.date(2023, 1, 1)) == "until 2023"
    assert years(None, None) == ""


def test_merging_an_outside_record_into_a_member_without_history_keeps_the_history():
    from profiles.merging import merge_people

    keep = make_person("Alan Turing")
    other = make_person("A. M. Turing")
    other.membership_periods.create(
        membership="phd", start=datetime.date(2015, 1, 1), end=datetime.date(2019, 1, 1)
    )
    other.sync_membership()
    merge_people(keep=keep, other=other)
    keep = Person.objects.get(pk=keep.pk)
    assert periods(keep) == [("phd", datetime.date(2015, 1, 1), datetime.date(2019, 1, 1))]
    assert keep.membership == "phd" and keep.is_alumni
