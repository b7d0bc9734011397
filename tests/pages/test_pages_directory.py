"""The directory at /: people with a profile, search, filters and pages."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from profiles.models import Person
from tests.factories import make_person
from tests.support.pages_data import small_institute

pytestmark = pytest.mark.django_db


def names(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".person-card .card-title a")]


def test_directory_lists_only_people_with_a_public_profile(client):
    small_institute()
    response = client.get(reverse("profiles:directory"))
    assert names(response) == ["Grace Hopper", "Ada Lovelace"]  # by family name
    html = response.content.decode()
    assert "Core Academic Member" in html and "Professor, Analytical Engine Lab" in html
    assert "Charles Babbage" not in html


def test_people_without_a_portrait_get_an_initials_placeholder_with_a_text_alternative(client):
    small_institute()
    soup = BeautifulSoup(client.get(reverse("profiles:directory")).content, "html.parser")
    placeholder = soup.select(".person-card .avatar-initials")[1]
    assert placeholder.get_text() == "AL"
    assert placeholder["role"] == "img"
    assert placeholder["aria-label"] == "No portrait of Ada Lovelace"


def test_search_finds_people_by_name_and_by_topic(client):
    small_institute()
    assert names(client.get(reverse("profiles:directory"), {"q": "grace"})) == ["Grace Hopper"]
    assert names(client.get(reverse("profiles:directory"), {"q": "graph neural"})) == [
        "Ada Lovelace"
    ]


def test_membership_and_topic_filters_narrow_the_list(client):
    data = small_institute()
    assert names(client.get(reverse("profiles:directory"), {"membership": "postdoc"})) == [
        "Grace Hopper"
    ]
    assert names(client.get(reverse("profiles:directory"), {"topic": data["graphs"].slug})) == [
        "Ada Lovelace"
    ]
    assert names(client.get(reverse("profiles:directory"), {"topic": data["learning"].slug})) == [
        "Grace Hopper",
        "Ada Lovelace",
    ]


def test_an_unknown_filter_value_is_reported_and_ignored_instead_of_failing(client):
    small_institute()
    response = client.get(
        reverse("profiles:directory"), {"membership": "emperor", "topic": "no-such-topic"}
    )
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    errors = [p.get_text() for p in soup.select(".field-error")]
    assert len(errors) == 2 and all("valid choice" in error for error in errors)
    assert names(response) == ["Grace Hopper", "Ada Lovelace"]


def test_no_match_says_so_and_offers_to_clear_the_filters(client):
    small_institute()
    soup = BeautifulSoup(
        client.get(reverse("profiles:directory"), {"q": "zzz"}).content, "html.parser"
    )
    assert "Nobody matches" in soup.select_one(".empty").get_text()
    assert soup.select_one(".empty a")["href"] == reverse("profiles:directory")


def test_directory_pages_keep_the_filters_in_their_links(client):
    for n in range(30):
        make_person(f"Member Number{n:02d}", has_profile=True, membership="phd")
    first = client.get(reverse("profiles:directory"), {"membership": "phd"})
    assert len(names(first)) == 24
    soup = BeautifulSoup(first.content, "html.parser")
    next_link = soup.select_one('.pagination a[rel="next"]')["href"]
    assert "membership=phd" in next_link and "page=2" in next_link
    second = client.get(reverse("profiles:directory") + next_link)
    assert names(second) == [f"Member Number{n:02d}" for n in range(24, 30)]
    assert "Page 2 of 2" in second.content.decode()


def test_a_page_number_out_of_range_shows_the_last_page(client):
    make_person("Only Person", has_profile=True)
    assert client.get(reverse("profiles:directory"), {"page": "999"}).status_code == 200
    assert client.get(reverse("profiles:directory"), {"page": "abc"}).status_code == 200


def test_search_goes_through_the_shared_search_function(client, monkeypatch):
    import profiles.filters

    seen = []

    def spy(queryset, query):
        seen.append(query)
        return queryset.filter(full_name__icontains=query or "")

    small_institute()
    monkeypatch.setattr(profiles.filters, "search_people", spy)
    assert names(client.get(reverse("profiles:directory"), {"q": "Ada"})) == ["Ada Lovelace"]
    assert set(seen) == {"Ada"}  # the list and each facet's counts
    assert Person.objects.count() == 3


def test_pagination_links_the_ends_and_neighbours_and_marks_the_current_page(rf):
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    page = Paginator(range(1000), 25).get_page(10)
    request = rf.get("/", {"q": "x", "page": "10"})
    html = render_to_string("includes/pagination.html", {"page": page}, request=request)
    soup = BeautifulSoup(html, "html.parser")
    links = [a.get_text() for a in soup.select("a")]
    assert links == ["Previous page", "Page 1", "Page 9", "Page 10", "Page 11", "Page 40"] + [
        "Next page"
    ]
    assert soup.select_one("[aria-current=page]")["href"] == "?q=x&page=10"
    assert soup.select_one('a[rel="next"]')["href"] == "?q=x&page=11"
    assert "Page 10 of 40" in soup.get_text()
