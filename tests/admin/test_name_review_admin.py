"""The admin's review list of doubtful names: ranked readings, one click, history kept."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from profiles.models import NameReview, Person
from tests.factories import make_person
from tests.support import DATA

pytestmark = pytest.mark.django_db
OTHER = DATA / "profile_van_der_berg.txt"
LIST_URL = "/admin/profiles/namereview/"


def import_other():
    call_command("import_profile", str(OTHER), stdout=io.StringIO())


def decide_url(review):
    return reverse("admin:profiles_namereview_decide", args=[review.pk])


def test_an_import_puts_a_doubtful_name_on_the_list_once(db):
    import_other()
    import_other()
    review = NameReview.objects.get()
    assert (review.printed, review.candidates) == ("Ngugi wa Thiong'o", ["Ngugi wa Thiongó"])
    assert review.person.full_name == "Ngugi wa Thiong'o"
    assert review.source == str(OTHER) and review.status == NameReview.Status.OPEN


def test_the_list_shows_each_reading_as_a_button(editor_client):
    import_other()
    response = editor_client.get(LIST_URL)
    review = NameReview.objects.get()
    assert response.status_code == 200
    html = response.content.decode()
    assert f'formaction="{decide_url(review)}"' in html
    assert escape("Accept Ngugi wa Thiongó") in html and "Keep as printed" in html


def test_one_click_accepts_a_reading_and_history_records_it(editor_client):
    import_other()
    review = NameReview.objects.get()
    response = editor_client.post(decide_url(review), {"name": "Ngugi wa Thiongó"}, follow=True)
    assert "is now shown as" in response.content.decode()
    person = Person.objects.get(pk=review.person_id)
    assert person.full_name == "Ngugi wa Thiongó" and person.family_name == "Thiongó"
    assert {"Ngugi wa Thiong'o", "Ngugi wa Thiongó"} <= set(
        person.name_variants.values_list("name", flat=True)
    )
    assert person.history.first().history_change_reason.startswith("Name review:")
    review.refresh_from_db()
    assert (review.status, review.decided_name) == ("accepted", "Ngugi wa Thiongó")
    assert review.history.count() == 2
    listed = editor_client.get(LIST_URL).content.decode()
    assert "Keep as printed" not in listed


def test_keeping_the_printed_form_closes_the_review_and_keeps_the_name(editor_client):
    import_other()
    review = NameReview.objects.get()
    editor_client.post(decide_url(review), {"name": review.printed})
    review.refresh_from_db()
    assert review.status == NameReview.Status.KEPT
    assert Person.objects.get(pk=review.person_id).full_name == "Ngugi wa Thiong'o"


@pytest.mark.parametrize("name", ["Somebody Else", ""])
def test_a_name_that_is_no_reading_is_refused_and_changes_nothing(editor_client, name):
    import_other()
    review = NameReview.objects.get()
    response = editor_client.post(decide_url(review), {"name": name}, follow=True)
    assert response.status_code == 200
    assert "is not a reading of" in response.content.decode()
    review.refresh_from_db()
    assert review.status == NameReview.Status.OPEN
    assert Person.objects.get(pk=review.person_id).full_name == "Ngugi wa Thiong'o"


def test_a_decided_review_cannot_be_decided_again(editor_client):
    import_other()
    review = NameReview.objects.get()
    editor_client.post(decide_url(review), {"name": "Ngugi wa Thiongó"})
    response = editor_client.post(decide_url(review), {"name": review.printed}, follow=True)
    assert "was already decided" in response.content.decode()
    assert Person.objects.get(pk=review.person_id).full_name == "Ngugi wa Thiongó"


def test_deciding_needs_a_post_and_the_right_to_change_people(client, django_user_model):
    import_other()
    review = NameReview.objects.get()
    user = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__endswith="_namereview"))
    client.force_login(user)
    assert client.get(decide_url(review)).status_code == 405
    assert client.post(decide_url(review), {"name": "Ngugi wa Thiongó"}).status_code == 403
    assert Person.objects.get(pk=review.person_id).full_name == "Ngugi wa Thiong'o"


def test_the_editor_group_may_review_names(client, django_user_model):
    import_other()
    review = NameReview.objects.get()
    user = django_user_model.objects.create_user("ed", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    client.force_login(user)
    assert client.get(LIST_URL).status_code == 200
    client.post(decide_url(review), {"name": "Ngugi wa Thiongó"})
    assert Person.objects.get(pk=review.person_id).full_name == "Ngugi wa Thiongó"


@pytest.mark.parametrize("size", [1, 40])
def test_the_list_runs_a_fixed_number_of_queries(
    editor_client, django_assert_max_num_queries, size
):
    for number in range(size):
        person = make_person(f"Ana Nu'nez{number}")
        NameReview.objects.create(person=person, printed=person.full_name, candidates=["A", "B"])
    with django_assert_max_num_queries(8):
        response = editor_client.get(LIST_URL)
    assert response.status_code == 200
