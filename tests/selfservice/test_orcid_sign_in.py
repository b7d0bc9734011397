"""Sign in with ORCID, against a local server that answers as ORCID's OAuth endpoints do."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from werkzeug import Response

from tests.selfservice.factories import make_researcher

pytestmark = pytest.mark.django_db

ORCID = "0000-0002-1825-0097"


def token_answer(orcid=ORCID, name="Ada Lovelace"):
    """ORCID's documented answer to /oauth/token for the /authenticate scope."""
    return {
        "access_token": "f5af9f51-07e6-4332-8f1a-c0c11c1e3728",
        "token_type": "bearer",
        "refresh_token": "f725f747-3a65-49f6-a231-3e8944ce464d",
        "expires_in": 631138518,
        "scope": "/authenticate",
        "name": name,
        "orcid": orcid,
    }


@pytest.fixture
def orcid_server(httpserver, settings):
    settings.ORCID_CLIENT_ID = "APP-TESTCLIENT0001"
    settings.ORCID_CLIENT_SECRET = "test-secret"
    settings.ORCID_URL = httpserver.url_for("/").rstrip("/")
    return httpserver


@pytest.fixture
def ada():
    person, user = make_researcher(orcid=ORCID)
    return person, user


def start(client, **query):
    """Follow the sign-in button to ORCID: the authorize address and its query."""
    response = client.get(reverse("selfservice:orcid-start"), query)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    return location, {key: values[0] for key, values in parse_qs(location.query).items()}


def come_back(client, **query):
    return client.get(reverse("selfservice:orcid-callback"), query)


def test_without_a_client_there_is_no_orcid_button_and_no_route(client):
    assert "Sign in with ORCID" not in client.get(reverse("selfservice:login")).text
    assert client.get(reverse("selfservice:orcid-start")).status_code == 404
    assert come_back(client, code="x", state="y").status_code == 404


def test_the_researcher_with_that_orcid_id_is_signed_in(client, orcid_server, ada):
    _, user = ada
    assert "Sign in with ORCID" in client.get(reverse("selfservice:login")).text
    orcid_server.expect_oneshot_request("/oauth/token", method="POST").respond_with_json(
        token_answer()
    )
    location, query = start(client)
    assert location.path == "/oauth/authorize"
    assert query["client_id"] == "APP-TESTCLIENT0001" and query["scope"] == "/authenticate"
    assert query["response_type"] == "code" and len(query["state"]) >= 32
    callback = "http://testserver" + reverse("selfservice:orcid-callback")
    assert query["redirect_uri"] == callback
    response = come_back(client, code="Q70Y3A", state=query["state"])
    assert response.status_code == 302
    assert response["Location"] == reverse("selfservice:home")
    assert client.session["_auth_user_id"] == str(user.pk)
    (request, _), *_ = orcid_server.log
    sent = parse_qs(request.get_data(as_text=True))
    assert sent["code"] == ["Q70Y3A"] and sent["client_secret"] == ["test-secret"]
    assert sent["grant_type"] == ["authorization_code"] and sent["redirect_uri"] == [callback]
    assert request.headers["Accept"] == "application/json"
    # Signed in with ORCID, the pages stay open on the next request.
    assert client.get(reverse("selfservice:account")).status_code == 200


def test_a_stranger_s_orcid_id_signs_nobody_in_and_creates_no_account(client, orcid_server, ada):
    orcid_server.expect_oneshot_request("/oauth/token", method="POST").respond_with_json(
        token_answer(orcid="0000-0001-5109-3700", name="Someone Else")
    )
    _, query = start(client)
    users = get_user_model().objects.count()
    response = come_back(client, code="abc", state=query["state"])
    assert response.status_code == 403
    assert "No account here belongs to the ORCID iD 0000-0001-5109-3700" in response.text
    assert "_auth_user_id" not in client.session
    assert get_user_model().objects.count() == users


def test_a_tampered_or_missing_state_is_refused_before_asking_orcid(client, orcid_server, ada):
    start(client)
    response = come_back(client, code="abc", state="forged")
    assert response.status_code == 400 and "did not start here" in response.text
    assert come_back(client, code="abc").status_code == 400  # the state is used up
    assert orcid_server.log == [] and "_auth_user_id" not in client.session


def test_a_state_works_once(client, orcid_server, ada):
    orcid_server.expect_oneshot_request("/oauth/token", method="POST").respond_with_json(
        token_answer()
    )
    _, query = start(client)
    assert come_back(client, code="abc", state=query["state"]).status_code == 302
    client.logout()
    assert come_back(client, code="abc", state=query["state"]).status_code == 400
    assert len(orcid_server.log) == 1


def test_a_token_refused_by_orcid_signs_nobody_in(client, orcid_server, ada):
    refusal = {"error": "invalid_grant", "error_description": "Reused authorization code: abc"}
    orcid_server.expect_oneshot_request("/oauth/token", method="POST").respond_with_json(
        refusal, status=400
    )
    _, query = start(client)
    response = come_back(client, code="abc", state=query["state"])
    assert response.status_code == 400 and "ORCID refused the sign-in" in response.text
    assert "_auth_user_id" not in client.session


def test_an_answer_without_a_valid_orcid_id_signs_nobody_in(client, orcid_server, ada):
    orcid_server.expect_oneshot_request("/oauth/token", method="POST").respond_with_response(
        Response("<html>maintenance</html>", status=200, content_type="text/html")
    )
    _, query = start(client)
    assert come_back(client, code="abc", state=query["state"]).status_code == 400
    orcid_server.expect_oneshot_request("/oauth/token", method="POST").respond_with_json(
        token_answer(orcid="0000-0002-1825-0098")  # a wrong check digit
    )
    _, query = start(client)
    assert come_back(client, code="abc", state=query["state"]).status_code == 400
    assert "_auth_user_id" not in client.session


def test_the_visitor_declining_at_orcid_gets_a_message(client, orcid_server, ada):
    _, query = start(client)
    response = come_back(
        client, error="access_denied", error_description="User denied access", state=query["state"]
    )
    assert response.status_code == 400 and "ORCID did not confirm the sign-in" in response.text
    assert orcid_server.log == []


def test_failures_are_throttled_like_passwords(client, orcid_server, ada, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        start(client)
        assert (
            come_back(client, code="abc", state="forged", REMOTE_ADDR="10.9.9.9").status_code == 400
        )
    start(client)
    assert come_back(client, code="abc", state="forged").status_code == 429
    # Locked: even a genuine return from ORCID is refused, without asking ORCID.
    _, query = start(client)
    assert come_back(client, code="abc", state=query["state"]).status_code == 429
    assert orcid_server.log == [] and "_auth_user_id" not in client.session


def test_next_is_kept_when_it_is_on_this_site(client, orcid_server, ada):
    for target, expected in [
        (reverse("selfservice:account"), reverse("selfservice:account")),
        ("https://evil.example/", None),
    ]:
        orcid_server.expect_oneshot_request("/oauth/token", method="POST").respond_with_json(
            token_answer()
        )
        _, query = start(client, next=target)
        response = come_back(client, code="abc", state=query["state"])
        assert response["Location"] == (expected or reverse("selfservice:home"))
        client.logout()


def test_the_button_and_the_refusal_speak_french(client, orcid_server, ada):
    with translation.override("fr"):
        login_url = reverse("selfservice:login")
        start_url = reverse("selfservice:orcid-start")
        callback_url = reverse("selfservice:orcid-callback")
    assert "Se connecter avec ORCID" in client.get(login_url).text
    orcid_server.expect_oneshot_request("/oauth/token", method="POST").respond_with_json(
        token_answer(orcid="0000-0001-5109-3700")
    )
    state = parse_qs(urlsplit(client.get(start_url)["Location"]).query)["state"][0]
    response = client.get(callback_url, {"code": "abc", "state": state})
    assert "Aucun compte de ce site n’appartient à l’identifiant ORCID" in response.text
