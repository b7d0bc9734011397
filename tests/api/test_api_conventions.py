"""API conventions: the OpenAPI schema and docs, problem details for bad input, the
anonymous rate limit and CORS."""

import functools
import re
from urllib.parse import quote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openapi_spec_validator import validate
from rest_framework.authtoken.models import Token

from profiles.models import Topic
from tests.factories import make_person, make_publication, make_topic

pytestmark = pytest.mark.django_db


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
        "/api/me/people/",
        "/api/me/people/{slug}/",
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


@pytest.mark.parametrize("query", ["search=a%00b", "topic=%00", "fields=slug%00", "x%00=1"])
def test_nul_characters_are_400s(client, query):
    problem(client.get(f"/api/publications/?{query}"), 400)


def test_a_nul_in_a_doi_path_is_a_400(client):
    problem(client.get("/api/publications/doi:10.1000/a%00b/"), 400)


def test_a_title_without_latin_letters_has_an_empty_slug_and_still_a_web_address(token_client):
    response = post(token_client, "/api/publications/", {"title": "深層学習"})

    assert response.status_code == 201
    assert response.json()["slug"] == ""
    assert response.json()["web_url"].endswith("/publication/")


EMPTY_PARAMETERS = {
    "/api/publications/": [
        "ordering",
        "doi",
        "arxiv_id",
        "author",
        "topic",
        "year",
        "year_min",
        "year_max",
        "kind",
        "fields",
        "page",
        "page_size",
        "search",
        "format",
    ],
    "/api/people/": ["ordering", "topic", "fields", "page", "search", "format"],
    "/api/topics/": ["ordering", "fields", "page_size", "search"],
}


@pytest.mark.parametrize(
    "url, name", [(url, name) for url, names in EMPTY_PARAMETERS.items() for name in names]
)
def test_an_empty_query_value_means_the_parameter_was_not_given(client, url, name):
    ada = make_person("Ada Lovelace", has_profile=True)
    ada.topics.add(make_topic("Robotics"))
    make_publication("Notes", authors=[ada], year=1843)
    make_publication("Other", year=2020)

    plain = client.get(url)
    empty = client.get(f"{url}?{name}=")

    assert empty.status_code == 200, empty.content
    assert empty.json() == plain.json()


def test_an_empty_value_beside_a_given_one_leaves_the_given_one(client):
    ada = make_person("Ada Lovelace", has_profile=True)
    make_publication("Notes", authors=[ada])
    make_publication("Other")

    response = client.get("/api/publications/?author=&author=ada-lovelace&ordering=")

    assert [p["title"] for p in response.json()["results"]] == ["Notes"]


IDENTIFIER_PATHS = {
    "/api/people/orcid:{orcid}/": "orcid",
    "/api/publications/doi:{doi}/": "doi",
    "/api/publications/arxiv:{arxiv_id}/": "arxiv_id",
}


@functools.cache
def _path_parameter_patterns():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    patterns = {}
    for path, name in IDENTIFIER_PATHS.items():
        [parameter] = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name]
        patterns[path] = parameter["schema"]["pattern"]
    return patterns


def test_each_identifier_path_parameter_carries_its_pattern(client):
    served = yaml.safe_load(client.get("/api/schema/").content)
    patterns = _path_parameter_patterns()

    for path, example in [
        ("/api/people/orcid:{orcid}/", "0000-0002-1825-0097"),
        ("/api/publications/doi:{doi}/", "10.1000/xyz123"),
        ("/api/publications/arxiv:{arxiv_id}/", "hep-th/9901001v2"),
    ]:
        assert re.fullmatch(patterns[path], example), path
        [parameter] = [p for p in served["paths"][path]["get"]["parameters"] if p["in"] == "path"]
        assert parameter["schema"]["pattern"] == patterns[path]
    assert not re.fullmatch(patterns["/api/publications/doi:{doi}/"], "10.1/x")


@pytest.fixture
def unthrottled(settings):
    rest_framework = settings.REST_FRAMEWORK
    settings.REST_FRAMEWORK = {**rest_framework, "DEFAULT_THROTTLE_RATES": {"anon": None}}


@pytest.mark.usefixtures("unthrottled")
@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_every_value_of_an_identifier_pattern_is_taken_absent_is_a_404(client, data):
    for path, pattern in _path_parameter_patterns().items():
        value = data.draw(st.from_regex(pattern, fullmatch=True, alphabet=st.characters()))
        url = path.replace("{" + IDENTIFIER_PATHS[path] + "}", quote(value, safe="/"))

        response = client.get(url)

        assert response.status_code == 404, (url, response.content)
        assert response["Content-Type"] == "application/problem+json"


def test_a_wrong_orcid_check_digit_is_a_404_that_says_so(client):
    response = client.get("/api/people/orcid:0000-0002-1825-0098/")

    assert response.status_code == 404
    assert "wrong check digit" in response.json()["detail"]
