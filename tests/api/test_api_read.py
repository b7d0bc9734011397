"""Reading the JSON API: endpoints, filters, pages, sparse fieldsets, lookups, ETags."""

import pytest
from django.urls import reverse

from profiles.models import NameVariant
from tests.factories import make_person, make_publication, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def lab():
    """Two members, an outside co-author, two topics and three publications."""
    learning = make_topic("Deep learning")
    vision = make_topic("Computer vision")
    ada = make_person(
        "Ada Lovelace",
        has_profile=True,
        membership="core",
        orcid="0000-0002-1825-0097",
        bio="Wrote <the> first program.",
    )
    ada.topics.add(learning, vision)
    NameVariant.objects.create(person=ada, name="A. Lovelace")
    alan = make_person("Alan Turing", has_profile=True, membership="phd")
    alan.topics.add(learning)
    outsider = make_person("Grace Hopper")
    first = make_publication(
        "Notes on the analytical engine",
        authors=[ada, outsider],
        year=1843,
        kind="article",
        doi="10.1000/Engine.1843",
    )
    first.topics.add(learning)
    second = make_publication(
        "Computable numbers", authors=[alan, ada], year=1936, arxiv_id="2506.05233"
    )
    third = make_publication("On machines that learn", authors=[alan], year=1950, kind="report")
    return {
        "ada": ada,
        "alan": alan,
        "outsider": outsider,
        "learning": learning,
        "vision": vision,
        "publications": [first, second, third],
    }


def test_person_detail_is_a_full_profile_with_ordered_authors(client, lab):
    response = client.get("/api/people/ada-lovelace/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["full_name"] == "Ada Lovelace"
    assert data["sort_name"] == "Lovelace, Ada"
    assert data["membership"] == "core"
    assert data["membership_label"] == "Core Academic Member"
    assert data["orcid"] == "0000-0002-1825-0097"
    assert data["bio"] == "Wrote <the> first program."
    assert data["portrait_url"] is None
    assert data["portrait_alt_text"] == "Portrait of Ada Lovelace"
    assert data["name_variants"] == ["A. Lovelace"]
    assert [t["slug"] for t in data["topics"]] == ["computer-vision", "deep-learning"]
    assert data["publication_count"] == 2
    assert data["api_url"] == "http://testserver/api/people/ada-lovelace/"
    web_url = reverse("profiles:person-detail", args=["ada-lovelace"])
    assert data["web_url"] == f"http://testserver{web_url}"
    titles = [p["title"] for p in data["publications"]]
    assert titles == ["Computable numbers", "Notes on the analytical engine"]
    authors = data["publications"][1]["authors"]
    assert [(a["position"], a["name"], a["person"]) for a in authors] == [
        (1, "Ada Lovelace", "ada-lovelace"),
        (2, "Grace Hopper", "grace-hopper"),
    ]
    assert authors[1]["api_url"] == "http://testserver/api/people/grace-hopper/"
    assert authors[1]["has_profile"] is False


def test_people_list_filters_by_membership_topic_and_profile(client, lab):
    def slugs(query):
        response = client.get(f"/api/people/?{query}")
        assert response.status_code == 200, response.content
        return [person["slug"] for person in response.json()["results"]]

    assert slugs("") == ["grace-hopper", "ada-lovelace", "alan-turing"]
    assert slugs("membership=phd") == ["alan-turing"]
    assert slugs("topic=computer-vision") == ["ada-lovelace"]
    assert slugs("has_profile=false") == ["grace-hopper"]
    assert slugs("has_profile=true&topic=deep-learning") == ["ada-lovelace", "alan-turing"]
    assert slugs("search=lovelace") == ["ada-lovelace"]
    assert slugs("ordering=-publication_count") == ["ada-lovelace", "alan-turing", "grace-hopper"]


def test_publication_filters_cover_year_kind_topic_author_and_identifiers(client, lab):
    def titles(query):
        response = client.get(f"/api/publications/?{query}")
        assert response.status_code == 200, response.content
        return [publication["title"] for publication in response.json()["results"]]

    assert titles("year=1936") == ["Computable numbers"]
    assert titles("year_min=1900&year_max=1940") == ["Computable numbers"]
    assert titles("kind=report") == ["On machines that learn"]
    assert titles("topic=deep-learning") == ["Notes on the analytical engine"]
    assert titles("author=alan-turing&ordering=year") == [
        "Computable numbers",
        "On machines that learn",
    ]
    assert titles("doi=https://doi.org/10.1000/ENGINE.1843") == ["Notes on the analytical engine"]
    assert titles("arxiv_id=arXiv:2506.05233v2") == ["Computable numbers"]
    assert titles("search=computable") == ["Computable numbers"]


def test_identifier_lookups_find_the_record(client, lab):
    by_orcid = client.get("/api/people/orcid:https://orcid.org/0000-0002-1825-0097/")
    by_doi = client.get("/api/publications/doi:10.1000/engine.1843/")
    by_arxiv = client.get("/api/publications/arxiv:2506.05233/")

    assert by_orcid.status_code == 200
    assert by_orcid.json()["slug"] == "ada-lovelace"
    assert by_doi.status_code == 200
    assert by_doi.json()["doi"] == "10.1000/engine.1843"
    assert by_arxiv.json()["title"] == "Computable numbers"


def test_identifier_lookups_explain_a_malformed_identifier_and_miss_an_unknown_one(client, lab):
    wrong_digit = client.get("/api/people/orcid:0000-0002-1825-0098/")
    not_a_doi = client.get("/api/publications/doi:11.2/x/")
    unknown = client.get("/api/publications/doi:10.9999/nothing/")

    # Of the schema's pattern, so no client error: no record has it, and the 404 says why.
    assert wrong_digit.status_code == 404
    assert wrong_digit.json()["detail"] == (
        "This ORCID iD has a wrong check digit; check it for a typo."
    )
    assert not_a_doi.status_code == 400
    assert unknown.status_code == 404
    assert unknown["Content-Type"] == "application/problem+json"


def test_pages_have_count_links_and_a_bounded_size(client):
    for number in range(5):
        make_topic(f"Topic {number:02}")

    first = client.get("/api/topics/?page_size=2").json()
    last = client.get("/api/topics/?page_size=2&page=3").json()
    too_big = client.get("/api/topics/?page_size=101")
    beyond = client.get("/api/topics/?page_size=2&page=4")

    assert first["count"] == 5
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/topics/?page=2&page_size=2"
    assert [t["name"] for t in last["results"]] == ["Topic 04"]
    assert last["next"] is None
    assert too_big.status_code == 400
    assert too_big.json()["errors"][0]["parameter"] == "page_size"
    assert beyond.status_code == 404


def test_sparse_fieldsets_return_only_the_fields_asked_for(client, lab):
    listing = client.get("/api/people/?fields=slug,full_name").json()
    detail = client.get("/api/publications/?fields=title").json()
    unknown = client.get("/api/topics/?fields=slug,colour")

    assert listing["results"][0] == {"slug": "grace-hopper", "full_name": "Grace Hopper"}
    assert set(detail["results"][0]) == {"title"}
    assert unknown.status_code == 400
    assert "colour" in unknown.json()["errors"][0]["detail"]


def test_person_publications_come_a_page_at_a_time(client, lab):
    response = client.get("/api/people/alan-turing/publications/?page_size=1")

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    assert [p["title"] for p in data["results"]] == ["On machines that learn"]


def test_topic_detail_counts_people_and_publications(client, lab):
    data = client.get("/api/topics/deep-learning/").json()

    assert data["people_count"] == 2
    assert data["publication_count"] == 1
    assert [p["slug"] for p in data["people"]] == ["ada-lovelace", "alan-turing"]


def test_every_get_has_an_etag_and_a_matching_if_none_match_gets_304(client, lab):
    first = client.get("/api/people/ada-lovelace/")
    etag = first["ETag"]
    again = client.get("/api/people/ada-lovelace/", HTTP_IF_NONE_MATCH=etag)
    lab["ada"].position = "Professor"
    lab["ada"].save()
    changed = client.get("/api/people/ada-lovelace/", HTTP_IF_NONE_MATCH=etag)

    assert etag.startswith('"')
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert again.content == b""
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert client.get("/api/topics/")["ETag"]


def test_an_old_slug_redirects_to_the_current_api_address(client, lab):
    lab["ada"].slug = "ada-king"
    lab["ada"].save()

    response = client.get("/api/people/ada-lovelace/")

    assert response.status_code == 301
    assert response["Location"] == "http://testserver/api/people/ada-king/"
    assert client.get("/api/people/nobody-at-all/").status_code == 404


def test_a_detail_takes_a_sparse_fieldset_and_skips_unasked_publications(
    client, lab, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        response = client.get("/api/people/ada-lovelace/?fields=slug,orcid")

    assert response.json() == {"slug": "ada-lovelace", "orcid": "0000-0002-1825-0097"}
