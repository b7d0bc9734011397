"""Stale admin edits become conflicts, history records and restores, portraits are checked."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import FieldFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from profiles.models import Person
from publications.models import Authorship, Publication
from publications.services import publication_set_authors
from tests.factories import make_person, make_publication

pytestmark = pytest.mark.django_db


def _person_form(client, person):
    """The change form's current values, as a browser would post them back."""
    response = client.get(reverse("admin:profiles_person_change", args=[person.pk]))
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or isinstance(value, FieldFile):
            continue  # a file input posts nothing unless a new file is chosen
        if isinstance(value, list):
            data[name] = [str(v) for v in value]
        else:
            data[name] = str(value)
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data


def _save_person(client, person, data):
    return client.post(reverse("admin:profiles_person_change", args=[person.pk]), data)


@pytest.fixture
def second_editor(django_user_model):
    user = django_user_model.objects.create_superuser("bea", "bea@example.org", "pw")
    client = Client()
    client.force_login(user)
    return client


def test_second_editor_saving_a_stale_copy_gets_a_conflict_and_loses_nothing(
    editor_client, second_editor
):
    person = make_person("Ada Lovelace", position="Fellow", bio="First bio")
    first = _person_form(editor_client, person)
    stale = _person_form(second_editor, person)

    first["position_en"] = "Professor"
    assert _save_person(editor_client, person, first).status_code == 302

    stale["bio_en"] = "A bio the second editor wrote"
    response = _save_person(second_editor, person, stale)
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert len(errors) == 1
    assert "changed after you opened it: editor saved it at" in errors[0]
    assert "changing position" in errors[0]
    assert "A bio the second editor wrote" in response.text  # still in the form
    person.refresh_from_db()
    assert (person.position, person.bio) == ("Professor", "First bio")

    # Saving again on purpose replaces the other version, which stays in history.
    form = response.context["adminform"].form
    stale["edit_token"] = form["edit_token"].value()
    stale["position_en"] = "Professor"
    assert _save_person(second_editor, person, stale).status_code == 302
    person.refresh_from_db()
    assert (person.position, person.bio) == ("Professor", "A bio the second editor wrote")
    assert [r.bio for r in person.history.all()[:3]] == [
        "A bio the second editor wrote",
        "First bio",
        "First bio",
    ]


def test_an_unchanged_record_saves_without_a_conflict(editor_client):
    person = make_person("Ada Lovelace", orcid="0000-0002-1825-0097")
    for bio in ["one", "two"]:  # twice: history rows may repeat the ORCID
        data = _person_form(editor_client, person)
        data["bio_en"] = bio
        assert _save_person(editor_client, person, data).status_code == 302
    person.refresh_from_db()
    assert person.bio == "two"
    assert person.history.count() == 3


def test_a_stale_publication_edit_is_a_conflict_too(editor_client, second_editor):
    publication = make_publication("Paper", doi="10.1000/xyz")
    url = reverse("admin:publications_publication_change", args=[publication.pk])
    token = editor_client.get(url).context["adminform"].form["edit_token"].value()
    base = {
        "title": "Paper",
        "kind": "other",
        "doi": "10.1000/xyz",
        "edit_token": token,
        "authorships-TOTAL_FORMS": "0",
        "authorships-INITIAL_FORMS": "0",
    }
    assert second_editor.post(url, {**base, "venue": "ICML"}).status_code == 302
    response = editor_client.post(url, {**base, "venue": "NeurIPS"})
    assert response.status_code == 200
    assert "bea saved it" in response.context["adminform"].form.non_field_errors()[0]
    publication.refresh_from_db()
    assert publication.venue == "ICML"


def test_history_records_who_changed_what_and_an_old_version_can_be_restored(editor_client):
    person = make_person("Ada Lovelace", position="Fellow")
    data = _person_form(editor_client, person)
    data["position_en"] = "Professor"
    assert _save_person(editor_client, person, data).status_code == 302
    latest, original = person.history.all()[:2]
    assert latest.history_user.username == "editor"
    assert "position" in latest.diff_against(original).changed_fields
    history_url = reverse("admin:profiles_person_history", args=[person.pk])
    assert editor_client.get(history_url).context["page_obj"][0].history_user == latest.history_user
    restore_url = reverse(
        "admin:profiles_person_simple_history", args=[person.pk, original.history_id]
    )
    response = editor_client.get(restore_url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form["position_en"].value() == "Fellow"
    restore = _person_form(editor_client, person)
    restore["position_en"] = "Fellow"
    restore["edit_token"] = form["edit_token"].value()
    assert editor_client.post(restore_url, restore).status_code == 302
    person.refresh_from_db()
    assert person.position == "Fellow"
    assert person.history.count() == 3


def test_byline_writes_through_the_service_are_in_history(editor):
    ada, bob = make_person("Ada Lovelace"), make_person("Bob Kahn")
    publication = make_publication("Paper", authors=[ada, bob])
    publication_set_authors(publication=publication, authors=[(bob, ""), (ada, "A. Lovelace")])
    history = Authorship.history.filter(publication_id=publication.pk)
    assert history.filter(history_type="-").count() == 2
    created = history.filter(history_type="+").order_by("history_id")
    assert [(r.person_id, r.position) for r in created][-2:] == [(bob.pk, 1), (ada.pk, 2)]


def _image_bytes(size=(200, 300), fmt="PNG", mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def _upload_portrait(client, person, upload):
    data = _person_form(client, person)
    data["portrait"] = upload
    return _save_person(client, person, data)


def test_a_real_portrait_is_re_encoded_under_a_generated_name(editor_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person = make_person("Ada Lovelace")
    upload = SimpleUploadedFile("../../etc/ada lovelace.png", _image_bytes(), "image/png")
    assert _upload_portrait(editor_client, person, upload).status_code == 302
    person.refresh_from_db()
    name = person.portrait.name
    assert name.startswith("portraits/") and name.endswith(".jpg")
    # Nothing of the uploaded name (a generated hex name may hold the letters "ada").
    assert "lovelace" not in name and " " not in name and ".." not in name
    with Image.open(person.portrait.path) as stored:
        assert stored.format == "JPEG" and stored.size == (200, 300)


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("cv.png", b"%PDF-1.4 not an image at all", "Upload a valid image"),
        (
            "x.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "Upload a valid image",
        ),
        ("wide.png", _image_bytes((4500, 40)), "4500×40 pixels"),
        ("tiny.png", _image_bytes((10, 10)), "each side must be from 32"),
        ("cut.png", _image_bytes()[:200], "Upload a valid image"),
        ("anim.tiff", _image_bytes(fmt="TIFF"), "not TIFF"),
    ],
)
def test_anything_but_a_sound_image_is_refused_with_a_clear_message(
    editor_client, settings, tmp_path, filename, content, message
):
    settings.MEDIA_ROOT = tmp_path
    person = make_person("Ada Lovelace")
    upload = SimpleUploadedFile(filename, content, "image/png")
    response = _upload_portrait(editor_client, person, upload)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["portrait"]
    assert message in " ".join(errors), errors
    person.refresh_from_db()
    assert not person.portrait
    assert not list(tmp_path.rglob("*"))


def test_an_oversized_portrait_is_refused_before_it_is_decoded(editor_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PORTRAIT_MAX_BYTES = 1000
    person = make_person("Ada Lovelace")
    upload = SimpleUploadedFile("big.png", _image_bytes((800, 800)), "image/png")
    response = _upload_portrait(editor_client, person, upload)
    assert "upload one of at most" in response.context["adminform"].form.errors["portrait"][0]


def test_unchanged_portrait_survives_an_edit(editor_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person = make_person("Ada Lovelace")
    upload = SimpleUploadedFile("a.png", _image_bytes(), "image/png")
    assert _upload_portrait(editor_client, person, upload).status_code == 302
    person.refresh_from_db()
    stored = person.portrait.name
    data = _person_form(editor_client, person)
    data["bio_en"] = "New"
    assert _save_person(editor_client, person, data).status_code == 302
    person.refresh_from_db()
    assert person.portrait.name == stored and person.bio == "New"


def test_publication_with_doi_can_be_edited_repeatedly(editor_client):
    publication = make_publication("Paper", doi="10.1000/xyz", arxiv_id="2506.05233")
    for venue in ["A", "B"]:
        publication.venue = venue
        publication.save()
    assert Publication.history.filter(id=publication.pk).count() == 3
    assert Person.history.count() == 0


def test_an_import_is_recorded_in_history_too():
    from django.core.management import call_command

    from profiles.management.commands.bootstrap import SEED_FILE

    call_command("import_profile", str(SEED_FILE), stdout=io.StringIO())
    razvan = Person.objects.get(full_name="Razvan Pascanu")
    assert razvan.history.filter(history_type="+").exists()
    assert razvan.history.first().history_user is None  # no editor: an import
    publication = razvan.authorships.first().publication
    assert Publication.history.filter(id=publication.pk).exists()
    assert Authorship.history.filter(publication_id=publication.pk).count() >= 1


def test_a_byline_change_elsewhere_makes_an_open_admin_form_stale(editor_client):
    ada, bob = make_person("Ada Lovelace"), make_person("Bob Kahn")
    publication = make_publication("Paper", authors=[ada, bob])
    url = reverse("admin:publications_publication_change", args=[publication.pk])
    token = editor_client.get(url).context["adminform"].form["edit_token"].value()
    publication_set_authors(publication=publication, authors=[(bob, ""), (ada, "")])
    response = editor_client.post(
        url,
        {
            "title": "Paper",
            "kind": "other",
            "edit_token": token,
            "authorships-TOTAL_FORMS": "0",
            "authorships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert (
        "an import or script saved it" in response.context["adminform"].form.non_field_errors()[0]
    )
    assert [a.person for a in publication.authorships.all()] == [bob, ada]
