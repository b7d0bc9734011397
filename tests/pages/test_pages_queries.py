"""Every public page runs the same small number of SQL queries at any size of data."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from publications.models import Publication
from tests.support.pages_data import institute_of, prolific_person

pytestmark = pytest.mark.django_db

# The most queries each page may run; the tests also check small == large.
LIMITS = {
    # a count, a page, its topics, and one grouped count per facet (membership,
    # current or alumni, topic, affiliation); filtered, a look-up of the chosen topics
    "directory": 7,
    "directory_filtered": 8,
    # Six for the publications (the sixth: those the researcher features), one for the
    # membership history, four for similar researchers: shared topics, shared
    # co-authors, title terms, close titles.
    "profile": 11,
    "publications": 6,
    "publications_filtered": 8,
    "publication": 4,
    "topics": 1,
    # Its people (24 of them, and how many in all), its page of publications, and the
    # pictures: publications per year and the most active members.
    "topic": 8,
    "person_year": 5,  # the person, their years, the rows, bylines, topics (JSON-LD)
}


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def list_urls(shared):
    person = shared.people.first()
    paper = Publication.objects.filter(topics=shared).first()
    return {
        "directory": reverse("profiles:directory"),
        "directory_filtered": (
            f"{reverse('profiles:directory')}?q=Person&membership=phd&membership=core"
            f"&topic={shared.slug}&status=current&affiliation=Lab&sort=activity&page=2"
        ),
        "publications": reverse("publications:list"),
        "publications_filtered": (
            f"{reverse('publications:list')}?q=study&kind=article&topic={shared.slug}"
            f"&author={person.slug}&sort=title"
        ),
        "publication": paper.get_absolute_url(),
        "topics": reverse("profiles:topic-list"),
        "topic": shared.get_absolute_url(),
    }


@pytest.mark.parametrize("size", [1, 200])
def test_list_pages_run_a_fixed_number_of_queries_for_1_and_200_rows(
    client, size, django_assert_max_num_queries
):
    urls = list_urls(institute_of(size))
    for name, url in urls.items():
        with django_assert_max_num_queries(LIMITS[name]):
            response = client.get(url)
        assert response.status_code == 200, url


def test_list_pages_run_the_same_queries_for_1_and_200_rows(client):
    small = {name: count_queries(client, url) for name, url in list_urls(institute_of(1)).items()}
    large_urls = list_urls(institute_of(200, name="Large topic"))
    large = {name: count_queries(client, url) for name, url in large_urls.items()}
    assert small == large


@pytest.mark.parametrize("publications", [1, 300])
def test_profile_runs_a_fixed_number_of_queries_for_1_and_300_publications(
    client, publications, django_assert_max_num_queries, settings
):
    person, _, _ = prolific_person(publications)
    with django_assert_max_num_queries(LIMITS["profile"]):
        response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    assert stats(response)["Publications"] == str(publications)
    # The newest only: older ones are on the pages of their years.
    shown = min(publications, settings.PROFILE_RECENT_PUBLICATIONS)
    assert response.content.decode().count('class="publication-item"') == shown


def test_a_year_of_a_profile_runs_the_same_queries_for_1_and_300_publications(client):
    counts = []
    for publications in (1, 300):
        person, _, _ = prolific_person(publications)
        # prolific_person spreads papers over the years 2000 to 2024.
        url = reverse("publications:person-year", args=[person.slug, 2000])
        counts.append(count_queries(client, url))
    assert counts[0] == counts[1] <= LIMITS["person_year"]


def test_profile_runs_the_same_queries_in_a_small_and_a_large_institute(client):
    small = institute_of(1).people.first()
    large = institute_of(200, name="Large topic").people.first()
    counts = [count_queries(client, person.get_absolute_url()) for person in (small, large)]
    assert counts[0] == counts[1] <= LIMITS["profile"]


def test_profile_counts_co_authors_from_the_bylines_without_another_query(client, settings):
    settings.SIMILAR_RESEARCHERS_SHOWN = 0  # their counts are queries of their own
    person, _, _ = prolific_person(300, coauthors=30)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(person.get_absolute_url())
    assert len(queries) <= LIMITS["profile"]
    assert not [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    # 300 papers, each shared with two of 30 co-authors in turn: 20 papers each.
    assert stats(response)["Co-authors"] == "30"
    shown = BeautifulSoup(response.content, "html.parser").select(".coauthors .count")
    assert len(shown) == 20
    assert {count.get_text() for count in shown} == {"20"}


def stats(response):
    """The profile's figures, as the visitor reads them: {label: value}."""
    figures = BeautifulSoup(response.content, "html.parser").select(".stats div")
    return {figure.dt.get_text(): figure.dd.get_text() for figure in figures}
