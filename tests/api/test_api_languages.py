"""The API answers in the language of `?lang=` or Accept-Language, says so, and
documents both on every operation."""

import pytest
import yaml
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.factories import make_person, make_publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada():
    ada = make_person("Ada Lovelace", has_profile=True)
    make_publication("Notes on the engine", authors=[ada], year=1843)
    return ada


def web_url(code, person):
    with translation.override(code):
        return f"http://testserver{person.get_absolute_url()}"


@pytest.mark.parametrize(
    ("query", "accept_language", "language"),
    [
        ("", "", "en"),
        ("", "fr-CA,fr;q=0.9", "fr"),
        ("", "de", "en"),
        ("?lang=fr", "", "fr"),
        ("?lang=fr", "en", "fr"),  # lang wins
        ("?lang=en", "fr", "en"),
        ("?lang=fr-CA", "en", "fr"),
    ],
)
def test_the_api_answers_in_the_language_asked_for(client, ada, query, accept_language, language):
    response = client.get(
        f"/api/people/{ada.slug}/{query}", headers={"Accept-Language": accept_language}
    )
    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert "Accept-Language" in response["Vary"]
    # Links to pages lead to the page in the answer's language.
    assert response.json()["web_url"] == web_url(language, ada)


def test_a_language_the_site_lacks_is_a_400_problem_naming_lang(client, ada):
    for url in ["/api/people/?lang=xx", f"/api/people/{ada.slug}/?lang=klingon"]:
        response = client.get(url, headers={"Accept-Language": "fr"})
        assert response.status_code == 400, url
        assert response["Content-Type"] == "application/problem+json"
        codes = ", ".join(code for code, _ in settings.LANGUAGES)
        with translation.override("fr"):  # said in the language the request gets
            detail = translation.gettext("Choose one of %(choices)s.") % {"choices": codes}
        assert response.json()["errors"] == [
            {"detail": detail, "code": "invalid", "parameter": "lang"}
        ]
    # An empty value is a parameter not given, as everywhere in the API.
    assert client.get("/api/people/?lang=").status_code == 200


def test_each_language_has_its_own_etag_and_a_304_only_in_its_own(client, ada):
    url = f"/api/people/{ada.slug}/"
    english = client.get(url, headers={"Accept-Language": "en"})
    french = client.get(url, headers={"Accept-Language": "fr"})
    assert english["ETag"] != french["ETag"]
    assert client.get(f"{url}?lang=fr")["ETag"] == french["ETag"]
    again = client.get(url, headers={"Accept-Language": "fr", "If-None-Match": french["ETag"]})
    assert again.status_code == 304
    other = client.get(url, headers={"Accept-Language": "fr", "If-None-Match": english["ETag"]})
    assert other.status_code == 200


def test_a_write_checks_if_match_against_the_etag_of_its_own_language(editor_client):
    topic_url = "/api/topics/"
    created = editor_client.post(
        topic_url, {"name": "Engines"}, content_type="application/json"
    ).json()
    url = created["api_url"]
    french = editor_client.get(url, headers={"Accept-Language": "fr"})
    body = {"name": "Engines"}
    stale = editor_client.patch(
        url, body, content_type="application/json", headers={"If-Match": french["ETag"]}
    )
    assert stale.status_code == 412  # an English write, a French ETag
    fresh = editor_client.patch(
        f"{url}?lang=fr",
        body,
        content_type="application/json",
        headers={"If-Match": french["ETag"]},
    )
    assert fresh.status_code == 200


def test_the_schema_documents_lang_and_accept_language_on_every_operation(client):
    schema = yaml.safe_load(client.get(reverse("api:schema")).content)
    codes = [code for code, _ in settings.LANGUAGES]
    operations = [op for item in schema["paths"].values() for op in item.values()]
    assert len(operations) > 10
    for operation in operations:
        parameters = {(p["name"], p["in"]): p for p in operation["parameters"]}
        assert parameters[("lang", "query")]["schema"]["enum"] == codes
        assert ("Accept-Language", "header") in parameters
        for response in operation["responses"].values():
            if response["description"].startswith("Not modified"):
                continue
            assert {"Content-Language", "Vary"} <= set(response["headers"])
