"""Portraits in the production shape: served by the app with DEBUG off, kept by
browsers, and their files removed once no person shows them."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from profiles.merging import merge_people
from tests.factories import make_person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = False
    return tmp_path


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(buffer, format="JPEG")
    return ContentFile(buffer.getvalue())


def with_portrait(name, file_name):
    person = make_person(name, has_profile=True)
    person.portrait.save(file_name, jpeg())
    return person


def test_a_portrait_is_served_with_debug_off_and_kept_by_browsers(client, media):
    ada = with_portrait("Ada Lovelace", "ada.jpg")
    response = client.get(ada.portrait.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "immutable" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    assert ada.portrait.url in client.get(ada.get_absolute_url()).text


@pytest.mark.parametrize(
    "path", ["/media/../manage.py", "/media/%2e%2e/manage.py", "/media/none.jpg"]
)
def test_nothing_outside_media_or_missing_is_served(client, media, path):
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert b"DJANGO_SETTINGS_MODULE" not in response.content


def test_a_replaced_portrait_s_old_file_is_deleted(media):
    ada = with_portrait("Ada Lovelace", "old.jpg")
    old = media / ada.portrait.name
    assert old.exists()
    ada.portrait.save("new.jpg", jpeg())
    assert not old.exists()
    assert (media / ada.portrait.name).exists()


def test_a_removed_portrait_s_file_is_deleted_and_other_edits_keep_it(media):
    ada = with_portrait("Ada Lovelace", "ada.jpg")
    stored = media / ada.portrait.name
    ada.bio = "Notes."
    ada.save()
    assert stored.exists()
    ada.portrait = ""
    ada.save()
    assert not stored.exists()


def test_a_deleted_person_s_portrait_goes_but_a_merge_keeps_it(media):
    ada = with_portrait("Ada Lovelace", "ada.jpg")
    stored = media / ada.portrait.name
    ada.delete()
    assert not stored.exists()
    duplicate = with_portrait("Ada King", "king.jpg")
    kept = make_person("Ada K. Lovelace", has_profile=True)
    shown = media / duplicate.portrait.name
    merge_people(keep=kept, other=duplicate, take_other=["portrait"])
    kept.refresh_from_db()
    assert kept.portrait.name == duplicate.portrait.name
    assert shown.exists()
