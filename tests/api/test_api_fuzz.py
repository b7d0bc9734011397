"""Fuzz every operation of the API from its own OpenAPI schema with schemathesis and
every one of its checks (`st run --checks all`): positive and negative cases,
anonymously, as a staff editor and as a researcher signed in to their own profile. No
response may be a 5xx, every response must conform to the schema, every request the
schema allows must be accepted and every one it refuses must be refused. Then, as in
`st run`'s stateful phase, sequences that follow the schema's links for each role, so
that what a list or a write answered is read, changed and deleted next.

schemathesis.toml (read here and by `st run` in the project's directory) tells two
checks of the statuses the API documents for well-formed requests that the stored
records refuse: 412 (a stale If-Match), 422 (values that do not hold together or name
no record), 428 (a missing If-Match)."""

import collections
import re
import zlib
from pathlib import Path

import pytest
import schemathesis
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.config import SchemathesisConfig
from schemathesis.generation import GenerationMode
from werkzeug.test import Client as WsgiClient

from tests.factories import make_person, make_publication, make_topic
from tests.selfservice.factories import make_researcher

# Cases run per operation and client, on top of schemathesis's coverage cases.
EXAMPLES = 3

CONFIG = SchemathesisConfig.from_path(Path(__file__).parents[2] / "schemathesis.toml")
APP = WSGIHandler()
schema = schemathesis.openapi.from_wsgi("/api/schema/", APP, config=CONFIG)
# The API refuses NUL characters anywhere (PostgreSQL cannot hold them) and its schema
# says so (core.api.schema.NO_NUL), so generated strings may hold them: no valid case
# has one, and an invalid case with one must be refused.
# Unknown query parameters are ignored, as is usual, so none are generated.
schema.config.generation.update(allow_x00=True, allow_extra_parameters=False)
schema.config.checks.update(included_check_names=["all"])  # as `st run --checks all`
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


def may_write(role, method, path):
    """Whether `role` may make this write at all: the others are 401 or 403 whatever
    the body (test_api_write and tests/selfservice check those), so fuzzing them would
    spend half the run on one refusal."""
    if method == "GET" or role == "editor":
        return True
    return role == "researcher" and path.startswith("/api/me/")


# schemathesis's WSGI client asks for gzip but reads the body as it comes: plain bytes,
# then, so that each answer is checked against the schema (tests/site/test_compression.py
# covers the gzipped answers).
PLAIN = {"Accept-Encoding": "identity"}


ROLES = ["anonymous", "editor", "researcher"]


def credentials(role, django_user_model):
    """The headers `role` sends with every request."""
    if role == "anonymous":
        return PLAIN
    if role == "editor":
        user = django_user_model.objects.create_superuser("fuzzer", "f@example.org", "pw")
    else:  # Grace edits her own profile through /api/me/; everything else is read-only
        _, user = make_researcher("Grace Hopper")
    return {**PLAIN, "Authorization": f"Token {Token.objects.create(user=user).key}"}


@pytest.fixture(params=ROLES)
def headers(request, records, django_user_model):
    method, path = re.search(r"\[(\w+) ([^\]\s]+)\]", request.node.name).groups()
    if not may_write(request.param, method, path):
        pytest.skip(f"{request.param} may not {method} {path}")
    return credentials(request.param, django_user_model)


def aim_at_real_records(case, records, headers):
    """Half the positive cases name a stored record, so reads, updates and deletes
    reach real rows, and a write sends the record's current ETag, so that it reaches
    the update itself; the rest keep their generated (mostly unknown) identifiers."""
    positive = case.meta is None or case.meta.generation.mode == GenerationMode.POSITIVE
    if not positive or zlib.crc32(repr(case.path_parameters).encode()) % 2:
        return
    for name, value in records.items():
        if name in (case.path_parameters or {}):
            case.path_parameters[name] = value
    if case.path_parameters and "slug" in case.path_parameters and "/topics/" in case.path:
        case.path_parameters["slug"] = "deep-learning"
    if case.headers and "If-Match" in case.headers:
        if case.path.startswith("/api/me/people/"):
            case.path_parameters["slug"] = "grace-hopper"  # the researcher's own
        path = case.formatted_path
        language = {"lang": case.query["lang"]} if (case.query or {}).get("lang") else {}
        extra = {"Accept-Language": case.headers.get("Accept-Language", "")}
        auth = {"Authorization": headers["Authorization"]} if "Authorization" in headers else {}
        # Through the WSGI app as the case is, not django.test.Client, which would
        # reconnect the signal that closes the test's connection after each request.
        read = WsgiClient(APP).get(path, query_string=language, headers={**extra, **auth})
        if read.status_code == 200:
            case.headers["If-Match"] = read.headers["ETag"]


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same cases on every run, so CI never flakes
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_survives_generated_requests(case, records, headers, statuses):
    aim_at_real_records(case, records, headers)
    response = case.call_and_validate(headers=headers)
    statuses[response.status_code // 100 * 100] += 1


@pytest.fixture
def statuses(request, headers):
    """Responses by status class; the test fails unless it ran enough cases."""
    counted = collections.Counter()
    yield counted
    cases = sum(counted.values())
    print(f"{request.node.name}: {cases} cases, by status class {dict(sorted(counted.items()))}")
    assert cases >= MINIMUM_CASES_EACH, f"{request.node.name} ran only {cases} cases"


def test_every_operation_of_the_schema_is_fuzzed():
    assert len(list(schema.get_all_operations())) == OPERATIONS


# The stateful phase of `st run`: a scenario starts at any operation and follows the
# links of each answer (core.api.schema.add_links) with the identifiers and the ETag it
# gave, so that reads, updates and deletes meet the records a list or a write named.
SCENARIOS = 100
STEPS_EACH = 8
# Distinct links that each role must have followed with their values substituted, and
# of them, links from a write the editor made (a created record read, changed, deleted).
MINIMUM_LINKS_FOLLOWED = 15
MINIMUM_LINKS_FROM_WRITES = 10


def linked_sequences(role, django_user_model):
    """A state machine over a schema of its own, so that the role's token is the
    configured auth (schemathesis's ignored_auth check then probes it) without touching
    the schema the other test shares.

    Its requests are the valid ones: the other test sends every operation its invalid
    cases, and here an invalid query value that reads the same as a valid one on the
    wire (`true` as an affiliation, schemathesis#3056) would be taken for one accepted."""
    machine_schema = schemathesis.openapi.from_wsgi("/api/schema/", APP, config=CONFIG)
    machine_schema.config.generation.update(
        modes=[GenerationMode.POSITIVE], allow_x00=True, allow_extra_parameters=False
    )
    machine_schema.config.checks.update(included_check_names=["all"])
    authorization = credentials(role, django_user_model).get("Authorization")
    if authorization:

        @machine_schema.auth(refresh_interval=None)
        class RoleToken:
            def get(self, case, context):
                return authorization

            def set(self, case, data, context):
                case.headers = {**(case.headers or {}), "Authorization": data}

    return machine_schema.as_state_machine()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_linked_sequences_of_requests_hold(role, records, django_user_model):
    followed = collections.Counter()
    statuses = collections.Counter()

    class Sequences(linked_sequences(role, django_user_model)):
        def setup(self):
            """Every scenario starts from the same records and nothing kept: Hypothesis
            replays scenarios, and one that an earlier one's writes changed would draw
            differently."""
            cache.clear()
            self.before = transaction.savepoint()

        def teardown(self):
            transaction.savepoint_rollback(self.before)

        def step(self, input):
            output = super().step(input)
            if input.transition is not None and input.is_applied:
                followed[input.transition.id] += 1
            statuses[output.response.status_code // 100 * 100] += 1
            return output

        def get_call_kwargs(self, case):
            return {"headers": PLAIN}

    Sequences.run(
        settings=settings(
            max_examples=SCENARIOS,
            stateful_step_count=STEPS_EACH,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
    )
    from_writes = [link for link in followed if not link.startswith("GET ")]
    print(
        f"{role}: {sum(statuses.values())} requests, by status class "
        f"{dict(sorted(statuses.items()))}, {len(followed)} links followed, "
        f"{len(from_writes)} of them from writes"
    )
    assert len(followed) >= MINIMUM_LINKS_FOLLOWED, sorted(followed)
    if role == "editor":
        assert len(from_writes) >= MINIMUM_LINKS_FROM_WRITES, sorted(followed)
