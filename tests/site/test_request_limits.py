"""Request bodies are bounded before they are read: anonymous visitors and researchers
cannot make the server spool large uploads; staff keep room for their imports."""

import io

import pytest
from django.urls import reverse

from tests.selfservice.factories import make_researcher

pytestmark = pytest.mark.django_db

LIMIT = 100_000


@pytest.fixture
def small_limit(settings):
    settings.REQUEST_MAX_BYTES = LIMIT


def upload(size):
    body = io.BytesIO(b"x" * size)
    body.name = "big.bin"
    return body


@pytest.mark.usefixtures("small_limit")
@pytest.mark.parametrize(
    "url_name", ["selfservice:login", "admin:login", "selfservice:password-reset"]
)
def test_an_anonymous_body_over_the_limit_is_a_413_page_before_it_is_read(client, url_name):
    response = client.post(reverse(url_name), {"username": "x", "file": upload(2 * LIMIT)})

    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert "too large" in response.text


@pytest.mark.usefixtures("small_limit")
def test_an_anonymous_body_over_the_limit_on_the_api_is_a_413_problem(client):
    response = client.post("/api/topics/", {"file": upload(2 * LIMIT)})

    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert str(LIMIT) in response.json()["detail"]


@pytest.mark.usefixtures("small_limit")
def test_a_signed_in_researcher_is_bounded_too_but_not_under_the_limit(client):
    ada, user = make_researcher("Ada Lovelace")
    client.force_login(user)
    url = reverse("selfservice:profile", args=[ada.slug])

    over = client.post(url, {"bio": "x", "portrait": upload(2 * LIMIT)})
    under = client.post(url, {"bio": "x"})

    assert over.status_code == 413
    assert under.status_code != 413


@pytest.mark.usefixtures("small_limit")
def test_staff_keep_the_larger_limit_for_their_imports(editor_client, settings):
    url = reverse("admin:publications_publication_import_bibtex")
    response = editor_client.post(url, {"file": upload(2 * LIMIT)})
    assert response.status_code != 413

    settings.STAFF_REQUEST_MAX_BYTES = LIMIT
    assert editor_client.post(url, {"file": upload(2 * LIMIT)}).status_code == 413


def test_more_than_ten_files_in_one_body_are_refused(client):
    files = {f"file{n}": upload(10) for n in range(11)}

    response = client.post(reverse("selfservice:login"), {"username": "x", **files})

    assert response.status_code == 400
