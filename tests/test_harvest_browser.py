"""The review queue in a real Chromium: an editor harvests a person's works from the
local stand-in for ORCID and Crossref, watches the job, confirms two and rejects one."""

import os
import shutil

import pytest
from django.conf import settings as django_settings
from django.db import connections
from django_tasks_db.management.commands.db_worker import Worker

from jobs.models import Job
from profiles.models import Person
from publications.harvest.models import Suggestion
from tests.conftest import make_person
from tests.harvest_server import ORCID, serve_orcid, source_settings

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
ARTIFACTS = django_settings.BASE_DIR / "test-artifacts"
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(live_server, settings, httpserver):
    if not CHROMIUM:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("REQUIRE_BROWSER is set but no Chromium was found")
        pytest.skip("no Chromium installed")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False  # plain HTTP here
    settings.TASKS = DATABASE_QUEUE  # jobs wait for the worker, as in production
    for name, value in source_settings(httpserver).items():
        setattr(settings, name, value)
    serve_orcid(httpserver)
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        yield page
        browser.close()
        connections.close_all()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def shot(page, name):
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def run_worker():
    """What `manage.py db_worker` does, until the queue is empty."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="browser-test",
        excluded_queue_names=[],
    ).run()


def start_harvest_and_watch(page, url, person, name):
    page.goto(f"{url}/admin/harvest/suggestion/harvest/")
    page.get_by_label("Person").select_option(label=person.full_name)
    for source in ("OpenAlex", "Crossref", "arXiv", "DBLP"):
        page.get_by_label(source, exact=True).uncheck()
    page.get_by_role("button", name="Start the harvest").click()
    page.wait_for_url("**/admin/jobs/job/*/change/")
    assert page.locator(".field-status").inner_text().endswith("Waiting")
    assert page.locator('meta[http-equiv="refresh"]').count() == 1
    assert page.locator("progress").get_attribute("value") == "0"
    shot(page, f"{name}-waiting")
    run_worker()
    # The page refreshes itself until the job is done.
    page.locator(".field-status", has_text="Done").wait_for(timeout=15000)
    assert page.locator("progress").get_attribute("value") == "100"
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    shot(page, f"{name}-done")
    return page.locator(".job-report").inner_text()


def decide(page, url, titles, action):
    page.goto(f"{url}/admin/harvest/suggestion/?status__exact=pending")
    for title in titles:
        page.locator("tr", has_text=title).locator("input.action-select").check()
    page.locator("select[name=action]").select_option(action)
    page.get_by_role("button", name="Go").click()
    page.wait_for_load_state()


def test_an_editor_harvests_reviews_and_a_second_harvest_suggests_nothing_new(
    page, live_server, django_user_model
):
    url = live_server.url
    josiah = make_person("Josiah Carberry", has_profile=True)
    django_user_model.objects.create_superuser("editor", "e@example.org", "a-long-password")
    page.goto(f"{url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-password")
    page.click("input[type=submit]")
    page.wait_for_url(f"{url}/admin/")

    page.goto(f"{url}/admin/profiles/person/{josiah.pk}/change/")
    page.get_by_label("ORCID iD").fill(ORCID)
    page.locator("input[name=_save]").click()
    page.wait_for_url(f"{url}/admin/profiles/person/")
    assert Person.objects.get(pk=josiah.pk).orcid == ORCID

    report = start_harvest_and_watch(page, url, josiah, "harvest-first")
    assert "ORCID for Josiah Carberry: 3 works found, 3 new suggestions" in report

    page.goto(f"{url}/admin/harvest/suggestion/")
    assert page.locator("#result_list tbody tr").count() == 3
    shot(page, "harvest-suggestions")
    kept = ["Toward a Unified Theory", "The Psychoceramics of Cracked Pots"]
    decide(page, url, kept, "confirm_selected")
    assert page.get_by_text("2 suggestions confirmed").is_visible()
    decide(page, url, ["Cracks in the Theory of Everything"], "reject_selected")
    assert page.get_by_text("1 suggestions rejected").is_visible()
    shot(page, "harvest-decided")

    page.goto(f"{url}{josiah.get_absolute_url()}")
    body = page.locator("main").inner_text()
    assert all(title in body for title in kept)
    assert "Cracks in the Theory of Everything" not in body
    shot(page, "harvest-profile")

    report = start_harvest_and_watch(page, url, josiah, "harvest-second")
    assert "3 works found, 0 new suggestions, 3 already on the profile or decided" in report
    assert Suggestion.objects.count() == 3
    assert Job.objects.filter(status="done").count() == 2

    page.goto(f"{url}/admin/harvest/suggestion/overview/")
    row = page.locator("#harvest-overview tbody tr").first.inner_text()
    assert row.split("\t")[:6] == ["Josiah Carberry", "ORCID", "3", "2", "1", "0"]
    shot(page, "harvest-overview")
