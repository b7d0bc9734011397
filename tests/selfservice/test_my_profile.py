"""The researcher's "My profile" page: what publishes at once, what waits, and the errors."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from profiles.models import Person
from profiles.selfservice.models import PendingRevision
from tests.factories import make_topic
from tests.selfservice.factories import make_researcher

pytestmark = pytest.mark.django_db


def form_data(person, **changes):
    """The profile form as the page fills it, with `changes`."""
    data = {
        "position": person.position,
        "affiliation": person.affiliation,
        "membership": person.membership,
        "bio": person.bio,
        "homepage": person.homepage,
        "orcid": person.orcid or "",
        "scholar_url": person.scholar_url,
        "github": person.github,
        "topics": [topic.pk for topic in person.topics.all()],
        "new_topics": "",
        "portrait_alt": person.portrait_alt,
    }
    data.update(changes)
    return data


@pytest.fixture
def ada(client):
    person, user = make_researcher(position="Lecturer", affiliation="Analytical Engines")
    client.force_login(user)
    return person


def url_of(person):
    return reverse("selfservice:profile", args=[person.slug])


def test_the_page_shows_the_profile_in_a_form(client, ada):
    response = client.get(url_of(ada))
    assert response.status_code == 200
    assert 'value="Lecturer"' in response.text
    assert "Changes wait for an editor" in response.text


def test_bio_and_links_are_published_at_once(client, ada):
    data = form_data(
        ada,
        bio="I write notes on engines.",
        homepage="https://ada.example.org/",
        orcid="0000-0002-1825-0097",
        github="ada-l",
    )
    response = client.post(url_of(ada), data, follow=True)
    assert "Published now:" in response.text
    ada.refresh_from_db()
    assert ada.bio == "I write notes on engines." and ada.github == "ada-l"
    assert ada.orcid == "0000-0002-1825-0097"
    assert not PendingRevision.objects.exists()
    public = client.get(ada.get_absolute_url()).text
    assert "I write notes on engines." in public and "https://ada.example.org/" in public


def test_a_position_change_waits_and_the_public_profile_keeps_the_old_one(client, ada):
    response = client.post(url_of(ada), form_data(ada, position="Professor"), follow=True)
    assert "Waiting for an editor" in response.text
    ada.refresh_from_db()
    assert ada.position == "Lecturer"
    revision = PendingRevision.objects.get(person=ada)
    assert revision.changes == {"position": "Professor"}
    assert revision.before == {"position": "Lecturer"}
    assert 'value="Professor"' in client.get(url_of(ada)).text  # the form shows the request
    public = client.get(ada.get_absolute_url()).text
    assert "Lecturer" in public and "Professor" not in public


def test_setting_a_waiting_field_back_withdraws_the_request(client, ada):
    client.post(url_of(ada), form_data(ada, position="Professor"))
    client.post(url_of(ada), form_data(ada, position="Lecturer"))
    assert not PendingRevision.objects.exists()


def test_later_requests_join_the_open_revision(client, ada):
    client.post(url_of(ada), form_data(ada, position="Professor"))
    client.post(url_of(ada), form_data(ada, position="Professor", affiliation="Royal Society"))
    revision = PendingRevision.objects.get()
    assert revision.changes == {"position": "Professor", "affiliation": "Royal Society"}


def test_existing_topics_publish_at_once_and_new_ones_wait(client, ada):
    graphs = make_topic("Graphs")
    data = form_data(ada, topics=[graphs.pk], new_topics="Poetical science, Looms")
    client.post(url_of(ada), data)
    assert list(ada.topics.all()) == [graphs]
    assert PendingRevision.objects.get().changes == {"new_topics": ["Poetical science", "Looms"]}


def test_a_proposed_topic_that_exists_is_pointed_at_the_list(client, ada):
    make_topic("Graphs")
    response = client.post(url_of(ada), form_data(ada, new_topics="graphs"))
    assert response.status_code == 400
    assert "tick it in the list of topics" in response.text


def test_bad_values_are_reported_field_by_field_and_nothing_is_saved(client, ada):
    data = form_data(
        ada, homepage="not a url", orcid="0000-0000-0000-0000", github="-bad-", bio="New bio"
    )
    response = client.post(url_of(ada), data)
    assert response.status_code == 400
    assert "Nothing was saved" in response.text
    for field in ["homepage", "orcid", "github"]:
        assert f'id="id_{field}_error"' in response.text, field
    ada.refresh_from_db()
    assert ada.bio == ""


def _image(size=(64, 64), image_format="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format=image_format)
    buffer.seek(0)
    buffer.name = f"me.{image_format.lower()}"
    return buffer


def test_a_portrait_goes_through_the_upload_checks(client, ada, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = client.post(url_of(ada), {**form_data(ada), "portrait": _image((10, 10))})
    assert response.status_code == 400 and "each side must be from" in response.text
    not_an_image = io.BytesIO(b"<script>alert(1)</script>")
    not_an_image.name = "me.png"
    response = client.post(url_of(ada), {**form_data(ada), "portrait": not_an_image})
    assert response.status_code == 400 and "not an image we can read" in response.text
    data = {**form_data(ada, portrait_alt="Ada at her desk"), "portrait": _image()}
    client.post(url_of(ada), data)
    ada.refresh_from_db()
    assert ada.portrait.name.endswith(".jpg") and "me" not in ada.portrait.name
    assert ada.portrait_alt == "Ada at her desk"


def test_the_history_records_the_researcher_as_the_author_of_the_change(client, ada):
    client.post(url_of(ada), form_data(ada, bio="Fresh"))
    record = Person.history.filter(id=ada.pk).first()
    assert record.bio == "Fresh" and record.history_user.email == "ada-lovelace@example.org"
