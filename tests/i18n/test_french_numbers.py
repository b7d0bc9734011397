"""Counts read per language ("1,234", "1 234"); years and addresses never grouped."""

import re
from html import unescape

import pytest
from django.urls import reverse

from publications.models import Publication
from tests.factories import make_person, make_publication
from tests.i18n.test_french_pages import language

pytestmark = pytest.mark.django_db

GROUPED = {"en": "1,203", "fr": "1\u202f203"}  # config/formats/fr: a narrow no-break space


@pytest.fixture
def many_publications():
    """1,203 publications of 2024, one of them by a person with a profile."""
    ada = make_person("Ada Lovelace")
    make_publication("Notes on the engine", authors=[ada], year=2024)
    Publication.objects.bulk_create(
        Publication(title=f"Report {n}", year=2024, venue="") for n in range(1202)
    )
    return ada


def text_of(response):
    return unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.mark.parametrize("code", ["en", "fr"])
def test_the_publication_list_groups_its_count_and_not_its_years(client, many_publications, code):
    with language(code):
        response = client.get(reverse("publications:list"), {"year": 2024})
    assert response.status_code == 200
    text, html = text_of(response), response.content.decode()
    assert re.search(rf"{GROUPED[code]}\s+publications", text), code
    assert "2024" in text and not re.search(r"2[,\u00a0\u202f]024", html)
    assert "page=2" in html  # addresses keep plain numbers


@pytest.mark.parametrize("code", ["en", "fr"])
def test_the_admin_quality_page_groups_its_figures(editor_client, many_publications, code):
    scan = reverse("admin:publications_publication_scan_job")
    assert editor_client.post(scan, {"scan": "quality"}).status_code == 302
    with language(code):
        response = editor_client.get(
            reverse("admin:publications_publication_quality"), HTTP_ACCEPT_LANGUAGE=code
        )
    assert response.status_code == 200
    figures = re.findall(r"<td>([^<]*)</td>", response.content.decode())
    assert GROUPED[code] in figures  # without a venue: all of them
    other = GROUPED["fr" if code == "en" else "en"]
    assert other not in figures
