"""Publication lists written in Python (publications/listing.py) escape what they show."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from profiles.models import Person
from publications.models import Authorship, Publication
from tests.factories import make_person, make_publication, make_topic

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert('x')</script> & \"quotes\""


@pytest.fixture
def hostile():
    """A profile holder whose co-authors and paper carry markup in every text shown."""
    holder = make_person("Ada Lovelace", has_profile=True)
    linked = make_person(f"Linked {HOSTILE}", has_profile=True)
    unlinked = make_person(f"Outside {HOSTILE}")
    paper = make_publication(
        f"Title {HOSTILE}",
        authors=[linked, holder, unlinked],
        year=2024,
        venue=f"Venue {HOSTILE}",
        abstract=f"First {HOSTILE}\nline two\n\nSecond paragraph",
        kind=Publication.Kind.CONFERENCE,
    )
    Authorship.objects.filter(publication=paper, person=holder).update(
        name_as_printed=f"A. {HOSTILE}"
    )
    paper.topics.set([make_topic("Shared")])
    return holder, paper


@pytest.mark.parametrize("page", ["profile", "list", "topic", "publication"])
def test_hostile_text_in_python_written_lists_stays_text(client, hostile, page):
    holder, paper = hostile
    url = {
        "profile": holder.get_absolute_url(),
        "list": reverse("publications:list"),
        "topic": paper.topics.get().get_absolute_url(),
        "publication": paper.get_absolute_url(),
    }[page]
    html = client.get(url).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quotes&quot;" in html
    soup = BeautifulSoup(html, "html.parser")
    byline = soup.select_one(".byline")
    assert byline.get_text() == f"Linked {HOSTILE}, A. {HOSTILE}, Outside {HOSTILE}"
    linked = [f"Linked {HOSTILE}"] if page == "profile" else [f"Linked {HOSTILE}", f"A. {HOSTILE}"]
    assert [a.get_text() for a in byline.select("a")] == linked
    assert (
        byline.select_one("a")["href"]
        == Person.objects.get(full_name__startswith="Linked").get_absolute_url()
    )
    if page != "publication":
        item = soup.select_one(".publication-item")
        assert item.select_one(".publication-title a").get_text() == f"Title {HOSTILE}"
        assert item.select_one(".publication-title a")["href"] == paper.get_absolute_url()
        assert item.select_one(".venue").get_text() == f"Venue {HOSTILE}"
        prose = item.select_one(".abstract .prose")
        assert [p.get_text() for p in prose.select("p")] == [
            f"First {HOSTILE}line two",
            "Second paragraph",
        ]
        assert prose.select_one("p br") is not None


def test_the_profile_highlights_its_holder_under_the_name_as_printed(client, hostile):
    holder, _ = hostile
    soup = BeautifulSoup(client.get(holder.get_absolute_url()).content, "html.parser")
    assert soup.select_one(".byline strong.self").get_text() == f"A. {HOSTILE}"
    coauthors = [tr.get_text(" ", strip=True) for tr in soup.select(".coauthors tbody tr")]
    assert coauthors == [f"Linked {HOSTILE} yes 1", f"Outside {HOSTILE} no, outside co-author 1"]


def test_a_publication_without_authors_says_so_on_the_list(client):
    make_publication("Nobody wrote this", year=2020)
    soup = BeautifulSoup(client.get(reverse("publications:list")).content, "html.parser")
    assert soup.select_one(".byline").get_text() == "Authors not listed"


def test_co_authors_are_ranked_by_shared_papers_then_name(client):
    holder = make_person("Ada Lovelace", has_profile=True)
    often = make_person("Zed Often", has_profile=True)
    rare_b, rare_a = make_person("Bea Rare"), make_person("Abe Rare")
    make_publication(authors=[holder, often, rare_b])
    make_publication(authors=[often, holder, rare_a])
    soup = BeautifulSoup(client.get(holder.get_absolute_url()).content, "html.parser")
    names = [tr.th.get_text(strip=True) for tr in soup.select(".coauthors tbody tr")]
    assert names == ["Zed Often", "Abe Rare", "Bea Rare"]
    assert [td.get_text() for td in soup.select(".coauthors td.count")] == ["2", "1", "1"]
    assert soup.select_one(".coauthors a")["href"] == often.get_absolute_url()
