"""The pages in a real browser: Debian's Chromium driven by Playwright against a live server.

Screenshots go to test-artifacts/. Without Chromium these tests skip, unless REQUIRE_BROWSER=1
(CI sets it) makes a missing browser a failure.
"""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import make_publication
from tests.support.pages_data import small_institute

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
ARTIFACTS = settings.BASE_DIR / "test-artifacts"
SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# WCAG 2.2 AA rules, plus axe best practices such as heading order and landmarks.
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM refuses to run
    # beside one unless told that this thread does not use it asynchronously.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def data():
    data = small_institute()
    for n in range(30):
        make_publication(f"Study number {n:02d}", authors=[data["ada"]], year=2000 + n % 5)
    return data


def new_page(browser, *, width=1280, scheme="light", javascript=True):
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        color_scheme=scheme,
        java_script_enabled=javascript,
    )
    return context.new_page()


def shot(page, name):
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_a_visitor_searches_reads_a_profile_and_follows_links(browser, live_server, data):
    page = new_page(browser)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(live_server.url + reverse("profiles:directory"))
    shot(page, "directory")
    page.get_by_label("Search by name or topic").fill("Lovelace")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/?q=Lovelace*")
    cards = page.locator(".person-card")
    assert cards.count() == 1
    shot(page, "directory-search")

    cards.get_by_role("link", name="Ada Lovelace").click()
    page.wait_for_url(f"**{data['ada'].get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == "Ada Lovelace"
    details = page.locator("details.abstract").first
    abstract = details.locator(".prose")
    assert not abstract.is_visible()
    details.locator("summary").click()
    assert details.get_attribute("open") is not None
    assert abstract.is_visible()
    assert "<script>alert('x')</script>" in abstract.inner_text()
    assert dialogs == []  # the abstract's script is text, never run
    shot(page, "profile")

    page.locator(".coauthors").get_by_role("link", name="Grace Hopper").click()
    page.wait_for_url(f"**{data['grace'].get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == "Grace Hopper"
    shot(page, "profile-coauthor")

    page.locator(".chips").get_by_role("link", name="Machine Learning").click()
    page.wait_for_url(f"**{data['learning'].get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == "Machine Learning"
    shot(page, "topic")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Publications").click()
    page.wait_for_url("**/publications/")
    assert page.locator(".publication-item").count() == 25
    assert page.get_by_text("Page 1 of 2").is_visible()
    page.get_by_role("link", name="Next page").click()
    page.wait_for_url("**/publications/?page=2")
    assert page.locator(".publication-item").count() == 8
    shot(page, "publications-page-2")
    page.get_by_role("link", name="Previous page").click()
    page.wait_for_url("**/publications/?page=1")

    page.get_by_role("link", name="Compilers for everyone").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Compilers for everyone"
    shot(page, "publication")
    page.context.close()


def test_filters_work_without_javascript(browser, live_server, data):
    page = new_page(browser, javascript=False)
    page.goto(live_server.url + reverse("publications:list"))
    page.get_by_label("Author", exact=True).fill("Grace Hopper")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**author=Grace+Hopper*")
    assert page.locator(".publication-title").all_inner_texts() == ["Compilers for everyone"]
    page.get_by_label("Search titles, abstracts and authors").fill("no such words")
    page.get_by_label("Search titles, abstracts and authors").press("Enter")
    page.wait_for_url("**q=no+such+words*")
    assert page.get_by_role("heading", name="No publications match").is_visible()
    page.locator(".empty").get_by_role("link", name="clear the filters").click()
    page.wait_for_url("**/publications/")
    assert page.locator(".publication-item").count() == 25
    page.context.close()


def page_urls(live_server, data):
    return {
        "directory": reverse("profiles:directory"),
        "profile": data["ada"].get_absolute_url(),
        "profile-year": reverse("publications:person-year", args=[data["ada"].slug, 2001]),
        "publications": reverse("publications:list"),
        "publication": data["new"].get_absolute_url(),
        "topics": reverse("profiles:topic-list"),
        "topic": data["learning"].get_absolute_url(),
        "network": reverse("publications:network"),
        "not-found": "/no/such/page/",
    }


@pytest.mark.parametrize("width", [360, 1280])
def test_pages_fit_phone_and_desktop_widths_without_horizontal_scroll(
    browser, live_server, data, width
):
    for scheme in ("light", "dark"):
        page = new_page(browser, width=width, scheme=scheme)
        for name, url in page_urls(live_server, data).items():
            page.goto(live_server.url + url)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{name} at {width}px scrolls sideways by {overflow}px"
            shot(page, f"{name}-{width}-{scheme}")
        page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_wcag_aa_violations(browser, live_server, data, scheme):
    axe = Axe()
    page = new_page(browser, scheme=scheme)
    problems = []
    for name, url in page_urls(live_server, data).items():
        page.goto(live_server.url + url)
        for details in page.locator("details").all()[:3]:
            details.locator("summary").click()
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
        checked = {rule["id"] for rule in results.response["passes"]}
        assert {"color-contrast", "document-title", "html-has-lang"} <= checked | {
            rule["id"] for rule in results.response["incomplete"]
        }, name
        problems += [
            f"{name}: {violation['id']} ({len(violation['nodes'])}): {violation['help']}"
            for violation in results.response["violations"]
        ]
    assert problems == []
    page.context.close()


def test_keyboard_reaches_the_skip_link_first_and_opens_an_abstract(browser, live_server, data):
    page = new_page(browser)
    page.goto(live_server.url + data["ada"].get_absolute_url())
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    assert skip.text_content() == "Skip to content"
    assert skip.bounding_box()["y"] >= 0  # shown on screen while focused
    assert skip.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    shot(page, "keyboard-skip-link")
    page.keyboard.press("Enter")
    # The fragment navigation reaches Playwright as an event after the key press
    # returns, so page.url read at once may still be the old address: wait for it.
    page.wait_for_url("**#main")
    summary = page.locator("details.abstract summary").first
    summary.focus()
    assert summary.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    expect(page.locator("details.abstract").first).to_have_js_property("open", True)
    page.context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_a_profile_shows_its_publications_before_its_co_authors(browser, live_server, data, width):
    page = new_page(browser, width=width)
    page.goto(live_server.url + data["ada"].get_absolute_url())
    # First in the page for screen readers and keyboards, at every width.
    order = page.evaluate(
        "[...document.querySelectorAll('.profile-body > *')].map(e => e.className)"
    )
    assert order == ["profile-publications", "profile-side"]
    publications = page.locator(".profile-publications").bounding_box()
    coauthors = page.locator("#coauthors-heading").bounding_box()
    if width < 600:
        assert publications["y"] + publications["height"] <= coauthors["y"]
    else:
        # Beside it on a wide screen: the side column starts level with the list.
        side = page.locator(".profile-side").bounding_box()
        assert publications["x"] + publications["width"] <= side["x"]
        assert abs(side["y"] - publications["y"]) < 5
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"profile-order-{width}.png"), full_page=True)
    page.context.close()


def test_a_french_visitor_lands_in_french_and_switches_language_without_javascript(
    browser, live_server, data
):
    context = browser.new_context(
        viewport={"width": 360, "height": 800}, locale="fr-CA", java_script_enabled=False
    )
    page = context.new_page()
    page.goto(live_server.url + "/publications/?q=engine&year=2019")  # an old address
    assert page.url == live_server.url + "/fr/publications/?q=engine&year=2019"
    assert page.locator("html").get_attribute("lang") == "fr"
    switcher = page.get_by_role("navigation", name="Langue")
    assert switcher.locator('[aria-current="true"]').get_attribute("hreflang") == "fr"
    shot(page, "publications-fr-360")

    switcher.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/publications/?q=engine&year=2019")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
    page.wait_for_url("**/fr/publications/?q=engine&year=2019")
    page.get_by_role("link", name="Ada Lovelace").first.click()
    assert page.url.startswith(live_server.url + "/fr/people/")
    assert page.locator("html").get_attribute("lang") == "fr"
    context.close()


def test_axe_finds_no_wcag_aa_violations_on_french_pages(browser, live_server, data):
    page = new_page(browser)
    problems = []
    for name, url in page_urls(live_server, data).items():
        page.goto(live_server.url + "/fr/" + url.removeprefix("/en/"))
        assert page.locator("html").get_attribute("lang") == "fr", name
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
        problems += [
            f"{name}: {violation['id']}: {violation['help']}"
            for violation in results.response["violations"]
        ]
    assert problems == []
    page.context.close()
