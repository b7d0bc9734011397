"""Accessibility checks that need no browser: structure of every page, and colour contrast."""

import re

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from tests.support.pages_render import every_page

STYLESHEET = settings.BASE_DIR / "static" / "css" / "site.css"

# (text or component colour, background colour, least contrast ratio) per WCAG 2.2 AA:
# 4.5 for text, 3 for control borders and the focus indicator.
PAIRS = [
    ("fg", "bg", 4.5),
    ("fg", "surface", 4.5),
    ("muted", "bg", 4.5),
    ("muted", "surface", 4.5),
    ("accent", "bg", 4.5),
    ("accent", "surface", 4.5),
    ("accent-hover", "bg", 4.5),
    ("chip-fg", "chip-bg", 4.5),
    ("self-fg", "self-bg", 4.5),
    ("button-fg", "button-bg", 4.5),
    ("avatar-fg", "avatar-bg", 4.5),
    ("error", "bg", 4.5),
    ("error", "surface", 4.5),
    ("control-border", "bg", 3),
    ("control-border", "surface", 3),
    ("focus", "bg", 3),
    ("focus", "surface", 3),
    ("button-bg", "surface", 3),
]


@pytest.fixture
def pages(db, client, rf):
    return [(name, BeautifulSoup(html, "html.parser")) for name, html in every_page(client, rf)]


def test_every_page_has_one_h1_and_headings_that_never_skip_a_level(pages):
    for name, soup in pages:
        assert len(soup.find_all("h1")) == 1, name
        levels = [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
        assert levels[0] == 1, name
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, f"{name}: h{before} followed by h{after}"


def test_every_page_has_landmarks_a_language_and_a_title(pages):
    for name, soup in pages:
        assert soup.html["lang"] == ("fr" if name.endswith("-fr") else "en"), name
        assert soup.title.get_text(strip=True), name
        assert len(soup.find_all("main")) == 1, name
        if not name.startswith("server-error"):
            assert soup.find("header", class_="site-header"), name
            assert soup.select_one("header.site-header nav.site-nav[aria-label]"), name
            assert soup.find("footer"), name
            assert soup.select_one("a.skip-link")["href"] == "#main", name


def test_every_control_has_a_label_and_every_image_a_text_alternative(pages):
    for name, soup in pages:
        labelled = {label["for"] for label in soup.find_all("label")}
        for control in soup.find_all(["input", "select", "textarea"]):
            if control.get("type") == "hidden":
                continue  # a form's token or state: nothing to label
            assert control.get("id") in labelled or control.get("aria-label"), (name, control)
        for image in soup.find_all("img"):
            assert image.get("alt"), (name, image)
        for placeholder in soup.select("[role=img]"):
            # Named by its own label, or by the element (an SVG's <title>) it points at.
            named_by = placeholder.get("aria-labelledby")
            name_text = soup.find(id=named_by).get_text(strip=True) if named_by else ""
            assert placeholder.get("aria-label") or name_text, (name, placeholder)
        for link in soup.find_all("a"):
            assert link.get_text(strip=True) or link.get("aria-label"), (name, link)


def test_pages_have_no_inline_scripts_or_inline_styles(pages):
    for name, soup in pages:
        assert soup.find("script") is None or all(
            s.get("src") or s.get("type") == "application/ld+json" for s in soup("script")
        ), name
        assert soup.find(style=True) is None, name
        assert soup.find("style") is None, name


def colours(scheme):
    """The custom properties of the light (:root) or dark (prefers-color-scheme) palette."""
    css = STYLESHEET.read_text()
    if scheme == "light":
        block = re.search(r":root\s*\{(.*?)\}", css, re.S).group(1)
    else:
        block = re.search(r"prefers-color-scheme:\s*dark\)\s*\{\s*:root\s*\{(.*?)\}", css, re.S)
        block = block.group(1)
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", block))


def luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first, second):
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_formula_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_colour_pair_meets_wcag_aa_contrast(scheme):
    palette = colours(scheme)
    assert len(palette) >= 18, palette
    failures = [
        f"--{fg} on --{bg}: {contrast(palette[fg], palette[bg]):.2f} < {least}"
        for fg, bg, least in PAIRS
        if contrast(palette[fg], palette[bg]) < least
    ]
    assert failures == []


def test_the_stylesheet_shows_focus_and_follows_the_dark_mode_preference():
    css = STYLESHEET.read_text()
    assert re.search(r":focus-visible\s*\{[^}]*outline:\s*3px solid var\(--focus\)", css)
    assert "@media (prefers-color-scheme: dark)" in css
    assert "outline: none" not in css and "outline: 0" not in css
