"""The Django admin still works in a real Chromium under the strict CSP."""

import os
import shutil

import pytest
from django.db import connections

from profiles.models import Person
from tests.factories import make_person

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(live_server, settings):
    if not CHROMIUM:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("REQUIRE_BROWSER is set but no Chromium was found")
        pytest.skip("no Chromium installed")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by
    # the test itself are still plain synchronous ones.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False  # plain HTTP here
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.violations = []
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text and page.violations.append(message.text)
            ),
        )
        page.on("pageerror", lambda error: page.violations.append(str(error)))
        yield page
        browser.close()
        # ORM calls made inside Playwright's greenlet got their own connection; close it here.
        connections.close_all()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def _login(page, live_server, django_user_model):
    django_user_model.objects.create_superuser("editor", "e@example.org", "a-long-password")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-password")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def test_admin_scripts_run_and_nothing_is_blocked_by_the_policy(
    page, live_server, django_user_model
):
    _login(page, live_server, django_user_model)
    page.goto(f"{live_server.url}/admin/profiles/person/add/")
    # prepopulate.js fills the slug as the name is typed: the admin's scripts run.
    page.type("#id_full_name", "Ada Lovelace")
    assert page.input_value("#id_slug") == "ada-lovelace"
    page.click("input[name=_save]")
    page.wait_for_url(f"{live_server.url}/admin/profiles/person/")
    assert Person.objects.get().slug == "ada-lovelace"
    page.goto(f"{live_server.url}/admin/publications/publication/add/")
    assert page.locator("select#id_authorships-0-person + .select2").count() == 1  # autocomplete
    assert page.violations == []
    # The policy is enforced, and the check above would have seen a violation:
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.injected = 1'; document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.injected") is None
    assert any("inline script" in text for text in page.violations), page.violations


def test_merging_two_people_through_the_admin_in_a_browser(page, live_server, django_user_model):
    kept = make_person("Ada Lovelace", affiliation="Old College")
    other = make_person("A. Lovelace", affiliation="New Institute")
    _login(page, live_server, django_user_model)
    page.goto(f"{live_server.url}/admin/profiles/person/")
    page.check(f"input[name=_selected_action][value='{kept.pk}']")
    page.check(f"input[name=_selected_action][value='{other.pk}']")
    page.select_option("select[name=action]", "merge_selected")
    page.click("button[name=index]")
    assert page.locator("#merge-conflicts").inner_text().count("College") == 1
    page.check("#use-affiliation-second")
    page.click("input[type=submit][value=Merge]")
    page.wait_for_url(f"{live_server.url}/admin/profiles/person/{kept.pk}/change/")
    assert "Merged" in page.locator(".messagelist").inner_text()
    kept.refresh_from_db()
    assert kept.affiliation == "New Institute"
    assert page.violations == []
