"""Every list and detail endpoint runs the same number of SQL queries, whatever the
number of rows, authors and topics."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profiles.models import Person, Topic
from publications.models import Authorship, Publication

pytestmark = pytest.mark.django_db

# Endpoint -> the most queries it may run. The sizes below are what each one
# needs: a count and a page for lists, one query per prefetched relation (a
# publication's authorships, their people, its topics).
ENDPOINTS = {
    "/api/people/?page_size=100": 3,
    # a count, a page, its topics, and one grouped count per facet
    "/api/people/?page_size=100&facets=membership,topic,affiliation,status": 7,
    "/api/people/?page_size=100&membership=phd&topic=topic-0&status=current&facets=topic": 5,
    # a person's detail: the membership history, and four for `similar`
    # (publications/similar.py)
    "/api/people/subject/": 11,
    "/api/people/orcid:0000-0002-1825-0097/": 11,
    "/api/people/subject/publications/?page_size=100": 6,
    "/api/publications/?page_size=100": 5,
    "/api/publications/?page_size=100&search=study&topic=topic-0&year_min=1900": 5,
    "/api/publications/{pk}/": 4,
    "/api/publications/doi:10.1000/subject/": 4,
    "/api/publications/arxiv:2506.05233/": 4,
    "/api/topics/?page_size=100": 2,
    "/api/topics/topic-0/": 2,
}


def build(size):
    """A person `subject` on `size` publications, each with `size // 50 + 1` authors
    and topics, among `size` people and topics."""
    topics = Topic.objects.bulk_create(
        Topic(name=f"Topic {n}", slug=f"topic-{n}") for n in range(max(size, 1))
    )
    people = Person.objects.bulk_create(
        Person(
            full_name=f"Person {n}",
            family_name=f"P{n}",
            sort_name=f"p{n:04}",
            slug="subject" if n == 0 else f"person-{n}",
            orcid="0000-0002-1825-0097" if n == 0 else None,
            has_profile=True,
        )
        for n in range(max(size, 1))
    )
    few_topics = topics[: size // 50 + 1]
    Person.topics.through.objects.bulk_create(
        Person.topics.through(person=person, topic=topic)
        for person in people
        for topic in few_topics
    )
    publications = Publication.objects.bulk_create(
        Publication(
            title=f"A study {n}",
            slug=f"a-study-{n}",
            year=2000 + n % 20,
            doi="10.1000/subject" if n == 0 else None,
            arxiv_id="2506.05233" if n == 0 else None,
        )
        for n in range(max(size, 1))
    )
    Authorship.objects.bulk_create(
        Authorship(publication=publication, person=person, position=position, name_as_printed="X")
        for publication in publications
        for position, person in enumerate(people[: size // 50 + 1], start=1)
    )
    Publication.topics.through.objects.bulk_create(
        Publication.topics.through(publication=publication, topic=topic)
        for publication in publications
        for topic in few_topics
    )
    return publications[0].pk


def run(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.mark.parametrize("size", [1, 300], ids=["small", "large"])
def test_every_endpoint_stays_within_its_query_budget(client, django_assert_max_num_queries, size):
    pk = build(size)
    for endpoint, budget in ENDPOINTS.items():
        cache.clear()
        with django_assert_max_num_queries(budget, info=endpoint):
            response = client.get(endpoint.format(pk=pk))

        assert response.status_code == 200, (endpoint, response.content)
        body = response.json()
        if "count" in body:
            assert len(body["results"]) == min(body["count"], 100)
        if endpoint == "/api/people/subject/":
            assert len(body["publications"]) == size


def test_query_counts_do_not_grow_with_the_data(client):
    build(1)
    small = {url: run(client, url) for url in ENDPOINTS if "{pk}" not in url}
    Publication.objects.all().delete()
    Person.objects.all().delete()
    Topic.objects.all().delete()
    build(120)
    large = {url: run(client, url) for url in ENDPOINTS if "{pk}" not in url}

    assert small == large
