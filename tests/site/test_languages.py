"""Languages in the address: /en/… and /fr/…, the 301 from old addresses, the switcher,
hreflang alternates, og:locale, per-language dates, the sitemap and the error pages."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation

from config.env import language_choices
from config.views import server_error
from core.observability import service_unavailable
from tests.factories import make_publication
from tests.selfservice.factories import make_researcher
from tests.support.pages_data import small_institute

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def in_language(code, name, *args):
    with translation.override(code):
        return reverse(name, args=args)


def soup_of(response):
    assert response.status_code == 200, response
    return BeautifulSoup(response.content, "html.parser")


def test_languages_come_from_codes_named_by_django():
    assert language_choices(["en", "fr"]) == [("en", "English"), ("fr", "français")]
    assert dict(settings.LANGUAGES).keys() == {"en", "fr"}
    with pytest.raises(ImproperlyConfigured, match="klingon"):
        language_choices(["en", "klingon"])


@pytest.mark.parametrize(
    ("old", "accept_language", "language"),
    [
        ("/", "fr-CA,fr;q=0.9,en;q=0.8", "fr"),
        ("/?q=ada&membership=core", "fr", "fr"),
        ("/people/ada-lovelace/?from=newsletter", "en-GB,en;q=0.9", "en"),
        ("/publications/?q=engine&year=2019&page=1", "de-DE, fr;q=0.5", "fr"),
        ("/publications/export.bib?year=2019", "fr", "fr"),
        ("/people/ada-lovelace/publications.atom", "", "en"),
        ("/topics/?page=1", "de", "en"),  # a language the site lacks: the default
        ("/account/sign-in/?next=/me/", "fr", "fr"),
    ],
)
def test_an_old_address_answers_301_to_the_visitors_language_keeping_path_and_query(
    client, old, accept_language, language
):
    small_institute()
    response = client.get(old, headers={"Accept-Language": accept_language})
    assert response.status_code == 301
    assert response["Location"] == f"/{language}{old}"
    assert "Accept-Language" in response["Vary"]
    assert "private" in response["Cache-Control"]
    assert client.get(response["Location"]).status_code == 200


def test_without_accept_language_an_old_address_goes_to_the_default_language(client):
    response = client.get("/topics/")
    assert (response.status_code, response["Location"]) == (
        301,
        f"/{settings.LANGUAGE_CODE}/topics/",
    )


@pytest.mark.parametrize("path", ["/no/such/page/", "/en/no/such/page/", "/fr/people/", "/de/"])
def test_unknown_addresses_are_still_404(client, path):
    response = client.get(path, headers={"Accept-Language": "fr"})
    assert response.status_code == 404


def test_site_services_answer_without_a_language_prefix(client, admin_client):
    for path in ["/healthz", "/robots.txt", "/sitemap.xml", "/api/people/"]:
        response = client.get(path, headers={"Accept-Language": "fr"})
        assert response.status_code == 200, path
    assert admin_client.get(f"/{settings.ADMIN_PATH}").status_code == 200
    assert client.get(f"/fr/{settings.ADMIN_PATH}").status_code == 404
    assert client.get("/fr/api/people/").status_code == 404


def test_language_neutral_answers_do_not_vary_on_the_language(client):
    for path in ["/healthz", "/robots.txt", "/sitemap.xml", "/sitemap-people.xml"]:
        response = client.get(path, headers={"Accept-Language": "fr"})
        assert "Accept-Language" not in response.get("Vary", ""), path
        assert not response.has_header("Content-Language"), path


def test_a_page_with_its_language_in_the_address_does_not_vary_on_accept_language(client):
    response = client.get(
        in_language("fr", "profiles:topic-list"), headers={"Accept-Language": "en"}
    )
    assert response["Content-Language"] == "fr"
    assert "Accept-Language" not in response.get("Vary", "")


def robots_disallows(client):
    lines = client.get("/robots.txt").content.decode().splitlines()
    return [line for line in lines if line.startswith("Disallow")]


def test_robots_txt_keeps_crawlers_out_of_exports_in_every_language(client):
    assert robots_disallows(client) == [
        f"Disallow: /{settings.ADMIN_PATH}",
        "Disallow: /en/publications/export.",
        "Disallow: /fr/publications/export.",
    ]


def every_page_kind(data):
    """(url name, args, query) of each kind of visitor page."""
    return [
        ("profiles:directory", [], "?q=ada&membership=core"),
        ("profiles:person-detail", [data["ada"].slug], "?utm=x"),
        ("publications:list", [], "?q=engine&year=2019&sort=oldest"),
        ("publications:detail", [data["new"].pk, data["new"].slug], ""),
        ("profiles:topic-list", [], ""),
        ("profiles:topic-detail", [data["learning"].slug], "?page=1"),
        ("selfservice:login", [], "?next=%2Fme%2F"),
        ("selfservice:password-reset", [], ""),
    ]


def switcher_links(soup):
    return soup.select("nav.language-switcher a")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_switcher_links_the_same_page_and_query_in_each_language(client, language):
    data = small_institute()
    for name, args, query in every_page_kind(data):
        soup = soup_of(client.get(in_language(language, name, *args) + query))
        links = switcher_links(soup)
        assert [link["hreflang"] for link in links] == ["en", "fr"], name
        for link in links:
            code = link["hreflang"]
            assert link["lang"] == code
            assert link["href"] == in_language(code, name, *args) + query, name
            assert (link.get("aria-current") == "true") == (code == language), name
        assert [link.get_text() for link in links] == ["English", "Français"]


def test_the_switcher_on_a_missing_page_points_at_the_same_address_in_the_other_language(client):
    response = client.get("/fr/no/such/page/?q=x")
    assert response.status_code == 404
    soup = BeautifulSoup(response.content, "html.parser")
    assert [a["href"] for a in switcher_links(soup)] == [
        "/en/no/such/page/?q=x",
        "/fr/no/such/page/?q=x",
    ]
    assert soup.html["lang"] == "fr"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_each_page_names_its_language_and_its_alternates(client, language):
    data = small_institute()
    other = "fr" if language == "en" else "en"
    for name, args, _ in every_page_kind(data)[:6]:
        soup = soup_of(client.get(in_language(language, name, *args)))
        assert soup.html["lang"] == language
        alternates = {
            link["hreflang"]: link["href"]
            for link in soup.find_all("link", rel="alternate", hreflang=True)
        }
        assert alternates == {
            "en": f"http://testserver{in_language('en', name, *args)}",
            "fr": f"http://testserver{in_language('fr', name, *args)}",
            "x-default": f"http://testserver{in_language(language, name, *args)[3:]}",
        }, name
        assert soup.find("link", rel="canonical")["href"] == alternates[language]
        og = {tag["property"]: tag["content"] for tag in soup.find_all("meta", property=True)}
        assert og["og:locale"] == f"{language}_CA"
        assert og["og:locale:alternate"] == f"{other}_CA"
        assert og["og:url"] == alternates[language]


def test_dates_are_written_the_way_each_language_writes_them(client):
    publication = make_publication("Dated", date=datetime.date(2024, 1, 5), year=2024)
    args = [publication.pk, publication.slug]
    english = soup_of(client.get(in_language("en", "publications:detail", *args)))
    french = soup_of(client.get(in_language("fr", "publications:detail", *args)))
    assert english.find("time", datetime="2024-01-05").get_text() == "5 January 2024"
    # Django's own French catalogue names the month.
    assert french.find("time", datetime="2024-01-05").get_text() == "5 janvier 2024"


def test_the_sitemap_lists_every_page_in_each_language_with_its_alternates(client):
    data = small_institute()
    section = ET.fromstring(client.get("/sitemap-people.xml").content)
    entries = {}
    for url in section.findall(f"{SITEMAP}url"):
        links = url.findall(f"{XHTML}link")
        entries[url.findtext(f"{SITEMAP}loc")] = {
            link.get("hreflang"): link.get("href") for link in links
        }
    ada = data["ada"].slug
    expected = {
        "en": f"http://testserver{in_language('en', 'profiles:person-detail', ada)}",
        "fr": f"http://testserver{in_language('fr', 'profiles:person-detail', ada)}",
        "x-default": f"http://testserver/people/{ada}/",
    }
    assert entries[expected["en"]] == expected
    assert entries[expected["fr"]] == expected


def test_adding_a_language_is_a_setting(client):
    small_institute()
    languages = [*settings.LANGUAGES, ("es", "español")]
    with override_settings(LANGUAGES=languages):
        response = client.get("/topics/", headers={"Accept-Language": "es"})
        assert response["Location"] == "/es/topics/"
        soup = soup_of(client.get("/es/topics/"))
        assert soup.html["lang"] == "es"
        assert [a["hreflang"] for a in switcher_links(soup)] == ["en", "fr", "es"]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_error_pages_speak_the_visitors_language(client, language):
    response = client.get(f"/{language}/no/such/page/")
    assert response.status_code == 404
    assert BeautifulSoup(response.content, "html.parser").html["lang"] == language
    assert response["Content-Language"] == language
    with translation.override(language):
        for page in (
            server_error(RequestFactory().get("/")),
            service_unavailable(RequestFactory().get("/")),
        ):
            soup = BeautifulSoup(page.content, "html.parser")
            assert soup.html["lang"] == language
        links = BeautifulSoup(server_error(RequestFactory().get("/")).content, "html.parser")
        assert links.find("a")["href"] == f"/{language}/"


def test_the_lockout_page_speaks_the_language_of_the_sign_in_page(client):
    make_researcher()
    url = in_language("fr", "selfservice:login")
    for _ in range(5):
        response = client.post(
            url,
            {"username": "ada-lovelace@example.org", "password": "wrong"},
            REMOTE_ADDR="10.9.9.9",
        )
    assert response.status_code == 429
    assert BeautifulSoup(response.content, "html.parser").html["lang"] == "fr"
    assert response["Content-Language"] == "fr"
