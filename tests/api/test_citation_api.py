"""BibTeX, RIS and CSL-JSON from the JSON API (the publication list, a publication and
a person's publications), read back with bibtexparser, rispy and the CSL data schema."""

import json

import bibtexparser
import jsonschema
import pytest
import rispy
import yaml
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from core.api.conventions import etag_of
from publications import citations
from publications.models import Publication
from tests.factories import make_person, make_publication, make_topic
from tests.support.citation_helpers import (
    CSL_SCHEMA,
    accented_publication,
    bibtex_names,
    byline,
    import_seed,
    many_publications,
    parse_bibtex,
)

pytestmark = pytest.mark.django_db

FORMATS = {
    "bibtex": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
    "csl-json": "application/vnd.citationstyles.csl+json",
}
ENDPOINTS = ["list", "detail", "person"]
SCHEMA_PATHS = {
    "list": "/api/publications/",
    "detail": "/api/publications/{id}/",
    "person": "/api/people/{slug}/publications/",
}
# Queries: the count a list export is bounded by, the publications, their bylines
# with people, their topics; and the person.
QUERY_BUDGETS = {"list": 4, "detail": 3, "person": 5}


def address(endpoint, publication):
    first_author = publication.authorships.select_related("person").first().person
    return {
        "list": "/api/publications/",
        "detail": f"/api/publications/{publication.pk}/",
        "person": f"/api/people/{first_author.slug}/publications/",
    }[endpoint]


def get(client, url, query=None, status=200, **headers):
    response = client.get(url, query, headers=headers)
    assert response.status_code == status, response.content
    return response


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def titles(fmt, response):
    """The titles of the works in a citation answer, read with that format's parser."""
    text = response.content.decode()
    if fmt == "bibtex":
        library = parse_bibtex(text)
        assert not library.failed_blocks
        return [entry["title"] for entry in library.entries]
    if fmt == "ris":
        return [record["title"] for record in rispy.loads(text)]
    items = json.loads(text)
    jsonschema.validate(items, CSL_SCHEMA)
    return [item["title"] for item in items]


def json_titles(client, url, query=None):
    """Every title of a paged JSON list, page after page."""
    found, page = [], 1
    while True:
        body = get(client, url, {**(query or {}), "page_size": 100, "page": page}).json()
        found += [publication["title"] for publication in body["results"]]
        if not body["next"]:
            return found
        page += 1


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_the_format_parameter_and_accept_give_the_same_file(client, endpoint, fmt):
    url = address(endpoint, accented_publication())

    by_parameter = get(client, url, {"format": fmt})
    by_accept = get(client, url, Accept=FORMATS[fmt])

    assert by_parameter["Content-Type"] == f"{FORMATS[fmt]}; charset=utf-8"
    assert by_accept["Content-Type"] == by_parameter["Content-Type"]
    assert by_accept.content == by_parameter.content


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_bibtex_reads_back_with_accents_and_particles_in_byline_order(client, endpoint):
    publication = accented_publication()

    text = get(client, address(endpoint, publication), {"format": "bibtex"}).content.decode()

    library = parse_bibtex(text)
    assert not library.failed_blocks
    [entry] = library.entries
    assert (entry.entry_type, entry.key) == ("article", "velickovic2025mesanet")
    assert entry["title"] == publication.title
    assert bibtex_names(entry) == byline(publication)
    assert bibtex_names(entry)[2] == ("Johannes", "von", "Oswald")
    assert entry["journal"] == publication.venue
    [raw] = bibtexparser.parse_string(text).entries
    assert (raw["doi"], raw["eprint"]) == ("10.1000/xyz_123", "2506.05233")


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_ris_reads_back_with_one_au_per_author_in_order(client, endpoint):
    publication = accented_publication()

    response = get(client, address(endpoint, publication), Accept=FORMATS["ris"])

    [record] = rispy.loads(response.content.decode())
    assert record["type_of_reference"] == "JOUR"
    assert record["title"] == publication.title
    assert record["authors"] == ["Veličković, Petar", "Trzciński, Tomasz", "von Oswald, Johannes"]
    assert record["doi"] == "10.1000/xyz_123"


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_csl_json_is_valid_against_the_csl_data_schema(client, endpoint):
    publication = accented_publication()

    response = get(client, address(endpoint, publication), {"format": "csl-json"})

    items = json.loads(response.content)
    jsonschema.validate(items, CSL_SCHEMA)
    [item] = items
    assert (item["id"], item["type"]) == ("velickovic2025mesanet", "article-journal")
    assert item["title"] == publication.title
    assert item["author"] == [
        {"family": "Veličković", "given": "Petar"},
        {"family": "Trzciński", "given": "Tomasz"},
        {"family": "Oswald", "given": "Johannes", "dropping-particle": "von"},
    ]


def test_the_api_and_the_download_links_give_the_same_bytes(client):
    publication = accented_publication()
    person = publication.authorships.first().person
    pairs = [
        (
            reverse("publications:cite", args=[publication.pk, "bib"]),
            address("detail", publication),
            "bibtex",
        ),
        (
            reverse("publications:person-export", args=[person.slug, "ris"]),
            address("person", publication),
            "ris",
        ),
        (
            f"{reverse('publications:export', args=['json'])}?person={person.slug}",
            address("list", publication),
            "csl-json",
        ),
    ]
    for download, api, fmt in pairs:
        assert get(client, api, {"format": fmt}).content == get(client, download).content, api


@pytest.fixture
def library():
    """25 papers by Ada over two years (more than a page), and two by others."""
    ada = make_person("Ada Lovelace", has_profile=True)
    for number in range(25):
        make_publication(f"Study {number:02}", authors=[ada], year=2000 + number % 2)
    looms = make_publication("Looms", authors=[make_person()], year=1842, kind="book")
    looms.topics.add(make_topic("Weaving"))
    make_publication("Engines", authors=[make_person(), ada], year=1843, kind="article")


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"year": "2001"},
        {"year_min": "1843", "year_max": "2000"},
        {"kind": "book"},
        {"topic": "weaving"},
        {"author": "ada-lovelace"},
        {"search": "looms"},
        {"ordering": "-title", "author": "ada-lovelace"},
        {"ordering": "year,title"},
    ],
)
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_list_export_keeps_filters_search_and_ordering_and_has_every_match(
    client, library, fmt, query
):
    expected = json_titles(client, "/api/publications/", query)
    assert expected

    response = get(client, "/api/publications/", {**query, "format": fmt})

    assert titles(fmt, response) == expected


@pytest.mark.parametrize("fmt", FORMATS)
def test_citation_lists_are_not_paged(client, library, fmt):
    paged = {"page_size": 5, "page": 2}
    everything = get(client, "/api/publications/", {**paged, "format": fmt})
    assert len(titles(fmt, everything)) == Publication.objects.count() == 27

    mine = get(client, "/api/people/ada-lovelace/publications/", {**paged, "format": fmt})
    assert titles(fmt, mine) == json_titles(client, "/api/people/ada-lovelace/publications/")
    assert len(titles(fmt, mine)) == 26


def test_the_seed_profile_comes_out_whole_in_every_format(client):
    person = import_seed()
    url = f"/api/people/{person.slug}/publications/"
    expected = json_titles(client, url)
    bylines = [len(p["authors"]) for p in get(client, url, {"page_size": 100}).json()["results"]]
    assert len(expected) >= 5

    for fmt in FORMATS:
        assert titles(fmt, get(client, url, {"format": fmt})) == expected, fmt
    records = rispy.loads(get(client, url, {"format": "ris"}).content.decode())
    assert [len(record["authors"]) for record in records] == bylines


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_json_stays_the_default_and_unchanged(client, endpoint):
    publication = accented_publication()
    url = address(endpoint, publication)

    default = get(client, url)

    assert default["Content-Type"] == "application/json"
    body = default.json()
    assert (body if endpoint == "detail" else body["results"][0])["title"] == publication.title
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    for accept in ["application/json", "*/*", browser]:
        assert get(client, url, Accept=accept).content == default.content, accept
    # DRF keeps `format` in the links it builds, so that they answer in the same format.
    as_json = get(client, url, {"format": "json"}).content
    assert as_json.replace(b"?format=json", b"") == default.content


@pytest.mark.parametrize("fmt", FORMATS)
def test_errors_stay_problem_json(client, fmt):
    publication = accented_publication()
    accept = {"Accept": FORMATS[fmt]}

    problem(client.get(f"/api/publications/{publication.pk + 1}/", headers=accept), 404)
    problem(client.get("/api/people/nobody/publications/", headers=accept), 404)
    body = problem(client.get("/api/publications/", {"year": "soon"}, headers=accept), 400)
    assert body["errors"][0]["parameter"] == "year"


@pytest.mark.parametrize(
    ("endpoint", "query", "parameter"),
    [
        ("list", {"page": "0"}, "page"),
        ("list", {"page_size": "1000"}, "page_size"),
        ("list", {"fields": "nope"}, "fields"),
        ("list", {"search": "x" * 201}, "search"),
        ("detail", {"fields": "title,nope"}, "fields"),
        ("person", {"page": "abc"}, "page"),
        ("person", {"fields": "nope"}, "fields"),
    ],
)
def test_paging_and_fields_are_checked_in_every_format(client, endpoint, query, parameter):
    url = address(endpoint, accented_publication())
    for fmt in ["json", *FORMATS]:
        body = problem(client.get(url, {**query, "format": fmt}), 400)
        assert body["errors"][0]["parameter"] == parameter, fmt


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_an_unknown_format_is_a_400_naming_the_choices_and_an_unknown_accept_a_406(
    client, endpoint
):
    url = address(endpoint, accented_publication())

    body = problem(client.get(url, {"format": "xml"}), 400)
    assert body["errors"] == [
        {
            "detail": "Choose one of json, bibtex, ris, csl-json.",
            "code": "invalid",
            "parameter": "format",
        }
    ]
    problem(client.get(url, headers={"Accept": "application/xml"}), 406)


def test_other_reads_offer_json_only(client):
    publication = accented_publication()
    for url in [
        "/api/topics/",
        f"/api/people/{publication.authorships.first().person.slug}/",
        "/api/publications/doi:10.1000/xyz_123/",
    ]:
        problem(client.get(url, headers={"Accept": FORMATS["bibtex"]}), 406)
        body = problem(client.get(url, {"format": "bibtex"}), 400)
        assert body["errors"][0]["detail"] == "Choose one of json."


def test_writes_answer_json_only_and_write_nothing_when_refused(token_client):
    body = json.dumps({"title": "Engines", "kind": "article"})
    post = {"data": body, "content_type": "application/json"}

    refused = token_client.post("/api/publications/", **post, headers={"Accept": FORMATS["ris"]})
    problem(refused, 406)
    problem(token_client.post("/api/publications/?format=ris", **post), 400)
    assert not Publication.objects.exists()

    either = f"{FORMATS['ris']}, application/json"
    created = token_client.post("/api/publications/", **post, headers={"Accept": either})
    assert created.status_code == 201, created.content
    assert created["Content-Type"] == "application/json"
    url = created.json()["api_url"]
    etag = token_client.get(url)["ETag"]
    patch = {"data": json.dumps({"title": "Looms"}), "content_type": "application/json"}
    problem(
        token_client.patch(url, **patch, headers={"If-Match": etag, "Accept": FORMATS["ris"]}), 406
    )
    assert Publication.objects.get().title == "Engines"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_citation_answers_carry_the_etag_of_their_body_and_answer_304(client, endpoint, fmt):
    url = address(endpoint, accented_publication())
    accept = FORMATS[fmt]

    first = get(client, url, Accept=accept)
    json_etag = get(client, url)["ETag"]
    again = client.get(url, headers={"Accept": accept, "If-None-Match": first["ETag"]})

    assert first["ETag"] == etag_of(first.content) != json_etag
    assert "Accept" in first["Vary"]
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert "Accept" in again["Vary"]
    assert get(client, url, Accept=accept, **{"If-None-Match": json_etag}).content == first.content


@pytest.mark.postgres
def test_the_shared_page_cache_keeps_formats_apart(client):
    url = address("detail", accented_publication())
    with override_settings(PAGE_CACHE=True):
        cache.clear()
        as_json = get(client, url)
        as_bibtex = get(client, url, Accept=FORMATS["bibtex"])
        again = client.get(url, headers={"Accept": FORMATS["bibtex"]})
        cache.clear()

    assert as_bibtex["Content-Type"].startswith(FORMATS["bibtex"])
    assert as_bibtex["ETag"] != as_json["ETag"]
    assert again.content == as_bibtex.content
    assert again["Content-Type"] == as_bibtex["Content-Type"]


@pytest.mark.parametrize("count", [3, 40], ids=["small", "large"])
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_citation_answers_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, endpoint, fmt, count
):
    person = many_publications(count, authors_each=6)
    url = address(endpoint, person.authorships.first().publication)

    with django_assert_max_num_queries(QUERY_BUDGETS[endpoint]):
        response = get(client, url, {"format": fmt})

    assert len(titles(fmt, response)) == (1 if endpoint == "detail" else count)


def served_schema(client):
    return yaml.safe_load(get(client, "/api/schema/").content)


def test_the_schema_documents_citation_formats_only_on_the_three_reads(client):
    schema = served_schema(client)
    citing = {("get", path) for path in SCHEMA_PATHS.values()}

    for path, path_item in schema["paths"].items():
        for method, operation in path_item.items():
            responses = operation["responses"]
            content = (responses.get("200") or responses.get("201") or {}).get("content", {})
            parameters = {p["name"]: p for p in operation.get("parameters", [])}
            if (method, path) in citing:
                assert list(content) == ["application/json", *FORMATS.values()]
                assert content[FORMATS["bibtex"]]["schema"]["type"] == "string"
                assert content[FORMATS["ris"]]["schema"]["type"] == "string"
                csl = content[FORMATS["csl-json"]]["schema"]
                assert (csl["type"], csl["items"]["type"]) == ("array", "object")
                assert "$ref" in json.dumps(content["application/json"]["schema"])
                assert parameters["format"]["in"] == "query"
                assert sorted(parameters["format"]["schema"]["enum"]) == sorted(["json", *FORMATS])
            else:
                assert set(content) <= {"application/json"}, (method, path)
                assert "format" not in parameters, (method, path)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_each_citation_answer_matches_the_schema_documented_for_its_media_type(client, endpoint):
    content = served_schema(client)["paths"][SCHEMA_PATHS[endpoint]]["get"]["responses"]["200"][
        "content"
    ]
    url = address(endpoint, accented_publication())

    for fmt, media_type in FORMATS.items():
        response = get(client, url, Accept=media_type)
        text = response.content.decode()
        body = json.loads(text) if fmt == "csl-json" else text
        jsonschema.validate(body, content[media_type]["schema"])


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_citation_list_longer_than_the_export_limit_is_a_400_saying_how_to_narrow_it(
    client, monkeypatch, fmt
):
    monkeypatch.setattr(citations, "EXPORT_LIMIT", 2)
    ada = make_person("Ada Lovelace")
    for year in (2020, 2021, 2021):
        make_publication(authors=[ada], year=year)

    refused = problem(get(client, "/api/publications/", {"format": fmt}, status=400), 400)
    assert refused["detail"] == (
        "This list holds 3 publications; an export holds at most 2. "
        "Narrow it with search, year, year_min, year_max, kind, topic or author."
    )
    person = problem(
        get(client, f"/api/people/{ada.slug}/publications/", {"format": fmt}, 400), 400
    )
    assert person["detail"].startswith("This list holds 3 publications; an export holds at most 2.")
    assert "a page at a time" in person["detail"]

    narrowed = get(client, "/api/publications/", {"format": fmt, "year": 2021})
    assert len(titles(fmt, narrowed)) == 2
    assert len(get(client, f"/api/people/{ada.slug}/publications/").json()["results"]) == 3


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_citation_list_still_says_its_media_type(client, fmt):
    response = get(client, "/api/publications/", {"format": fmt})

    assert response["Content-Type"] == f"{FORMATS[fmt]}; charset=utf-8"
    assert titles(fmt, response) == []
