"""The API's problem details speak the reader's language; English stays as it was."""

import pytest
from django.core.cache import cache

from tests.i18n.test_french_pages import language

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()


def problem(client, path, code):
    with language(code):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=code)
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def test_a_bad_query_is_explained_in_french(client):
    body = problem(client, "/api/publications/?doi=not-a-doi", "fr")
    assert body["title"] == "Requête incorrecte"
    assert body["detail"] == "La requête contient des valeurs non valides\u202f; voyez errors."
    assert body["errors"][0]["detail"].startswith("Saisissez un DOI comme 10.1000/xyz123")
    body = problem(client, "/api/publications/?page_size=0", "fr")
    assert body["errors"][0]["detail"] == "Saisissez un nombre entier de 1 à 100."


def test_an_unknown_address_is_explained_in_french_and_in_english(client):
    french = problem(client, "/api/nothing/here/", "fr")
    english = problem(client, "/api/nothing/here/", "en")
    assert (french["title"], english["title"]) == ("Introuvable", "Not Found")
    assert english["detail"] == "No API endpoint at this address; see /api/docs/."
    assert french["detail"].startswith("Aucun point d’accès de l’API à cette adresse")
