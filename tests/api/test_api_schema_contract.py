"""The schema says what the API accepts: what it allows is accepted (or refused only for
what the stored records decide, 409/412/422) and what it refuses is refused. Each test
here is a finding of `st run --checks all` against a live server."""

import re

import pytest
import yaml
from rest_framework.authtoken.models import Token

from tests.factories import make_person, make_publication, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    return yaml.safe_load(client.get("/api/schema/").content)


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "e@example.org", "pw")
    return {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=user).key}"}


def parameter(schema, path, method, name):
    (found,) = [p for p in schema["paths"][path][method]["parameters"] if p["name"] == name]
    return found


def pattern_of(prop):
    """The pattern of a string property (drf-spectacular puts a blank-allowed one in a
    oneOf with the empty string)."""
    return (prop["oneOf"][0] if "oneOf" in prop else prop)["pattern"]


def matches(pattern, value):
    return re.search(pattern, value) is not None


def test_optional_query_parameters_allow_an_empty_value_which_means_not_given(client, schema):
    make_publication("Engines", kind="article")
    for path_item in schema["paths"].values():
        for operation in path_item.values():
            for item in operation.get("parameters", []):
                if item["in"] == "query":
                    assert item.get("allowEmptyValue") is True, item["name"]
    assert client.get("/api/publications/?kind=&lang=&doi=&fields=").status_code == 200


def test_repeated_people_filters_are_arrays_of_single_values(schema):
    for name in ("affiliation", "topic", "membership"):
        items = parameter(schema, "/api/people/", "get", name)["schema"]["items"]
        assert items["type"] == "string", name
    facets = parameter(schema, "/api/people/", "get", "facets")
    assert facets["schema"]["items"]["enum"] == ["membership", "topic", "affiliation", "status"]


def test_a_topic_slug_no_topic_has_selects_nobody_rather_than_a_400(client):
    make_topic("Graphs")
    make_person("Ada Lovelace", has_profile=True)
    response = client.get("/api/people/?topic=no-such-topic")
    assert response.status_code == 200 and response.json()["count"] == 0
    assert client.get("/api/people/?topic=not a slug").status_code == 400


def test_identifier_filters_carry_the_patterns_of_what_they_take(client, schema):
    make_publication("Engines", doi="10.1000/abc", arxiv_id="2506.05233")
    doi = parameter(schema, "/api/publications/", "get", "doi")["schema"]["pattern"]
    arxiv = parameter(schema, "/api/publications/", "get", "arxiv_id")["schema"]["pattern"]
    for value in ("10.1000/abc", "doi:10.1000/abc", "https://doi.org/10.1000/ABC"):
        assert matches(doi, value)
        assert client.get("/api/publications/", {"doi": value}).json()["count"] == 1
    assert not matches(doi, ".exe")
    assert client.get("/api/publications/", {"doi": ".exe"}).status_code == 400
    assert matches(arxiv, "arxiv:2506.05233") and not matches(arxiv, "2506")


def test_if_match_has_the_shape_of_entity_tags_and_any_other_value_is_a_400(client, schema, editor):
    required = parameter(schema, "/api/topics/{slug}/", "patch", "If-Match")["schema"]
    assert matches(required["pattern"], '"abc"') and matches(required["pattern"], 'W/"a", "b"')
    for value in ("", "*", "0", '"x", *'):
        assert not matches(required["pattern"], value), value
    optional = parameter(schema, "/api/topics/{slug}/", "delete", "If-Match")["schema"]
    assert {"type": "string", "enum": ["*"]} in optional["anyOf"]

    make_topic("Graphs")
    for value in ("0", '"x", *', "abc"):
        response = client.delete("/api/topics/graphs/", HTTP_IF_MATCH=value, **editor)
        assert response.status_code == 400, value
        assert response.json()["errors"][0]["parameter"] == "If-Match"
        response = client.patch(
            "/api/topics/graphs/", {}, "application/json", HTTP_IF_MATCH=value, **editor
        )
        assert response.status_code == 400, value
    assert client.delete("/api/topics/graphs/", HTTP_IF_MATCH="*", **editor).status_code == 204


def test_a_missing_if_match_is_428_even_where_the_account_has_no_profile(client, editor):
    response = client.patch("/api/me/", {"bio": "x"}, "application/json", **editor)
    assert response.status_code == 428


def test_request_bodies_allow_no_other_properties(schema):
    schemas = schema["components"]["schemas"]
    requests = [name for name in schemas if name.endswith("Request")]
    assert "PatchedPublicationRequest" in requests
    for name in requests:
        assert schemas[name]["additionalProperties"] is False, name


def test_body_fields_carry_the_bounds_and_patterns_the_api_checks(client, schema, editor):
    publication = schema["components"]["schemas"]["PublicationRequest"]["properties"]
    assert publication["year"]["minimum"] == 1600
    assert not matches(publication["title"]["pattern"], " \x1c\t")
    assert matches(pattern_of(publication["doi"]), "https://doi.org/10.1000/x")
    person = schema["components"]["schemas"]["PersonRequest"]["properties"]
    assert matches(pattern_of(person["orcid"]), "https://orcid.org/0000-0002-1825-0097")
    assert not matches(pattern_of(person["orcid"]), "0" * 99)
    topic_ref = schema["components"]["schemas"]["TopicRefRequest"]["properties"]
    assert topic_ref["slug"]["pattern"] == "^[-a-zA-Z0-9_]+$"

    response = client.post(
        "/api/people/", {"full_name": "Ada", "orcid": "0" * 99}, "application/json", **editor
    )
    assert response.status_code == 400


def test_web_addresses_follow_one_pattern_the_api_enforces(client, schema, editor):
    pattern = pattern_of(schema["components"]["schemas"]["PersonRequest"]["properties"]["homepage"])
    long_host = "https://" + ".".join(["a" * 63] * 4) + ".org"
    for bad in ('https://example.org/"><script>', "https://exa mple.org", long_host):
        assert not matches(pattern, bad)
        body = {"full_name": "Ada", "homepage": bad}
        assert client.post("/api/people/", body, "application/json", **editor).status_code == 400
    good = "https://example.org/a/b?c=d#e"
    assert matches(pattern, good)
    body = {"full_name": "Ada", "homepage": good}
    assert client.post("/api/people/", body, "application/json", **editor).status_code == 201


def test_values_of_the_documented_form_that_the_records_refuse_are_422(client, editor):
    make_person("Ada Lovelace")
    for body in [
        {"title": "Engines", "version_of": 999999},
        {"title": "Engines", "authors": [{"person": "nobody-here"}]},
        {"title": "Engines", "topics": [{"slug": "no-such-topic"}]},
        {"title": "Engines", "year": 2001, "date": "2002-01-01"},
    ]:
        response = client.post("/api/publications/", body, "application/json", **editor)
        assert response.status_code == 422, (body, response.content)
        assert response["Content-Type"] == "application/problem+json"
    body = {"full_name": "Ada", "orcid": "0000-0002-1825-0098"}  # wrong check digit
    assert client.post("/api/people/", body, "application/json", **editor).status_code == 422


def test_a_plain_translated_field_and_its_language_column_never_undo_each_other(client, editor):
    body = {"name": "Graphs", "name_en": ""}  # the column unchanged: the plain field wins
    response = client.post("/api/topics/?lang=en", body, "application/json", **editor)
    assert response.status_code == 201 and response.json()["name_en"] == "Graphs"
    body = {"name": "Arbres", "name_en": "Trees"}
    response = client.post("/api/topics/?lang=fr", body, "application/json", **editor)
    assert response.status_code == 201
    body = {"name": "Rivers", "name_en": "Forests"}  # two different new names
    response = client.post("/api/topics/?lang=en", body, "application/json", **editor)
    assert response.status_code == 422
    assert {e["pointer"] for e in response.json()["errors"]} == {"#/name", "#/name_en"}


def test_the_me_endpoints_answer_sparse_fieldsets_their_schema_allows(client, schema):
    from tests.selfservice.factories import make_researcher

    assert "required" not in schema["components"]["schemas"]["Me"]
    _, user = make_researcher("Grace Hopper")
    auth = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=user).key}"}
    assert client.get("/api/me/?fields=slug", **auth).json() == {"slug": "grace-hopper"}
    assert client.get("/api/me/people/?fields={}", **auth).status_code == 400
    assert client.get("/api/me/people/?fields=slug", **auth).json() == [{"slug": "grace-hopper"}]


def test_free_text_query_values_are_documented_without_the_nul_the_api_refuses(client, schema):
    """st run (ST202) sent ?ordering=<…NUL…> and ?search=<…NUL…>, which the schema
    allowed and the API refuses (a 400): every free-text query value now leaves NUL out."""
    make_publication("Engines")
    for path, name in [
        ("/api/topics/", "ordering"),
        ("/api/publications/", "ordering"),
        ("/api/publications/", "search"),
        ("/api/publications/", "author"),
        ("/api/publications/", "topic"),
        ("/api/people/", "search"),
        ("/api/people/", "affiliation"),
    ]:
        value = parameter(schema, path, "get", name)["schema"]
        pattern = value.get("items", value)["pattern"]
        assert not matches(pattern, "a\x00b") and matches(pattern, "-title"), (path, name)
        response = client.get(f"{path}?{name}=%00")
        assert response.status_code == 400, (path, name)
        assert response.json()["errors"][0]["parameter"] == name
    for path_item in schema["paths"].values():
        for operation in path_item.values():
            for item in operation.get("parameters", []):
                value = item["schema"].get("items", item["schema"])
                if item["in"] == "query" and value.get("type") == "string":
                    assert "enum" in value or "pattern" in value, item["name"]


def test_text_fields_of_bodies_are_documented_without_the_nul_the_api_refuses(
    client, schema, editor
):
    """st run as an editor (ST202) posted a topic whose description_fr held a NUL, which
    the schema allowed and DRF's CharField refuses (a 400)."""
    topic = schema["components"]["schemas"]["TopicDetailRequest"]["properties"]
    for name, good in [("name", " Graphs "), ("description_fr", ""), ("name_fr", "Graphes")]:
        assert matches(pattern_of(topic[name]), good), name
        assert not matches(pattern_of(topic[name]), "a\x00b"), name
    for body in [{"name": "Graphs", "description_fr": "a\x00b"}, {"name": "Gr\x00aphs"}]:
        response = client.post("/api/topics/", body, "application/json", **editor)
        assert response.status_code == 400, body
    for name, value in schema["components"]["schemas"]["PersonRequest"]["properties"].items():
        value = value["oneOf"][0] if "oneOf" in value else value
        if value.get("type") == "string" and "format" not in value and "enum" not in value:
            assert not matches(value["pattern"], "a\x00b"), name
