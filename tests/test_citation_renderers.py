"""The DRF citation renderers on a small viewset of the test's own (the real API adds the mixin)."""

import json

import pytest
import rispy
from django.urls import include, path
from rest_framework import serializers, viewsets
from rest_framework.routers import SimpleRouter

from publications.models import Publication
from publications.renderers import CitationFormatsMixin
from tests.citation_helpers import accented_publication, many_publications, parse_bibtex
from tests.conftest import make_person, make_publication


class PublicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Publication
        fields = ["id", "title"]


class PublicationViewSet(CitationFormatsMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PublicationSerializer
    filterset_fields = ["year"]

    def get_queryset(self):
        # An API's own prefetch must not clash with the one the exports add.
        return Publication.objects.with_authors().order_by("id")


router = SimpleRouter()
router.register("publications", PublicationViewSet, basename="test-publication")
# The project's own URLs too: exports link each work's page.
urlpatterns = [path("api/", include(router.urls)), path("", include("config.urls"))]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("application/x-bibtex", "application/x-bibtex"),
        ("application/x-research-info-systems", "application/x-research-info-systems"),
        ("application/vnd.citationstyles.csl+json", "application/vnd.citationstyles.csl+json"),
    ],
)
def test_content_negotiation_picks_the_citation_format(client, accept, media_type):
    publication = accented_publication()
    response = client.get(f"/api/publications/{publication.pk}/", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"] == f"{media_type}; charset=utf-8"


def test_the_format_parameter_picks_the_citation_format(client):
    publication = accented_publication()
    text = client.get("/api/publications/", {"format": "bibtex"}).content.decode()
    [entry] = parse_bibtex(text).entries
    assert entry["title"] == publication.title
    [record] = rispy.loads(client.get("/api/publications/", {"format": "ris"}).content.decode())
    assert record["authors"][0] == "Veličković, Petar"
    items = json.loads(client.get(f"/api/publications/{publication.pk}/?format=csl-json").content)
    assert items[0]["id"] == "velickovic2025mesanet"


def test_plain_json_is_unchanged(client):
    publication = make_publication("Notes", authors=[make_person()])
    response = client.get("/api/publications/", HTTP_ACCEPT="application/json")
    assert response.json() == [{"id": publication.pk, "title": "Notes"}]


def test_a_list_export_keeps_the_view_filters(client):
    make_publication("Old", authors=[make_person()], year=1990)
    make_publication("New", authors=[make_person()], year=2024)
    text = client.get("/api/publications/?year=2024&format=bibtex").content.decode()
    assert [entry["title"] for entry in parse_bibtex(text).entries] == ["New"]


def test_errors_stay_json_in_a_citation_format(client):
    response = client.get("/api/publications/999/", HTTP_ACCEPT="application/x-bibtex")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


@pytest.mark.parametrize("count", [1, 40])
def test_api_exports_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, count):
    many_publications(count)
    with django_assert_max_num_queries(3):
        response = client.get("/api/publications/?format=ris")
    assert len(rispy.loads(response.content.decode())) == count


def test_api_detail_export_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    person = many_publications(1, authors_each=30)
    publication = person.authorships.first().publication
    with django_assert_max_num_queries(3):
        response = client.get(f"/api/publications/{publication.pk}/?format=ris")
    assert len(rispy.loads(response.content.decode())[0]["authors"]) == 30
