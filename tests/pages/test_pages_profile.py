"""The profile page: who a person is, their publications by year and their co-authors."""

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.support.pages_data import small_institute

pytestmark = pytest.mark.django_db

# The smallest valid PNG: one transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


@pytest.fixture
def data():
    return small_institute()


@pytest.fixture
def soup(client, data):
    response = client.get(data["ada"].get_absolute_url())
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_profile_shows_name_membership_position_topics_and_links(soup, data):
    assert [h.get_text() for h in soup.find_all("h1")] == ["Ada Lovelace"]
    header = soup.select_one(".profile-header").get_text(" ", strip=True)
    assert "Core Academic Member" in header and "Professor, Analytical Engine Lab" in header
    chips = {a.get_text(): a["href"] for a in soup.select("#topics-heading + .chips a")}
    assert chips == {
        "Graph Neural Networks": data["graphs"].get_absolute_url(),
        "Machine Learning": data["learning"].get_absolute_url(),
    }
    links = {a.get_text(" ", strip=True): a["href"] for a in soup.select(".profile-links a")}
    assert links == {
        "Homepage": "https://ada.example.org/",
        "ORCID 0000-0002-1825-0097": "https://orcid.org/0000-0002-1825-0097",
        "GitHub @ada-lovelace": "https://github.com/ada-lovelace",
    }


def test_publications_are_grouped_by_year_newest_first_with_unknown_years_last(soup):
    years = [h.get_text() for h in soup.select(".year-group h3")]
    assert years == ["2024", "2019", "Year unknown"]
    titles = [a.get_text() for a in soup.select(".publication-title a")]
    assert titles == ["Compilers for everyone", "Notes on the Analytical Engine", "An undated note"]


def test_byline_keeps_author_order_links_profiles_and_highlights_this_person(soup, data):
    byline = soup.select(".publication-item")[0].select_one(".byline")
    assert byline.get_text().strip() == "Grace Hopper, Ada Lovelace, Charles Babbage"
    assert byline.select_one("a").get_text() == "Grace Hopper"
    assert byline.select_one("a")["href"] == data["grace"].get_absolute_url()
    assert byline.select_one("strong.self").get_text() == "Ada Lovelace"
    assert len(byline.select("a")) == 1  # Charles Babbage has no profile to link


def test_abstract_is_folded_in_details_and_shown_as_text(client, soup, data):
    details = soup.select_one(".publication-item details.abstract")
    assert details is not None and not details.has_attr("open")
    assert "Abstract" in details.summary.get_text()
    assert details.select_one(".prose").get_text(strip=True) == (
        "We show that <script>alert('x')</script> & friends stay text."
    )
    html = client.get(data["ada"].get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; friends" in html
    assert "<script>alert" not in html


def test_co_authors_are_counted_and_linked_when_they_have_a_profile(soup, data):
    rows = [tr.get_text(" ", strip=True) for tr in soup.select(".coauthors tbody tr")]
    assert rows == ["Charles Babbage no, outside co-author 2", "Grace Hopper yes 1"]
    headers = [th.get_text() for th in soup.select(".coauthors thead th")]
    assert headers == ["Co-author", "Member", "Shared publications"]
    assert [a.get_text() for a in soup.select(".coauthors a")] == ["Grace Hopper"]
    stats = {div.dt.get_text(): div.dd.get_text() for div in soup.select(".stats div")}
    assert stats == {"Publications": "3", "Co-authors": "2", "Topics": "2"}


def test_an_old_slug_redirects_permanently_to_the_new_address(client, data):
    grace = data["grace"]
    grace.slug = "grace-brewster-hopper"
    grace.save()
    response = client.get(reverse("profiles:person-detail", args=["grace-hopper"]))
    assert response.status_code == 301
    assert response["Location"] == reverse("profiles:person-detail", args=["grace-brewster-hopper"])
    assert client.get(response["Location"]).status_code == 200


def test_an_unknown_person_gets_the_designed_404_page(client, data):
    response = client.get(reverse("profiles:person-detail", args=["nobody-here"]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_person_without_a_public_profile_has_no_page(client, data):
    assert client.get(data["outsider"].get_absolute_url()).status_code == 404


def test_a_portrait_is_shown_with_its_alt_text(client, data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    grace = data["grace"]
    grace.portrait = SimpleUploadedFile("grace.png", PNG, content_type="image/png")
    grace.portrait_alt = "Grace Hopper in uniform"
    grace.save()
    for url in (reverse("profiles:directory"), grace.get_absolute_url()):
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        image = soup.select_one("img.avatar")
        assert image["alt"] == "Grace Hopper in uniform"
        assert image["src"].startswith("/media/portraits/grace")
