"""Fuzz every operation of the API from its own OpenAPI schema with schemathesis:
positive and negative cases, anonymous and as a staff editor. No response may be a
5xx, and every response must conform to the schema."""

import collections
import zlib

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.generation import GenerationMode

from tests.factories import make_person, make_publication, make_topic

# Cases run per operation and client, on top of schemathesis's coverage cases.
EXAMPLES = 6
# Schema-valid is not always acceptable: a check digit, a URL's host or a year's
# range are business rules that JSON Schema does not carry. A missing If-Match is
# answered 428 Precondition Required (RFC 6585), which that check does not expect.
# Every other default check runs, negative_data_rejection among them.
EXCLUDED_CHECKS = [
    schemathesis.checks.positive_data_acceptance,
    schemathesis.checks.missing_required_header,
]

schema = schemathesis.openapi.from_wsgi("/api/schema/", WSGIHandler())
# The API refuses NUL characters anywhere (PostgreSQL cannot hold them); the
# bad-input tests cover that, so generated strings leave them out.
# Unknown query parameters are ignored, as is usual, so none are generated.
schema.config.generation.update(allow_x00=False, allow_extra_parameters=False)
OPERATIONS = 27  # with GET and PATCH /api/me/ and /api/me/people/<slug>/, GET /api/me/people/
# Each operation, for each client, runs at least this many cases. Counted per test,
# not across tests, so that it holds wherever pytest -n sends each one.
MINIMUM_CASES_EACH = 10


@pytest.fixture(scope="module", autouse=True)
def keep_the_test_connection():
    """The test transaction lives on one connection; Django would close it at the
    end of each request (the test client does the same)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def records(db, settings):
    """A few real rows for the generated requests to find, and no rate limit."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None},
    }
    topic = make_topic("Deep learning")
    ada = make_person("Ada Lovelace", has_profile=True, orcid="0000-0002-1825-0097")
    ada.topics.add(topic)
    make_person("Alan Turing")
    publication = make_publication(
        "Engines", authors=[ada], year=2020, doi="10.1000/abc", arxiv_id="2506.05233"
    )
    return {"slug": "ada-lovelace", "id": publication.pk}


# schemathesis's WSGI client asks for gzip but reads the body as it comes: plain bytes,
# then, so that each answer is checked against the schema (tests/site/test_compression.py
# covers the gzipped answers).
PLAIN = {"Accept-Encoding": "identity"}


@pytest.fixture(params=["anonymous", "editor"])
def headers(request, records, django_user_model):
    if request.param == "anonymous":
        return PLAIN
    user = django_user_model.objects.create_superuser("fuzzer", "f@example.org", "pw")
    return {**PLAIN, "Authorization": f"Token {Token.objects.create(user=user).key}"}


def aim_at_real_records(case, records):
    """Half the positive cases name a stored record, so reads, updates and deletes
    reach real rows; the rest keep their generated (mostly unknown) identifiers."""
    positive = case.meta is None or case.meta.generation.mode == GenerationMode.POSITIVE
    if not positive or zlib.crc32(repr(case.path_parameters).encode()) % 2:
        return
    for name, value in records.items():
        if name in (case.path_parameters or {}):
            case.path_parameters[name] = value
    if case.path_parameters and "slug" in case.path_parameters and "/topics/" in case.path:
        case.path_parameters["slug"] = "deep-learning"
    if case.headers and "If-Match" in case.headers:
        case.headers["If-Match"] = "*"


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same cases on every run, so CI never flakes
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_survives_generated_requests(case, records, headers, statuses):
    aim_at_real_records(case, records)
    response = case.call_and_validate(headers=headers, excluded_checks=EXCLUDED_CHECKS)
    statuses[response.status_code // 100 * 100] += 1


@pytest.fixture
def statuses(request):
    """Responses by status class; the test fails unless it ran enough cases."""
    counted = collections.Counter()
    yield counted
    cases = sum(counted.values())
    print(f"{request.node.name}: {cases} cases, by status class {dict(sorted(counted.items()))}")
    assert cases >= MINIMUM_CASES_EACH, f"{request.node.name} ran only {cases} cases"


def test_every_operation_of_the_schema_is_fuzzed():
    assert len(list(schema.get_all_operations())) == OPERATIONS
