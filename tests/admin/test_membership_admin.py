"""Editors write the membership history inline on the person; the membership follows."""

import re

import pytest
from django.urls import reverse

from profiles.models import MembershipPeriod, Person
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def change_form_data(editor_client, person):
    """The change form's fields as the browser would send them back, unchanged."""
    html = editor_client.get(reverse("admin:profiles_person_change", args=[person.pk])).text
    data = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or re.search(r'type="(checkbox|file|submit)"', tag):
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = value.group(1) if value else ""
    data.update(
        {
            "full_name": person.full_name,
            "slug": person.slug,
            "has_profile": "on",
        }
    )
    return data


def test_adding_a_period_inline_makes_the_person_an_alumnus_of_it(editor_client):
    person = make_person("Alan Turing", has_profile=True)
    data = change_form_data(editor_client, person)
    assert data["membership_periods-TOTAL_FORMS"] == "1"
    data.update(
        {
            "membership_periods-0-membership": "phd",
            "membership_periods-0-position": "Doctoral student",
            "membership_periods-0-start": "2019-09-01",
            "membership_periods-0-end": "2023-06-30",
        }
    )
    response = editor_client.post(reverse("admin:profiles_person_change", args=[person.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    person = Person.objects.get(pk=person.pk)
    assert (person.membership, str(person.membership_ended)) == ("phd", "2023-06-30")
    assert person.is_alumni
    assert MembershipPeriod.objects.get().position == "Doctoral student"


def test_a_period_that_ends_before_it_starts_is_refused_on_its_row(editor_client):
    person = make_person("Alan Turing", has_profile=True)
    data = change_form_data(editor_client, person)
    data.update(
        {
            "membership_periods-0-membership": "phd",
            "membership_periods-0-start": "2023-01-01",
            "membership_periods-0-end": "2019-01-01",
        }
    )
    response = editor_client.post(reverse("admin:profiles_person_change", args=[person.pk]), data)
    assert response.status_code == 200
    assert "The end comes before the start." in response.text
    assert not MembershipPeriod.objects.exists()


def test_editing_other_fields_leaves_a_history_less_membership_alone(editor_client):
    person = make_person("Ada Lovelace", has_profile=True, membership="core")
    MembershipPeriod.objects.all().delete()  # as bulk-loaded data has none
    data = change_form_data(editor_client, person)
    data["full_name"] = "Ada King"
    response = editor_client.post(reverse("admin:profiles_person_change", args=[person.pk]), data)
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).membership == "core"


def test_the_membership_itself_is_shown_not_edited(editor_client):
    person = make_person("Ada Lovelace", membership="core")
    html = editor_client.get(reverse("admin:profiles_person_change", args=[person.pk])).text
    assert 'name="membership"' not in html
    assert "Core Academic Member" in html
