"""A local HTTP server that answers as the harvest sources do, from tests/data/harvest."""

import json

from tests.support import TESTS

DATA = TESTS / "data" / "harvest"
ORCID = "0000-0002-1825-0097"
DBLP_PID = "00/0000"


def answer(name):
    return (DATA / name).read_text()


def source_settings(httpserver, **extra):
    """Settings that point every source at `httpserver`, fast and without waiting."""
    base = httpserver.url_for("").rstrip("/")
    return {
        "HARVEST_ORCID_URL": f"{base}/orcid/v3.0",
        "HARVEST_OPENALEX_URL": f"{base}/openalex",
        "HARVEST_CROSSREF_URL": f"{base}/crossref",
        "HARVEST_ARXIV_URL": f"{base}/arxiv/api",
        "HARVEST_DBLP_URL": f"{base}/dblp",
        "HARVEST_ORCID_INTERVAL": 0,
        "HARVEST_OPENALEX_INTERVAL": 0,
        "HARVEST_CROSSREF_INTERVAL": 0,
        "HARVEST_ARXIV_INTERVAL": 0,
        "HARVEST_DBLP_INTERVAL": 0,
        "HARVEST_TIMEOUT": 2,
        "HARVEST_RETRIES": 2,
        "HARVEST_BACKOFF": 0.01,
        **extra,
    }


def serve_orcid(httpserver, orcid=ORCID):
    """ORCID's works of the test researcher, and Crossref's byline for the DOI-only one."""
    orcid_json = "application/vnd.orcid+json"
    httpserver.expect_request(f"/orcid/v3.0/{orcid}/works").respond_with_data(
        answer("orcid_works.json"), content_type=orcid_json
    )
    httpserver.expect_request(f"/orcid/v3.0/{orcid}/works/1001,1002,1003").respond_with_data(
        answer("orcid_bulk.json"), content_type=orcid_json
    )
    httpserver.expect_request("/crossref/works/10.5555/87654321").respond_with_data(
        answer("crossref_work.json"), content_type="application/json"
    )


def bulk_of(*codes):
    works = json.loads(answer("orcid_bulk.json"))["bulk"]
    return json.dumps({"bulk": [w for w in works if w["work"]["put-code"] in codes]})
