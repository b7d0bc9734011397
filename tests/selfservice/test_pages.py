"""The self-service pages are valid HTML5 (Nu checker) and pass the structural a11y checks."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.pages import test_pages_accessibility as a11y
from tests.pages.test_pages_html import nu_messages, nu_problems, vnu_command
from tests.selfservice.pages import self_service_pages

pytestmark = pytest.mark.django_db

PAGES = 25


def test_every_self_service_page_passes_the_nu_html_checker(tmp_path):
    command = vnu_command()
    files = []
    for name, html in self_service_pages():
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(str(path))
    files.append(str(Path(a11y.STYLESHEET).with_name("selfservice.css")))
    problems = nu_problems(nu_messages(command, files))
    assert problems == [], "\n".join(problems)
    assert len(files) == PAGES + 1


@pytest.fixture
def pages():
    return [(name, BeautifulSoup(html, "html.parser")) for name, html in self_service_pages()]


def test_every_self_service_page_has_headings_landmarks_labels_and_nothing_inline(pages):
    assert len(pages) == PAGES
    a11y.test_every_page_has_one_h1_and_headings_that_never_skip_a_level(pages)
    a11y.test_every_page_has_landmarks_a_language_and_a_title(pages)
    a11y.test_every_control_has_a_label_and_every_image_a_text_alternative(pages)
    a11y.test_pages_have_no_inline_scripts_or_inline_styles(pages)


def test_field_errors_are_tied_to_their_fields(pages):
    soup = dict(pages)["profile-errors"]
    for name in ["homepage", "orcid", "new_topics"]:
        field = soup.select_one(f".field-{name}")
        assert "field-invalid" in field["class"], name
        assert field.select_one(".field-error").get_text(strip=True), name
