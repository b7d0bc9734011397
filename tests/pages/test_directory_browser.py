"""Filtering the directory with the keyboard alone, without JavaScript, in Chromium."""

import pytest

from tests.pages.test_browser import browser, new_page, shot  # noqa: F401 (a fixture)
from tests.support.pages_data import small_institute

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press_tab_until(page, accessible_name, limit=60):
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "document.activeElement.innerText || document.activeElement.value || ''"
        )
        if focused.strip() == accessible_name:
            return
    raise AssertionError(f"Tab never reached {accessible_name!r}")


def test_a_keyboard_user_picks_a_facet_submits_and_drops_the_filter(browser, live_server):  # noqa: F811
    small_institute()
    page = new_page(browser, javascript=False)
    page.goto(live_server.url + "/")
    postdoc = page.get_by_label("Postdoctoral Researcher (1)")
    postdoc.focus()
    page.keyboard.press("Space")
    assert postdoc.is_checked()
    press_tab_until(page, "Search")
    page.keyboard.press("Enter")
    page.wait_for_url("**membership=postdoc*")
    cards = page.locator(".person-card .card-title")
    assert cards.all_inner_texts() == ["Grace Hopper"]
    assert page.get_by_label("Postdoctoral Researcher (1)").is_checked()
    shot(page, "directory-faceted")

    drop = page.locator(".active-filters").get_by_role("link", name="Membership: Postdoctoral")
    drop.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "membership" not in url)
    assert cards.count() == 2
    page.context.close()
