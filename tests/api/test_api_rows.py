"""The value-row publications of publications/api_rows.py are PublicationSerializer's JSON."""

import datetime

import pytest
from django.urls import NoReverseMatch, reverse
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from core.addresses import AddressMaker
from publications.api_rows import publication_rows
from publications.models import Authorship, Publication
from publications.serializers import PublicationSerializer
from tests.factories import make_person, make_publication, make_topic

pytestmark = pytest.mark.django_db


def api_request(host="testserver"):
    return Request(APIRequestFactory().get("/api/people/", HTTP_HOST=host))


@pytest.fixture
def varied():
    """Publications with every kind of value a field can hold, null and empty included."""
    ada = make_person("Ada Lovelace", has_profile=True)
    outsider = make_person("Émile Borel")
    topics = [make_topic("zeta Topic"), make_topic("Alpha"), make_topic("beta")]
    full = make_publication(
        "Notes on the analytical engine",
        authors=[outsider, ada],
        year=1843,
        date=datetime.date(1843, 9, 1),
        kind="article",
        venue="Taylor's Scientific Memoirs",
        abstract="Ünïcode and {braces} and \u2028 a line separator.",
        doi="10.1000/Engine.1843",
        arxiv_id="2506.05233",
        url="https://example.org/notes",
        pdf_url="https://example.org/notes.pdf",
    )
    full.topics.add(*topics)
    bare = make_publication("Ωμέγα", authors=[ada], kind="other")  # no Latin letters: no slug
    make_publication("A version", authors=[ada], year=1844, version_of=full, kind="preprint")
    unplaced = make_publication("Unplaced byline", year=1843)
    Authorship.objects.create(publication=unplaced, person=ada, position=None, name_as_printed="")
    Authorship.objects.create(publication=unplaced, person=outsider, position=1)
    assert bare.slug == ""
    return ada


def test_rows_equal_the_serializer_for_every_kind_of_value(varied):
    request = api_request()
    queryset = Publication.objects.of_person(varied).with_bylines()
    expected = PublicationSerializer(queryset, many=True, context={"request": request}).data

    rows = publication_rows(Publication.objects.of_person(varied), request=request)

    assert rows == expected
    assert len(rows) == 4
    assert [a["position"] for a in rows[2]["authors"]] == [1, None]


def test_rows_run_three_queries_whatever_the_number_of_publications(
    varied, django_assert_num_queries
):
    with django_assert_num_queries(3):
        publication_rows(Publication.objects.all(), request=api_request())


def test_addresses_follow_the_request_and_fall_back_to_reverse_for_odd_values():
    make_address = AddressMaker(api_request("localhost"), "publications:detail", 2)

    page = reverse("publications:detail", args=[12, "a-title"])
    assert make_address(12, "a-title") == f"http://localhost{page}"
    # A value that reverse() would refuse takes reverse() itself, and its error.
    person_address = AddressMaker(api_request(), "api:person-detail", 1)
    with pytest.raises(NoReverseMatch):
        person_address("not a slug")
