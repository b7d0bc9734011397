"""The review queue in a real Chromium: an editor harvests a person's works from the
local stand-in for ORCID and Crossref, watches the job, confirms two and rejects one."""

import pytest
from django.conf import settings as django_settings

from jobs.models import Job
from profiles.models import Person
from publications.harvest.models import Suggestion
from tests.admin.test_admin_browser import page  # noqa: F401  (the browser fixture harvest_page uses)
from tests.factories import make_person
from tests.support.harvest_server import ORCID, serve_orcid, source_settings
from tests.support.job_helpers import DATABASE_QUEUE, run_worker

ARTIFACTS = django_settings.BASE_DIR / "test-artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def harvest_page(page, settings, httpserver):  # noqa: F811
    """test_admin_browser's page, with jobs queued for the worker, as in production, and
    the sources answered by the local server."""
    settings.TASKS = DATABASE_QUEUE
    for name, value in source_settings(httpserver).items():
        setattr(settings, name, value)
    serve_orcid(httpserver)
    page.set_viewport_size({"width": 1280, "height": 900})
    ARTIFACTS.mkdir(exist_ok=True)
    return page


def shot(tab, name):
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def start_harvest_and_watch(tab, url, person, name):
    tab.goto(f"{url}/admin/harvest/suggestion/harvest/")
    tab.get_by_label("Person").select_option(label=person.full_name)
    for source in ("OpenAlex", "Crossref", "arXiv", "DBLP"):
        tab.get_by_label(source, exact=True).uncheck()
    tab.get_by_role("button", name="Start the harvest").click()
    tab.wait_for_url("**/admin/jobs/job/*/change/")
    assert tab.locator(".field-status").inner_text().endswith("Waiting")
    assert tab.locator('meta[http-equiv="refresh"]').count() == 1
    assert tab.locator("progress").get_attribute("value") == "0"
    shot(tab, f"{name}-waiting")
    run_worker()
    # The tab refreshes itself until the job is done.
    tab.locator(".field-status", has_text="Done").wait_for(timeout=15000)
    assert tab.locator("progress").get_attribute("value") == "100"
    assert tab.locator('meta[http-equiv="refresh"]').count() == 0
    shot(tab, f"{name}-done")
    return tab.locator(".job-report").inner_text()


def decide(tab, url, titles, action):
    tab.goto(f"{url}/admin/harvest/suggestion/?status__exact=pending")
    for title in titles:
        tab.locator("tr", has_text=title).locator("input.action-select").check()
    tab.locator("select[name=action]").select_option(action)
    tab.get_by_role("button", name="Go").click()
    tab.wait_for_load_state()


def test_an_editor_harvests_reviews_and_a_second_harvest_suggests_nothing_new(
    harvest_page, live_server, django_user_model
):
    tab, url = harvest_page, live_server.url
    josiah = make_person("Josiah Carberry", has_profile=True)
    django_user_model.objects.create_superuser("editor", "e@example.org", "a-long-password")
    tab.goto(f"{url}/admin/login/")
    tab.fill("#id_username", "editor")
    tab.fill("#id_password", "a-long-password")
    tab.click("input[type=submit]")
    tab.wait_for_url(f"{url}/admin/")

    tab.goto(f"{url}/admin/profiles/person/{josiah.pk}/change/")
    tab.get_by_label("ORCID iD").fill(ORCID)
    tab.locator("input[name=_save]").click()
    tab.wait_for_url(f"{url}/admin/profiles/person/")
    assert Person.objects.get(pk=josiah.pk).orcid == ORCID

    report = start_harvest_and_watch(tab, url, josiah, "harvest-first")
    assert "ORCID for Josiah Carberry: 3 works found, 3 new suggestions" in report

    tab.goto(f"{url}/admin/harvest/suggestion/")
    assert tab.locator("#result_list tbody tr").count() == 3
    shot(tab, "harvest-suggestions")
    kept = ["Toward a Unified Theory", "The Psychoceramics of Cracked Pots"]
    decide(tab, url, kept, "confirm_selected")
    assert tab.get_by_text("2 suggestions confirmed").is_visible()
    decide(tab, url, ["Cracks in the Theory of Everything"], "reject_selected")
    assert tab.get_by_text("1 suggestion rejected").is_visible()
    shot(tab, "harvest-decided")

    tab.goto(f"{url}{josiah.get_absolute_url()}")
    body = tab.locator("main").inner_text()
    assert all(title in body for title in kept)
    assert "Cracks in the Theory of Everything" not in body
    shot(tab, "harvest-profile")

    report = start_harvest_and_watch(tab, url, josiah, "harvest-second")
    assert "3 works found, 0 new suggestions, 3 already on the profile or decided" in report
    assert Suggestion.objects.count() == 3
    assert Job.objects.filter(status="done").count() == 2

    tab.goto(f"{url}/admin/harvest/suggestion/overview/")
    row = tab.locator("#harvest-overview tbody tr").first.inner_text()
    assert row.split("\t")[:6] == ["Josiah Carberry", "ORCID", "3", "2", "1", "0"]
    shot(tab, "harvest-overview")
    assert tab.violations == []  # nothing blocked by the content security policy
