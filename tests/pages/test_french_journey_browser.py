"""A French visitor's whole journey in Chromium: from an old address to the directory's
filters, a profile, a publication, a topic, a search, a download, and over to English
and back. Screenshots of each step at phone and desktop widths go to var/screenshots/.
"""

import datetime
import re

import pytest
from django.db import connection
from playwright.sync_api import expect

from tests.pages.test_browser import SCREENSHOTS, browser, data  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def journey_data(data):  # noqa: F811
    # Written in English and dated to the day: the French pages must say so.
    data["new"].language = "en"
    data["new"].date = datetime.date(2024, 3, 5)
    data["new"].save()
    return data


@pytest.mark.parametrize("width", [390, 1280])
def test_a_french_visitor_filters_reads_searches_downloads_and_switches_language(
    browser,  # noqa: F811
    live_server,
    journey_data,
    width,
):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="fr-CA", accept_downloads=True
    )
    page = context.new_page()
    step = iter(range(1, 100))

    def shot(name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"fr-journey-{width}-{next(step):02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)

    def in_french():
        expect(page.locator("html")).to_have_attribute("lang", "fr")

    # The site's root, without a language, sends Accept-Language's French visitor to /fr/.
    page.goto(live_server.url + "/")
    page.wait_for_url(live_server.url + "/fr/")
    in_french()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personnes")
    expect(page.locator(".result-count")).to_have_text("2 personnes")
    shot("directory")

    # The facets' legends and choices are French; one box ticked from the keyboard.
    membership = page.locator("fieldset.facet-membership")
    expect(membership.locator("legend")).to_have_text("Statut")
    core = membership.get_by_label("Membre académique principal (1)")
    expect(membership.get_by_label("Stagiaire postdoctoral (1)")).to_be_visible()
    core.focus()
    page.keyboard.press("Space")
    expect(core).to_be_checked()
    topic = page.locator("fieldset.facet-topic")
    expect(topic.locator("legend")).to_have_text("Thème")
    topic.get_by_label("Machine Learning (2)").check()
    page.get_by_role("button", name="Rechercher").press("Enter")
    page.wait_for_url(re.compile(r"/fr/\?.*membership=core.*&topic=machine-learning"))
    in_french()
    expect(page.locator(".person-card .card-title")).to_have_text(["Ada Lovelace"])
    expect(page.locator(".result-count")).to_have_text("1 personne trouvée")
    expect(page.get_by_label("Membre académique principal (1)")).to_be_checked()
    expect(page.locator(".active-filters")).to_contain_text("Effacer tous les filtres")
    shot("directory-filtered")

    # The profile: French headings and membership, the English work marked as English.
    page.locator(".person-card").get_by_role("link", name="Ada Lovelace").click()
    page.wait_for_url("**/fr/people/ada-lovelace/")
    in_french()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Lovelace")
    for heading in ("Publications", "Thèmes de recherche", "Co-auteurs"):
        expect(page.get_by_role("heading", level=2, name=heading, exact=True)).to_be_visible()
    expect(page.locator(".profile-identity .membership")).to_have_text(re.compile(r"^Membre"))
    english_title = page.locator('.publication-title[lang="en"]')
    expect(english_title).to_have_text(["Compilers for everyone"])
    abstract = page.locator("details.abstract").filter(has_text="Compilers for everyone")
    expect(abstract.locator("summary")).to_contain_text("Résumé")
    expect(abstract.locator('.prose[lang="en"]')).to_contain_text("friends stay text")
    shot("profile")

    # The publication: a French date, a French heading over the English abstract.
    english_title.get_by_role("link").click()
    page.wait_for_url("**/fr/publications/*/compilers-for-everyone/")
    in_french()
    expect(page.locator('h1[lang="en"]')).to_have_text("Compilers for everyone")
    published = page.locator(".facts time")
    expect(published).to_have_text("5 mars 2024")
    expect(published).to_have_attribute("datetime", "2024-03-05")
    expect(page.get_by_role("heading", level=2, name="Résumé")).to_be_visible()
    expect(page.locator('.abstract-full[lang="en"]')).to_contain_text("friends stay text")
    shot("publication")

    # A topic, reached from the publication's chip.
    page.locator(".chips").get_by_role("link", name="Machine Learning").click()
    page.wait_for_url("**/fr/topics/machine-learning/")
    in_french()
    expect(page.get_by_role("heading", level=1)).to_have_text("Machine Learning")
    expect(page.get_by_role("heading", level=2, name="Personnes")).to_be_visible()
    shot("topic")

    # A search of the publications, typed and submitted from the keyboard.
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Publications"
    ).click()
    page.wait_for_url("**/fr/publications/")
    search = page.get_by_label("Rechercher dans les titres, les résumés et les auteurs")
    search.fill("compilers")
    search.press("Enter")
    page.wait_for_url("**/fr/publications/?q=compilers*")
    searched = page.url
    in_french()
    expect(page.locator(".publication-title")).to_have_text(["Compilers for everyone"])
    expect(page.locator(".result-count")).to_have_text("1 publication trouvée")
    if connection.vendor == "postgresql":  # SQLite's search finds, but marks nothing
        expect(page.locator(".publication-title mark")).to_have_text(["Compilers"])
    shot("search")

    # The list's BibTeX download holds the found entry, and only it.
    with page.expect_download() as download_info:
        page.locator(".exports").get_by_role("link", name="BibTeX").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".bib")
    bibtex = download.path().read_text(encoding="utf-8")
    assert bibtex.count("@") == 1
    assert "Compilers for everyone" in bibtex
    assert "Hopper, Grace and Lovelace, Ada and Babbage, Charles" in bibtex

    # Over to English on the same page with the same query, then back to French.
    page.get_by_role("navigation", name="Langue").get_by_role("link", name="English").click()
    page.wait_for_url(searched.replace("/fr/", "/en/", 1))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("Search titles, abstracts and authors")).to_have_value("compilers")
    expect(page.locator(".result-count")).to_have_text("1 publication found")
    expect(page.get_by_role("button", name="Apply")).to_be_visible()
    shot("search-english")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
    page.wait_for_url(searched)
    in_french()
    expect(page.locator(".result-count")).to_have_text("1 publication trouvée")
    shot("search-french-again")
    context.close()
