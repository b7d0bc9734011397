"""The Cite control in a real Chromium: the reference shows and the downloads work."""

import os
import shutil

import pytest
from django.db import connections

from tests.support.citation_helpers import accented_publication, bibtex_names, byline, parse_bibtex

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM and not os.environ.get("REQUIRE_BROWSER"),
        reason="Chromium is not installed (CI sets REQUIRE_BROWSER=1)",
    ),
]


@pytest.fixture
def browser_page(live_server, monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; the test's own ORM calls are still sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page(accept_downloads=True)
        yield page
        browser.close()
        # Connections opened while Playwright's loop ran live in its context: close them
        # here, or PostgreSQL refuses to drop the test database.
        connections.close_all()


def test_a_reader_downloads_the_bibtex_of_a_publication_with_the_keyboard(
    browser_page, live_server, tmp_path
):
    publication = accented_publication()
    browser_page.goto(live_server.url + publication.get_absolute_url())
    cite = browser_page.get_by_role("region", name="Cite")
    assert "Veličković, P., Trzciński, T., & Oswald, J. von." in cite.inner_text()
    link = cite.get_by_role("link", name="BibTeX")
    link.focus()
    with browser_page.expect_download() as download_info:
        browser_page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename == "velickovic2025mesanet.bib"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    [entry] = parse_bibtex(target.read_text()).entries
    assert bibtex_names(entry) == byline(publication)
    assert entry["title"] == publication.title
    # The JSON-LD is data for machines, not text on the page.
    assert "ScholarlyArticle" not in browser_page.inner_text("body")
