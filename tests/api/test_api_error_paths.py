"""Error paths of the API answer problem details, never an HTML page or a 500: a body
nested too deep, a body over the upload limit, a database that went away."""

import pytest
import yaml
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from profiles.models import Topic
from tests.factories import make_topic
from tests.site.test_faults import proxied_database  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_client(editor):
    token = Token.objects.create(user=editor)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}", raise_request_exception=False)


def problem(response, status):
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"]
    return body


@pytest.mark.parametrize("depth", [1000, 100_000])
def test_a_body_nested_too_deep_is_a_400_problem(token_client, depth):
    body = '{"name": ' + "[" * depth + "]" * depth + "}"

    answer = problem(token_client.post("/api/topics/", body, content_type="application/json"), 400)

    assert "nested" in answer["detail"]
    assert not Topic.objects.exists()


def test_a_body_nested_too_deep_in_a_patch_is_a_400_problem(token_client):
    make_topic("Robotics")
    url = "/api/topics/robotics/"
    etag = token_client.get(url)["ETag"]
    body = '{"description": ' + "{" * 3000 + "}" * 3000 + "}"

    response = token_client.patch(url, body, content_type="application/json", HTTP_IF_MATCH=etag)

    problem(response, 400)


def test_a_body_over_the_upload_limit_is_a_413_problem(token_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"name": "Robotics", "description": "' + "x" * 2000 + '"}'

    answer = problem(token_client.post("/api/topics/", body, content_type="application/json"), 413)

    assert "1000 bytes" in answer["detail"]
    assert not Topic.objects.exists()


def test_a_body_over_the_upload_limit_outside_the_api_is_still_a_page(editor_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = editor_client.post(
        reverse("admin:login"), {"username": "x" * 2000, "password": "pw"}
    )

    assert response.status_code in (400, 413)
    assert response["Content-Type"].startswith("text/html")


def test_a_database_error_on_an_api_route_is_a_503_problem(rf):
    from config.views import server_error

    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(rf.get("/api/people/"))
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "30"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_database_loss_on_api_routes_is_a_503_problem_and_pages_keep_the_page(
    proxied_database,  # noqa: F811
):
    make_topic("Robotics")
    client = Client(raise_request_exception=False)
    assert client.get("/api/topics/").status_code == 200

    proxied_database.cut()
    api = client.get("/api/topics/")
    page = client.get(reverse("profiles:topic-detail", args=["robotics"]))
    proxied_database.restore()

    body = problem(api, 503)
    assert body["instance"] == "/api/topics/"
    assert api["Retry-After"] == "30"
    assert page.status_code == 503
    assert page["Content-Type"].startswith("text/html")
    connection.close()  # close_old_connections does this after a real request, not in tests
    assert client.get("/api/topics/").status_code == 200


def test_the_schema_documents_the_413_of_writes_and_the_503_of_every_operation(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    for path_item in schema["paths"].values():
        for method, operation in path_item.items():
            assert "503" in operation["responses"], (method, operation["operationId"])
            assert ("413" in operation["responses"]) == (method != "get")
