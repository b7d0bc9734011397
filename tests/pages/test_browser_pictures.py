"""The pictures in a real browser: screenshots of each at phone and desktop width, in
light and dark mode (var/screenshots/, not committed), and their links by keyboard."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.pages.test_browser import browser, new_page  # noqa: F401 (a fixture)
from tests.support.pictures_data import busy_institute

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
WIDTHS = {"phone": 390, "desktop": 1280}


@pytest.fixture
def busy():
    return busy_institute()


def picture_urls(busy):
    return {
        "profile": busy["people"][12].get_absolute_url(),
        "topic": busy["topic"].get_absolute_url(),
        "network": reverse("publications:network"),
    }


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_each_picture_is_shown_and_photographed(browser, live_server, busy, width, scheme):  # noqa: F811
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page(browser, width=WIDTHS[width], scheme=scheme)
    # Emulated as the brief asks, through the DevTools protocol, beside the context's scheme.
    session = page.context.new_cdp_session(page)
    session.send(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
    )
    for name, url in picture_urls(busy).items():
        page.goto(live_server.url + url)
        pictures = page.locator("svg.picture")
        assert pictures.count() >= 1, name
        for index in range(pictures.count()):
            picture = pictures.nth(index)
            box = picture.bounding_box()
            assert box["width"] > 200 and box["height"] > 80, (name, index, box)
            picture.scroll_into_view_if_needed()
            picture.screenshot(path=str(SCREENSHOTS / f"{name}-{index}-{width}-{scheme}.png"))
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} at {width} scrolls sideways by {overflow}px"
        page.screenshot(path=str(SCREENSHOTS / f"{name}-page-{width}-{scheme}.png"), full_page=True)
    page.context.close()


# What the bars are painted in, from pictures.css: the scheme changes it.
BAR_FILL = {"light": "rgb(11, 92, 173)", "dark": "rgb(140, 193, 255)"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_colours_follow_the_scheme_and_the_links_take_the_keyboard(
    browser,  # noqa: F811
    live_server,
    busy,
    scheme,
):
    page = new_page(browser, scheme=scheme)
    page.goto(live_server.url + picture_urls(busy)["network"])
    fill = page.locator("svg.picture .member-group-core").first.evaluate(
        "m => getComputedStyle(m).fill"
    )
    assert fill == BAR_FILL[scheme]  # core members share the bars' blue
    page.goto(live_server.url + picture_urls(busy)["topic"])
    bar = page.locator("svg.picture-columns .picture-bar").first
    assert bar.evaluate("b => getComputedStyle(b).fill") == BAR_FILL[scheme]
    # Tab until the focus is inside the bar list: its links are reachable by keyboard.
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => document.activeElement.closest('svg') ? "
            "document.activeElement.getAttribute('href') : null"
        )
        if focused:
            break
    assert focused in {person.get_absolute_url() for person in busy["people"]}
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{focused}")
    assert page.get_by_role("heading", level=1).is_visible()
    page.context.close()
