"""The schema's OpenAPI links (core.api.schema.add_links): each names a real operation
and real parameters of it, every item operation is reached by one, and following them
on real answers reaches the records, with the ETag a PUT or PATCH needs."""

import collections

import pytest
import yaml
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.factories import make_publication, make_topic
from tests.selfservice.factories import make_researcher

pytestmark = pytest.mark.django_db

METHODS = ("get", "put", "patch", "delete", "post")


@pytest.fixture
def schema(client):
    return yaml.safe_load(client.get("/api/schema/").content)


def operations_of(schema):
    """operationId: (path, method, operation)."""
    return {
        operation["operationId"]: (path, method, operation)
        for path, path_item in schema["paths"].items()
        for method, operation in path_item.items()
        if method in METHODS
    }


def links_of(schema):
    """(source operationId, status, link name, link) for every link."""
    for _path, _method, operation in operations_of(schema).values():
        for status, response in operation["responses"].items():
            for name, link in response.get("links", {}).items():
                yield operation["operationId"], status, name, link


def resolve(schema, node):
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def schema_at(schema, node, pointer):
    """The JSON schema of the value that `pointer` reaches in a body of schema `node`."""
    for part in filter(None, pointer.split("/")):
        node = resolve(schema, node)
        node = node["items"] if part.isdigit() else node["properties"][part]
    return resolve(schema, node)


def is_item(path, operation):
    return any(p["in"] == "path" for p in operation.get("parameters", []))


def test_links_name_real_operations_and_real_parameters_of_them(schema):
    operations = operations_of(schema)
    links = list(links_of(schema))
    assert links
    for source_id, status, name, link in links:
        label = f"{source_id} {status} {name}"
        path, _method, source = operations[source_id]
        _target_path, _target_method, target = operations[link["operationId"]]
        response = source["responses"][status]
        accepted = {(p["in"], p["name"]) for p in target["parameters"]}
        for key, expression in link["parameters"].items():
            where, _, parameter = key.partition(".")
            assert (where, parameter) in accepted, label
            if expression.startswith("$response.body#"):
                body = response["content"]["application/json"]["schema"]
                pointer = expression.removeprefix("$response.body#")
                # A field of the answer, and one a path can carry (an id, a string).
                found = schema_at(schema, body, pointer)
                types = {branch.get("type") for branch in found.get("oneOf", [found])}
                assert types and types <= {"string", "integer"}, label
            elif expression.startswith("$response.header."):
                assert expression.removeprefix("$response.header.") in response["headers"], label
            else:
                assert expression.removeprefix("$request.path.") in path, label
        required = {(p["in"], p["name"]) for p in target["parameters"] if p.get("required")}
        given = {tuple(key.split(".", 1)) for key in link["parameters"]}
        assert {r for r in required if r[0] == "path"} <= given, label


def test_every_item_operation_is_reached_by_a_link(schema):
    targets = {link["operationId"] for *_, link in links_of(schema)}
    items = {
        operation_id
        for operation_id, (path, _method, operation) in operations_of(schema).items()
        if is_item(path, operation)
    }
    assert items
    assert items <= targets


def test_a_put_or_patch_link_from_a_read_of_the_record_sends_its_etag(schema):
    operations = operations_of(schema)
    for source_id, _status, name, link in links_of(schema):
        source_path, source_method, _ = operations[source_id]
        target_path, target_method, _ = operations[link["operationId"]]
        if source_method == "get" and source_path == target_path:
            assert target_method not in ("put", "patch") or (
                link["parameters"]["header.If-Match"] == "$response.header.ETag"
            ), f"{source_id} {name}"


def value_at(body, pointer):
    for part in filter(None, pointer.split("/")):
        body = body[int(part)] if isinstance(body, list) else body[part]
    return body


def test_following_the_links_on_real_answers_reaches_every_record(schema, editor):
    """From the operations that need no path parameter, follow every link to a GET, and
    to a PATCH with the ETag it gives (an empty body, as the owner or an editor): each
    answers 200, so the pointers fit the real answers."""
    ada, researcher = make_researcher("Ada Lovelace", orcid="0000-0002-1825-0097")
    ada.topics.add(make_topic("Deep learning"))
    make_publication("Engines", authors=[ada], year=2020, doi="10.1000/abc", arxiv_id="2506.05233")
    staff = Token.objects.create(user=editor).key
    own = Token.objects.create(user=researcher).key

    def call(path, method, **headers):
        token = own if path.startswith("/api/me/") else staff
        client = Client(HTTP_AUTHORIZATION=f"Token {token}")
        if method == "patch":
            return client.patch(path, {}, content_type="application/json", headers=headers)
        return client.get(path, headers=headers)

    operations = operations_of(schema)
    followed = {"get", "patch"}
    queue = collections.deque(
        (operation_id, path, {}, {})
        for operation_id, (path, method, operation) in operations.items()
        if method == "get" and not is_item(path, operation)
    )
    reached = set()
    while queue:
        operation_id, path, values, headers = queue.popleft()
        if operation_id in reached:
            continue
        reached.add(operation_id)
        _template, method, operation = operations[operation_id]
        response = call(path, method, **headers)
        assert response.status_code == 200, (operation_id, path, response.content[:300])
        for link in operation["responses"]["200"].get("links", {}).values():
            target_path, target_method, _ = operations[link["operationId"]]
            # A PATCH without the record's ETag is a 428: only the links that send it.
            etag = "header.If-Match" in link["parameters"]
            if target_method not in followed or (target_method == "patch" and not etag):
                continue
            target_values, target_headers = {}, {}
            for key, expression in link["parameters"].items():
                where, _, name = key.partition(".")
                if expression.startswith("$response.body#"):
                    value = value_at(response.json(), expression.removeprefix("$response.body#"))
                elif expression.startswith("$response.header."):
                    value = response[expression.removeprefix("$response.header.")]
                else:
                    value = values[expression.removeprefix("$request.path.")]
                if where == "path":
                    target_values[name] = value
                    target_path = target_path.replace(f"{{{name}}}", str(value))
                else:
                    target_headers[name] = value
            queue.append((link["operationId"], target_path, target_values, target_headers))
    expected = {
        operation_id
        for operation_id, (path, method, operation) in operations.items()
        if method in followed and is_item(path, operation)
    }
    assert expected <= reached
