"""The OpenAPI schema speaks the request's language: its title, summaries, descriptions,
parameters and field help texts, down to drf-spectacular's own (locale_third_party/)."""

import html
import re

import pytest
import yaml

from tests.support.catalogue import english_in

pytestmark = pytest.mark.django_db

TEXT_KEYS = ("title", "summary", "description")
CODE = re.compile(r"`[^`]*`")


def texts_of(node):
    """Every title, summary and description in a schema, however deep."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in TEXT_KEYS and isinstance(value, str):
                yield value
            else:
                yield from texts_of(value)
    elif isinstance(node, list):
        for value in node:
            yield from texts_of(value)


def schema(client, **asked):
    response = client.get("/api/schema/", **asked)
    assert response.status_code == 200
    return response, yaml.safe_load(response.content)


def english_of(document):
    """The catalogue's English in the schema's texts, leaving out what they quote as
    code (`report`, `<field>_<code>`): names of fields and values, the same in every
    language."""
    text = CODE.sub(" ", "\n".join(texts_of(document)))
    return english_in(html.escape(text))


@pytest.mark.parametrize(
    "asked",
    [{"data": {"lang": "fr"}}, {"headers": {"Accept-Language": "fr-CA,fr;q=0.9"}}],
    ids=["lang", "accept-language"],
)
def test_the_schema_asked_in_french_is_all_french(client, asked):
    response, document = schema(client, **asked)
    assert response["Content-Language"] == "fr"
    assert english_of(document) == []
    texts = set(texts_of(document))
    assert document["info"]["title"] == "API du répertoire de recherche"
    assert document["info"]["description"].startswith("Les personnes, les publications")
    # An operation, a parameter, a field's help text, a response: each in French.
    people = document["paths"]["/api/people/"]["get"]
    assert people["description"].startswith("Les personnes\u00a0: les membres")
    parameters = {parameter["name"]: parameter for parameter in people["parameters"]}
    assert parameters["search"]["description"].startswith("Le texte à chercher")
    assert parameters["If-None-Match"]["description"].startswith("Un ETag d’une réponse")
    assert "Trop de requêtes\u202f; voir Retry-After." in texts
    person = document["components"]["schemas"]["Person"]["properties"]
    assert (
        person["position_fr"]["description"]
        == "Langue\u00a0: Français\u202f; null si la valeur n’est pas écrite."
    )
    # drf-spectacular's own strings.
    assert "Pas de corps de réponse" in texts
    assert any(text.startswith("Authentification par jeton") for text in texts)


def test_the_same_schema_in_english_shows_the_catalogue_english(client):
    """The check above can fail: the English schema is full of the catalogue's English."""
    response, document = schema(client, data={"lang": "en"})
    assert response["Content-Language"] == "en"
    assert document["info"]["title"] == "Research Directory API"
    found = set(english_of(document))
    assert {
        "Too many requests; see Retry-After",
        "Not modified since the ETag given",
        "No response body",
    } <= found
    person = document["components"]["schemas"]["Person"]["properties"]
    assert person["position_fr"]["description"] == "Language: French; null when not written."


@pytest.mark.postgres
def test_the_page_cache_keeps_one_schema_per_language(client, page_cache):
    answers = {}
    for code in ("en", "fr", "en", "fr"):
        response, document = schema(client, headers={"Accept-Language": code})
        assert response["Content-Language"] == code
        answers.setdefault(code, []).append((response["X-Cache"], document["info"]["title"]))
    assert answers == {
        "en": [("miss", "Research Directory API"), ("hit", "Research Directory API")],
        "fr": [
            ("miss", "API du répertoire de recherche"),
            ("hit", "API du répertoire de recherche"),
        ],
    }
