"""Sign in with ORCID in a real Chromium, with a local server answering as ORCID does."""

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from werkzeug import Response

from profiles.selfservice.models import ProfileAccount
from tests.factories import make_person
from tests.pages import test_browser
from tests.pages.test_browser import WCAG_AA, new_page, shot
from tests.selfservice.factories import make_user
from tests.selfservice.test_orcid_sign_in import ORCID, token_answer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
browser = test_browser.browser  # the module's Chromium, shared with the page tests


def consent(request):
    """ORCID's authorize page once the researcher agreed: back with a code and the state."""
    query = parse_qs(urlsplit(request.url).query)
    back = urlencode({"code": "Q70Y3A", "state": query["state"][0]})
    return Response(status=302, headers={"Location": f"{query['redirect_uri'][0]}?{back}"})


def test_a_researcher_signs_in_with_orcid_without_javascript(
    browser, live_server, httpserver, settings
):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False  # plain HTTP here
    settings.ORCID_CLIENT_ID, settings.ORCID_CLIENT_SECRET = "APP-TESTCLIENT0001", "secret"
    settings.ORCID_URL = httpserver.url_for("/").rstrip("/")
    ada = make_person("Ada Lovelace", has_profile=True, orcid=ORCID)

    ProfileAccount.objects.create(person=ada, user=make_user("ada@example.org"))
    httpserver.expect_request("/oauth/authorize").respond_with_handler(consent)
    httpserver.expect_request("/oauth/token", method="POST").respond_with_json(token_answer())

    page = new_page(browser, javascript=False)
    page.goto(live_server.url + reverse("selfservice:login"))
    shot(page, "selfservice-orcid-sign-in")
    auditor = new_page(browser)
    auditor.goto(page.url)
    results = Axe().run(auditor, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    assert results.response["violations"] == []
    page.get_by_role("link", name="Sign in with ORCID").click()
    page.wait_for_url(live_server.url + reverse("selfservice:profile", args=[ada.slug]))
    shot(page, "selfservice-orcid-signed-in")
    assert page.get_by_role("heading", level=1).inner_text().startswith("My profile")
