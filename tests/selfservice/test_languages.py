"""A researcher writes their position, bio and portrait alt text in each language."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.authtoken.models import Token

from profiles.models import Person
from profiles.selfservice.models import PendingRevision
from tests.selfservice.factories import make_researcher
from tests.selfservice.test_my_profile import form_data, url_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(client):
    person, user = make_researcher(position="Lecturer", bio="Notes on engines.")
    client.force_login(user)
    return person


def test_the_form_offers_each_language_labelled_with_it(client, ada):
    page = BeautifulSoup(client.get(url_of(ada)).content, "html.parser")
    labels = {label.get_text(strip=True) for label in page.select("label")}
    assert {"Position (English)", "Position (French)", "Bio (English)", "Bio (French)"} <= {
        label.split("Changes")[0].strip() for label in labels
    }
    assert page.select_one("textarea[name=bio]").get_text(strip=True) == "Notes on engines."
    assert page.select_one("textarea[name=bio_fr]").get_text(strip=True) == ""


def test_a_french_bio_publishes_at_once_and_the_english_one_stays(client, ada):
    data = form_data(ada, bio_fr="Notes sur les machines.", position_fr="", portrait_alt_fr="")
    response = client.post(url_of(ada), data, follow=True)
    assert "Published now: bio (French)" in response.text
    person = Person.objects.get(pk=ada.pk)
    assert (person.bio_en, person.bio_fr) == ("Notes on engines.", "Notes sur les machines.")
    with translation.override("fr"):
        public = BeautifulSoup(client.get(person.get_absolute_url()).content, "html.parser")
    assert public.select_one(".profile-side .prose").get_text(strip=True) == (
        "Notes sur les machines."
    )


def test_a_french_position_waits_for_review_like_the_english_one(client, ada):
    data = form_data(ada, bio_fr="", position_fr="Chargée de cours", portrait_alt_fr="")
    client.post(url_of(ada), data)
    revision = PendingRevision.objects.get(person=ada)
    assert revision.changes == {"position_fr": "Chargée de cours"}
    assert Person.objects.get(pk=ada.pk).position_fr is None


def test_the_form_edits_the_english_column_on_a_french_request(client, ada):
    data = form_data(ada, bio="New notes.", bio_fr="", position_fr="", portrait_alt_fr="")
    with translation.override("fr"):
        client.post(url_of(ada), data)
    person = Person.objects.get(pk=ada.pk)
    assert (person.bio_en, person.bio_fr) == ("New notes.", None)


def test_the_api_reads_and_writes_each_language():
    person, user = make_researcher(position="Lecturer")
    token = Token.objects.create(user=user)
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    body = api.get(reverse("api:me")).json()
    assert (body["bio"], body["bio_fr"], body["position_fr"]) == ("", None, None)
    response = api.patch(
        reverse("api:me"),
        {"bio_fr": "Des notes.", "position_fr": "Chargée de cours"},
        content_type="application/json",
        HTTP_IF_MATCH=api.get(reverse("api:me"))["ETag"],
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["bio_fr"] == "Des notes."
    assert data["pending"] == {"position_fr": "Chargée de cours"}
    assert "position_fr" in data["reviewed_fields"]
