"""API conventions: the OpenAPI schema and docs, problem details for bad input, the
anonymous rate limit and CORS."""

from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.urls import reverse
from openapi_spec_validator import validate
from rest_framework.authtoken.models import Token

from profiles.models import Topic
from tests.factories import make_person, make_publication, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"]
    return body


def test_the_schema_is_valid_openapi_3_and_documents_every_endpoint(client):
    response = client.get("/api/schema/")

    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/people/",
        "/api/people/{slug}/",
        "/api/people/{slug}/publications/",
        "/api/people/orcid:{orcid}/",
        "/api/publications/",
        "/api/publications/{id}/",
        "/api/publications/doi:{doi}/",
        "/api/publications/arxiv:{arxiv_id}/",
        "/api/topics/",
        "/api/topics/{slug}/",
        "/api/me/",
    }
    for path_item in schema["paths"].values():
        for method, operation in path_item.items():
            names = {parameter["name"] for parameter in operation.get("parameters", [])}
            if method == "get":
                assert "fields" in names
            if method in ("put", "patch"):
                assert "If-Match" in names
            assert "application/problem+json" in operation["responses"]["400"]["content"]


def test_the_docs_page_has_no_inline_script_or_style_and_loads_nothing_from_another_host(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    scripts = page.find_all("script")
    assert scripts
    assert all(script.get("src") and not script.string for script in scripts)
    assert not page.find_all("style")
    assert not page.select("[style]")
    assets = [tag.get("src") or tag.get("href") for tag in page.find_all(["script", "link"])]
    for asset in assets:
        assert not urlsplit(asset).netloc, asset
        assert client.get(asset).status_code == 200, asset
    init = client.get(scripts[-1]["src"]).content.decode()
    assert "/api/schema/" in init
    assert '"validatorUrl": null' in init
    assert "https://" not in init and "http://" not in init


def test_an_unknown_api_address_is_a_problem_not_a_page(client):
    body = problem(client.get("/api/nothing/here/"), 404)

    assert body["instance"] == "/api/nothing/here/"


@pytest.mark.parametrize(
    "path",
    [
        "/api/people/caf%C3%A9/",
        "/api/people/a%20b/",
        "/api/people/%3Cscript%3E/",
        "/api/people/..%2F..%2Fetc/",
        "/api/topics/" + "x" * 5000 + reverse("profiles:directory"),
        "/api/publications/-1/",
        "/api/publications/99999999999999999999999/",
        "/api/publications/abc/",
    ],
)
def test_odd_slugs_and_ids_are_404_problems(client, path):
    problem(client.get(path), 404)


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page_size=-5", "page_size"),
        ("page_size=1e3", "page_size"),
        ("year=nineteen", "year"),
        ("kind=poem", "kind"),
        ("doi=not-a-doi", "doi"),
        ("arxiv_id=12345", "arxiv_id"),
        ("fields=", "fields"),
        ("search=" + "x" * 201, "search"),
    ],
)
def test_bad_query_parameters_are_400s_that_name_the_parameter(client, query, parameter):
    body = problem(client.get(f"/api/publications/?{query}"), 400)

    assert body["errors"][0]["parameter"] == parameter


def test_a_page_beyond_the_last_is_a_404_problem(client):
    make_topic()

    problem(client.get("/api/topics/?page=2"), 404)
    problem(client.get("/api/topics/?page=99999999999999999999"), 404)


@pytest.fixture
def token_client(client, editor):
    token = Token.objects.create(user=editor)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    return client


def post(client, url, body, content_type="application/json"):
    return client.post(url, data=body, content_type=content_type)


def test_malformed_json_is_a_400_problem(token_client):
    body = problem(post(token_client, "/api/topics/", '{"name": "Robotics",'), 400)

    assert "JSON parse error" in body["detail"]
    assert not Topic.objects.exists()


def test_a_body_that_is_not_json_is_a_415_problem(token_client):
    problem(post(token_client, "/api/topics/", "name=Robotics", "text/plain"), 415)


def test_asking_for_html_is_a_406_problem(client):
    problem(client.get("/api/people/", HTTP_ACCEPT="text/html"), 406)


@pytest.mark.parametrize(
    "body, pointer",
    [
        ({"name": 7, "description": ["a"]}, "#/description"),
        ({"name": "x" * 121}, "#/name"),
        ({"name": "Robotics", "description": "x" * 5001}, "#/description"),
        ({"name": "Robotics", "colour": "red"}, "#/colour"),
        ({"name": None}, "#/name"),
        ({}, "#/name"),
        (["Robotics"], "#"),
        ({"name": "Robotics", "slug": "no spaces"}, "#/slug"),
    ],
)
def test_wrong_types_unknown_fields_and_huge_strings_are_400_problems(token_client, body, pointer):
    body = problem(post(token_client, "/api/topics/", body), 400)

    assert pointer in {error["pointer"] for error in body["errors"]}
    assert not Topic.objects.exists()


def test_wrong_types_inside_a_byline_point_at_the_author(token_client):
    make_person("Ada Lovelace")
    body = {
        "title": "Engines",
        "year": "soon",
        "authors": [{"person": "ada-lovelace"}, {"person": ["x"]}, "Alan"],
        "topics": "ai",
    }

    errors = problem(post(token_client, "/api/publications/", body), 400)["errors"]

    assert {error["pointer"] for error in errors} == {
        "#/year",
        "#/authors/1/person",
        "#/authors/2",
        "#/topics",
    }


def test_read_only_fields_sent_back_are_ignored(token_client):
    make_topic("Robotics")
    topic = token_client.get("/api/topics/robotics/")

    response = token_client.put(
        "/api/topics/robotics/",
        data={**topic.json(), "description": "Arms.", "people_count": 99},
        content_type="application/json",
        HTTP_IF_MATCH=topic["ETag"],
    )

    assert response.status_code == 200, response.content
    assert response.json()["people_count"] == 0


def test_anonymous_clients_are_rate_limited_with_retry_after(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"},
    }
    statuses = [client.get("/api/topics/").status_code for _ in range(4)]
    limited = client.get("/api/topics/")

    assert statuses == [200, 200, 200, 429]
    body = problem(limited, 429)
    assert int(limited["Retry-After"]) > 0
    assert "throttled" in body["detail"].lower()


def test_a_forwarded_address_does_not_escape_the_rate_limit(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute"},
    }
    statuses = [
        client.get("/api/topics/", headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code
        for n in range(4)
    ]

    assert statuses == [200, 200, 429, 429]


def test_a_trusted_proxy_count_limits_each_forwarded_client(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute"},
        "NUM_PROXIES": 1,
    }

    def status(chain):
        return client.get("/api/topics/", headers={"X-Forwarded-For": chain}).status_code

    # The proxy appends the address it saw; what the client wrote before it is ignored.
    assert [status(f"198.51.100.{n}, 203.0.113.7") for n in range(3)] == [200, 200, 429]
    assert status("203.0.113.8") == 200


def test_the_rate_limit_can_be_turned_off(client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None}}

    assert {client.get("/api/topics/").status_code for _ in range(200)} == {200}


def test_cors_lets_any_origin_read_the_api_only(client):
    make_person("Ada Lovelace", has_profile=True)
    make_publication()
    origin = {"HTTP_ORIGIN": "https://lab.example.org"}

    api = client.get("/api/people/", **origin)
    page = client.get(reverse("profiles:directory"), **origin)
    preflight = client.options("/api/topics/", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST", **origin)

    assert api["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in api["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Origin" not in page
    allowed = {m.strip() for m in preflight["Access-Control-Allow-Methods"].split(",")}
    assert allowed == {"GET", "HEAD", "OPTIONS"}


@pytest.mark.parametrize("title", ["   ", "\t\n", "\u2003"])
def test_a_title_of_only_whitespace_is_blank(token_client, title):
    body = problem(post(token_client, "/api/publications/", {"title": title}), 400)

    assert body["errors"][0]["pointer"] == "#/title"


@pytest.mark.parametrize(
    "query", ["search=a%00b", "topic=%00", "fields=slug%00", "x%00=1", "topic=", "year="]
)
def test_nul_characters_and_empty_parameters_are_400s(client, query):
    problem(client.get(f"/api/publications/?{query}"), 400)


def test_a_nul_in_a_doi_path_is_a_400(client):
    problem(client.get("/api/publications/doi:10.1000/a%00b/"), 400)


def test_a_title_without_latin_letters_has_an_empty_slug_and_still_a_web_address(token_client):
    response = post(token_client, "/api/publications/", {"title": "深層学習"})

    assert response.status_code == 201
    assert response.json()["slug"] == ""
    assert response.json()["web_url"].endswith("/publication/")
