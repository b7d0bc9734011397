"""The self-service pages and /api/me/ run as many queries for a few rows as for many."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from profiles.selfservice.models import Delegate
from profiles.selfservice.services import submit_changes
from publications.models import Authorship, Publication
from tests.factories import make_person, make_topic
from tests.selfservice.factories import make_researcher, make_user

pytestmark = pytest.mark.django_db


def researcher_with(size):
    """A researcher with `size` publications, topics and delegates, and a waiting change."""
    ada, user = make_researcher(f"Ada Lovelace {size}")
    topics = [make_topic(f"Topic {size}-{n}") for n in range(size)]
    ada.topics.set(topics)
    bob = make_person(f"Bob Kahn {size}")
    papers = Publication.objects.bulk_create(
        Publication(title=f"Paper {size}-{n}", slug=f"paper-{n}", year=1900 + n)
        for n in range(size)
    )
    Authorship.objects.bulk_create(
        Authorship(publication=paper, person=person, position=position)
        for paper in papers
        for position, person in enumerate([ada, bob], 1)
    )
    for n in range(size):
        Delegate.objects.create(person=ada, user=make_user(f"helper{size}-{n}@example.org"))
        other = make_person(f"Grace Hopper {size}-{n}", has_profile=True)
        Delegate.objects.create(person=other, user=user)  # /api/me/people/ lists them
    submit_changes(person=ada, user=user, values={"position": "Professor"})
    browser = Client()
    browser.force_login(user)
    return ada, browser


def counts(ada, browser):
    urls = [
        reverse("selfservice:profile", args=[ada.slug]),
        reverse("selfservice:delegates", args=[ada.slug]),
        reverse("mypublications:list", args=[ada.slug]),
        reverse("mypublications:add", args=[ada.slug]),
        reverse("selfservice:account"),
        "/api/me/",
        reverse("api:me-people"),
        reverse("api:me-person", args=[ada.slug]),
    ]
    result = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = browser.get(url)
        assert response.status_code == 200, url
        result[url.replace(ada.slug, "SLUG")] = len(queries)
    return result


def test_self_service_pages_run_the_same_queries_for_1_and_120_rows():
    small = counts(*researcher_with(1))
    large = counts(*researcher_with(120))
    assert small == large
    assert max(small.values()) <= 12, small
