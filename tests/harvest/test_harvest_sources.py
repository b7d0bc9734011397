"""Each harvest source's client against a local server answering in its documented format:
success, paging, a 429 with Retry-After, a 5xx, a timeout and a malformed body."""

import datetime
import json
import time

import pytest
from django.test import override_settings
from werkzeug import Response

from publications.harvest.sources.arxiv import ArxivClient
from publications.harvest.sources.crossref import CrossrefClient
from publications.harvest.sources.dblp import DblpClient
from publications.harvest.sources.http import SourceError
from publications.harvest.sources.openalex import OpenAlexClient
from publications.harvest.sources.orcid import OrcidClient
from publications.models import Publication
from tests.support.harvest_server import (
    DBLP_PID,
    ORCID,
    answer,
    bulk_of,
    serve_orcid,
    source_settings,
)

Kind = Publication.Kind


@pytest.fixture
def sources(httpserver):
    with override_settings(**source_settings(httpserver)):
        yield httpserver


def _by_page(pages, key):
    """A handler answering pages[request.args[key]]: one answer per page asked for."""

    def handle(request):
        return Response(pages[request.args.get(key, "")], content_type="application/json")

    return handle


def test_orcid_gives_each_work_with_its_byline_identifiers_and_dates(sources):
    serve_orcid(sources)
    with OrcidClient() as client:
        works = client.works(ORCID)
    assert [w.title for w in works] == [
        "Toward a Unified Theory of High-Energy Metaphysics: Silly String Theory",
        "The Psychoceramics of Cracked Pots",
        "Cracks in the Theory of Everything",
    ]
    first, second, third = works
    assert (first.doi, first.kind, first.date) == (
        "10.5555/12345678",
        Kind.ARTICLE,
        datetime.date(2008, 8, 14),
    )
    assert [(a.name, a.orcid) for a in first.authors] == [
        ("Josiah Carberry", ORCID),
        ("Ada Lovelace", "0000-0001-5109-3700"),
    ]
    assert first.full_byline and first.venue == "Journal of Psychoceramics"
    assert second.authors == [] and second.year == 2011
    assert (third.arxiv_id, third.kind, third.year) == ("2101.00001", Kind.PREPRINT, 2021)
    request = sources.log[0][0]
    assert request.headers["Accept"] == "application/vnd.orcid+json"
    assert "mailto:" in request.headers["User-Agent"]


def test_orcid_reads_works_in_bulk_pages(sources):
    sources.expect_request(f"/orcid/v3.0/{ORCID}/works").respond_with_data(
        answer("orcid_works.json")
    )
    sources.expect_request(f"/orcid/v3.0/{ORCID}/works/1001,1002").respond_with_data(
        bulk_of(1001, 1002)
    )
    sources.expect_request(f"/orcid/v3.0/{ORCID}/works/1003").respond_with_data(bulk_of(1003))
    with override_settings(HARVEST_PAGE_SIZE=2), OrcidClient() as client:
        assert len(client.works(ORCID)) == 3


def test_orcid_says_when_it_has_no_such_record(sources):
    sources.expect_request(f"/orcid/v3.0/{ORCID}/works").respond_with_json(
        {"response-code": 404, "user-message": "The resource was not found."}, status=404
    )
    with pytest.raises(SourceError, match="ORCID has no record for the iD"), OrcidClient() as c:
        c.works(ORCID)


def test_openalex_follows_the_cursor_and_reads_authors_abstracts_and_arxiv_ids(sources):
    pages = {"*": answer("openalex_page1.json")}
    pages["IlsxNjA5MzcyODAwMDAwLCAnaHR0cHM6Ly9vcGVuYWxleC5vcmcvVzEwMDInXSI="] = answer(
        "openalex_page2.json"
    )
    sources.expect_request("/openalex/works").respond_with_handler(_by_page(pages, "cursor"))
    with OpenAlexClient() as client:
        works = client.works_by_author(orcid=ORCID)
    assert [w.title for w in works][2] == "The Psychoceramics of Cracked Pots"
    silly, cracks, pots = works
    assert silly.abstract == "Silly string theory." and silly.doi == "10.5555/12345678"
    assert [(a.name, a.orcid) for a in silly.authors][1] == ("Ada Lovelace", "")
    assert (cracks.arxiv_id, cracks.kind) == ("2101.00001", Kind.PREPRINT)
    assert pots.date == datetime.date(2011, 2, 1)
    first = sources.log[0][0].args
    assert first["filter"] == f"author.orcid:{ORCID}" and first["mailto"]


def test_openalex_finds_a_work_by_doi_or_says_it_has_none(sources):
    work = json.loads(answer("openalex_page2.json"))["results"][0]
    sources.expect_request("/openalex/works/doi:10.5555/87654321").respond_with_json(work)
    sources.expect_request("/openalex/works/doi:10.5555/00000000").respond_with_json(
        {"error": "Not found"}, status=404
    )
    with OpenAlexClient() as client:
        assert client.work_by_doi("10.5555/87654321").title == "The Psychoceramics of Cracked Pots"
        assert client.work_by_doi("10.5555/00000000") is None


def test_crossref_gives_a_work_by_doi_with_orcid_ids(sources):
    serve_orcid(sources)
    with CrossrefClient() as client:
        work = client.work("10.5555/87654321")
    assert [(a.name, a.orcid) for a in work.authors] == [
        ("Josiah Carberry", ORCID),
        ("Grace Hopper", ""),
    ]
    assert (work.date, work.abstract) == (datetime.date(2011, 2, 1), "Pots crack; we ask why.")


def test_crossref_follows_its_cursor_through_the_works_of_an_orcid_id(sources):
    item = json.loads(answer("crossref_work.json"))["message"]
    other = {**item, "DOI": "10.5555/12345678", "title": ["Silly String Theory"]}

    def page(items, cursor):
        message = {"total-results": 2, "items": items, "next-cursor": cursor}
        return json.dumps({"status": "ok", "message-type": "work-list", "message": message})

    pages = {"*": page([item], "AoJ3+Q=="), "AoJ3+Q==": page([other], "AoJ4+Q==")}
    sources.expect_request("/crossref/works").respond_with_handler(_by_page(pages, "cursor"))
    with CrossrefClient() as client:
        works = client.works_by_orcid(ORCID)
    assert [w.doi for w in works] == ["10.5555/87654321", "10.5555/12345678"]
    assert len(sources.log) == 2


def test_arxiv_pages_by_start_and_reads_the_atom_entries(sources):
    def handle(request):
        name = "arxiv_page1.xml" if request.args["start"] == "0" else "arxiv_page2.xml"
        return Response(answer(name), content_type="application/atom+xml")

    sources.expect_request("/arxiv/api/query").respond_with_handler(handle)
    with override_settings(HARVEST_PAGE_SIZE=1), ArxivClient() as client:
        works = client.search(author="Carberry, Josiah")
    cracks, strings = works
    assert cracks.title == "Cracks in the Theory of Everything"
    assert (cracks.arxiv_id, cracks.date, cracks.abstract) == (
        "2101.00001",
        datetime.date(2021, 1, 1),
        "We find cracks.",
    )
    assert [a.name for a in cracks.authors] == ["Josiah Carberry", "Grace Hopper"]
    assert strings.arxiv_id == "hep-th/9901001" and strings.kind == Kind.PREPRINT
    assert sources.log[0][0].args["search_query"] == 'au:"Carberry, Josiah"'


def test_arxiv_passes_on_its_error_feed(sources):
    sources.expect_request("/arxiv/api/query").respond_with_data(answer("arxiv_error.xml"))
    with pytest.raises(SourceError, match="incorrect id format"), ArxivClient() as client:
        client.search(ids=["1234.12345678"])


def test_dblp_reads_a_person_record_without_homonym_numbers(sources):
    # DBLP's person record is one document: there is no paging to follow.
    sources.expect_request(f"/dblp/pid/{DBLP_PID}.xml").respond_with_data(
        answer("dblp_person.xml"), content_type="application/xml"
    )
    with DblpClient() as client:
        theory, cracks = client.person(DBLP_PID)
    assert theory.title.endswith("Silly String Theory") and theory.doi == "10.5555/12345678"
    assert theory.authors[0].orcid == ORCID and theory.kind == Kind.ARTICLE
    assert [a.name for a in cracks.authors] == ["Josiah Carberry", "Grace Hopper"]
    assert (cracks.kind, cracks.arxiv_id, cracks.venue) == (Kind.PREPRINT, "2101.00001", "arXiv")


EMPTY_FEED = (
    '<feed xmlns="http://www.w3.org/2005/Atom" '
    'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">'
    "<opensearch:totalResults>0</opensearch:totalResults></feed>"
)
# Each source: how to ask it, the path asked first, a good answer there, and garbage.
CASES = {
    "orcid": (
        lambda: OrcidClient().works(ORCID),
        f"/orcid/v3.0/{ORCID}/works",
        '{"group": []}',
        '{"group": [{"work-summary": "none"}]}',
    ),
    "openalex": (
        lambda: OpenAlexClient().works_by_author(orcid=ORCID),
        "/openalex/works",
        '{"meta": {"count": 0, "next_cursor": null}, "results": []}',
        "<html><body>Bad gateway</body></html>",
    ),
    "crossref": (
        lambda: CrossrefClient().works_by_orcid(ORCID),
        "/crossref/works",
        '{"status": "ok", "message": {"total-results": 0, "items": []}}',
        '{"status": "ok", "message": {"items": [{"title": 5}]}}',
    ),
    "arxiv": (
        lambda: ArxivClient().search(author="Carberry, Josiah"),
        "/arxiv/api/query",
        EMPTY_FEED,
        "<feed xmlns='http://www.w3.org/2005/Atom'><entry>",
    ),
    "dblp": (
        lambda: DblpClient().person(DBLP_PID),
        f"/dblp/pid/{DBLP_PID}.xml",
        '<dblpperson name="Josiah Carberry" pid="00/0000" n="0"></dblpperson>',
        "<html>Please try again later</html>",
    ),
}


@pytest.fixture(params=list(CASES))
def case(request, sources):
    call, path, good, garbage = CASES[request.param]
    return call, path, good, garbage, sources


def test_a_429_is_waited_out_as_retry_after_asks_then_answered(case):
    call, path, good, _, server = case
    server.expect_oneshot_request(path).respond_with_data(
        "Too many requests", status=429, headers={"Retry-After": "1"}
    )
    server.expect_request(path).respond_with_data(good)
    started = time.monotonic()
    call()
    assert time.monotonic() - started >= 1
    assert [response.status_code for _, response in server.log] == [429, 200]


def test_a_retry_after_longer_than_we_wait_fails_at_once(case):
    call, path, _, _, server = case
    server.expect_request(path).respond_with_data("", status=429, headers={"Retry-After": "3600"})
    with pytest.raises(SourceError, match="asks to wait 3600 s"):
        call()
    assert len(server.log) == 1


def test_a_source_that_keeps_failing_gives_up_with_a_clear_message(case):
    call, path, _, _, server = case
    server.expect_request(path).respond_with_data("Service Unavailable", status=503)
    with pytest.raises(SourceError, match=r"answered HTTP 503, 3 times; try again later"):
        call()
    assert len(server.log) == 3


def test_a_passing_5xx_is_retried(case):
    call, path, good, _, server = case
    server.expect_oneshot_request(path).respond_with_data("Bad Gateway", status=502)
    server.expect_request(path).respond_with_data(good)
    call()
    assert [response.status_code for _, response in server.log] == [502, 200]


def test_a_source_that_does_not_answer_in_time_is_reported(case):
    call, path, good, _, server = case

    def slow(request):
        time.sleep(0.5)
        return Response(good)

    server.expect_request(path).respond_with_handler(slow)
    timeout = pytest.raises(SourceError, match=r"did not answer within 0.2 s, 2 times")
    with override_settings(HARVEST_TIMEOUT=0.2, HARVEST_RETRIES=1), timeout:
        call()


def test_a_malformed_answer_is_reported_not_raised_as_a_crash(case):
    call, path, _, garbage, server = case
    server.expect_request(path).respond_with_data(garbage)
    with pytest.raises(SourceError, match="answered"):
        call()


def test_a_refused_request_is_not_retried(case):
    call, path, _, _, server = case
    server.expect_request(path).respond_with_data("Bad Request", status=400)
    with pytest.raises(SourceError, match=r"refused the request \(HTTP 400\)"):
        call()
    assert len(server.log) == 1
