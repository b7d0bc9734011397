"""axe in a real Chromium on the admin pages editors work in: a changelist and a change
form, the jobs and the harvest review queue, in English and in French."""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connections

from jobs.models import Job
from publications.harvest.models import HarvestRun, Suggestion
from tests.factories import make_person, make_publication, make_topic
from tests.pages.test_browser import LAUNCH_ARGS, WCAG_AA

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "people": "/admin/profiles/person/",
    "person": "/admin/profiles/person/{person}/change/",
    "publications": "/admin/publications/publication/",
    "publication": "/admin/publications/publication/{publication}/change/",
    # A job runs: its pages refresh themselves unless the editor stops them, as here.
    "jobs": "/admin/jobs/job/?refresh=off",
    "job": "/admin/jobs/job/{running}/change/?refresh=off",
    "failed job": "/admin/jobs/job/{job}/change/",
    "harvest-form": "/admin/harvest/suggestion/harvest/",
    "suggestions": "/admin/harvest/suggestion/",
    "suggestion": "/admin/harvest/suggestion/{suggestion}/change/",
    "overview": "/admin/harvest/suggestion/overview/",
}


@pytest.fixture
def browser(settings):
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
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()
        connections.close_all()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def urls():
    """Each page's address, on data that fills its lists, filters, inlines and fields."""
    ada = make_person("Ada Lovelace", has_profile=True, orcid="0000-0002-1825-0097")
    ada.topics.add(make_topic("Computing"))
    ada.name_variants.create(name="A. A. Lovelace")
    publication = make_publication(
        "Notes on the Analytical Engine", authors=[ada, make_person("Charles Babbage")], year=1843
    )
    Job.objects.create(
        title="Harvest for Ada Lovelace", handler="x", status="done", done=3, total=3
    )
    job = Job.objects.create(
        title="Import of notes.bib", handler="x", status="failed", done=1, total=3, error="it broke"
    )
    HarvestRun.objects.create(person=ada, source="orcid", found=2)
    suggestion = Suggestion.objects.create(
        person=ada, source="orcid", title="Sketch of the engine", record={}, authors="A. Lovelace"
    )
    Suggestion.objects.create(
        person=ada, source="crossref", title="Another sketch", record={}, status="rejected"
    )
    running = Job.objects.create(
        title="Import of more.bib", handler="x", status="running", done=1, total=4
    )
    ids = {"person": ada.pk, "publication": publication.pk, "job": job.pk, "running": running.pk}
    return {name: url.format(**ids, suggestion=suggestion.pk) for name, url in PAGES.items()}


def signed_in(browser, live_server, django_user_model, locale):
    django_user_model.objects.create_superuser("editor", "e@example.org", "a-long-password")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    page = context.new_page()
    page.violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text
            and page.violations.append(f"{page.url}: {message.text[:120]}")
        ),
    )
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-password")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR"])
def test_axe_finds_no_wcag_aa_violations_in_the_admin(
    browser, live_server, django_user_model, urls, locale
):
    page = signed_in(browser, live_server, django_user_model, locale)
    axe, problems, blocked = Axe(), [], []
    for name, url in {"index": "/admin/", **urls}.items():
        page.goto(live_server.url + url)
        assert page.locator("html").get_attribute("lang") == locale[:2], name
        # What the page's own styles and scripts met with the CSP, not what axe's own
        # probes (inline styles of its own, on some pages) meet afterwards.
        blocked += page.violations
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
        page.violations.clear()
        checked = {rule["id"] for rule in results.response["passes"]}
        assert "color-contrast" in checked | {r["id"] for r in results.response["incomplete"]}
        problems += [
            f"{name}: {violation['id']} ({len(violation['nodes'])}): {violation['help']}: "
            + "; ".join(node["target"][0] for node in violation["nodes"][:3])
            for violation in results.response["violations"]
        ]
    assert problems == [], "\n".join(problems)
    # The admin's own styles and scripts and ours load and run under the policy.
    assert blocked == []
    page.context.close()


def test_a_page_that_refreshes_itself_says_so_and_can_be_stopped(
    browser, live_server, django_user_model
):
    running = Job.objects.create(title="Import of a.bib", handler="x", status="running", total=2)
    page = signed_in(browser, live_server, django_user_model, "en-GB")
    page.goto(f"{live_server.url}/admin/jobs/job/{running.pk}/change/")
    assert page.locator('meta[http-equiv="refresh"]').count() == 1
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    # axe cannot know that the refresh can be turned off: its only finding, answered by
    # the link that comes first in the content.
    assert [violation["id"] for violation in results.response["violations"]] == ["meta-refresh"]
    page.get_by_role("link", name="Stop refreshing").click()
    page.wait_for_url("**/change/?refresh=off")
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    assert page.get_by_text("Refreshing is stopped.").is_visible()
    page.get_by_role("link", name="Refresh again").click()
    page.wait_for_url(f"**/admin/jobs/job/{running.pk}/change/?")
    assert page.locator('meta[http-equiv="refresh"]').count() == 1
    page.context.close()
