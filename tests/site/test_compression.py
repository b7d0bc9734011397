"""Pages and API answers are gzipped for a client that asks (Lighthouse's text-compression
audit, benchmarks/lighthouse.py); a cached answer, a 304 and a write's If-Match still work."""

import gzip

import pytest
from django.conf import settings

from tests.factories import make_person, make_publication

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]
GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def test_gzip_middleware_comes_right_after_whitenoise():
    middleware = settings.MIDDLEWARE
    whitenoise = middleware.index("whitenoise.middleware.WhiteNoiseMiddleware")
    assert middleware[whitenoise + 1] == "django.middleware.gzip.GZipMiddleware"


def test_a_page_is_gzipped_for_a_client_that_asks_and_plain_for_one_that_does_not(client):
    ada = make_person("Ada Lovelace", has_profile=True)
    for n in range(20):
        make_publication(f"Notes on the engine, part {n}", authors=[ada], year=1843)
    url = ada.get_absolute_url()
    plain = client.get(url)
    assert "Content-Encoding" not in plain and "Accept-Encoding" in plain["Vary"]
    packed = client.get(url, headers=GZIP)
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 3
    # The ETag names the page in either encoding: the client sends it back and gets a 304.
    again = client.get(url, headers={**GZIP, "If-None-Match": packed["ETag"]})
    assert again.status_code == 304


def test_an_api_write_accepts_the_etag_of_a_gzipped_read(admin_client):
    ada = make_person("Ada Lovelace", has_profile=True, orcid="0000-0002-1825-0097")
    url = f"/api/people/{ada.slug}/"
    read = admin_client.get(url, headers=GZIP)
    assert read["Content-Encoding"] == "gzip"
    assert read["ETag"].startswith('W/"')  # weakened by the compression, as RFC 9110 asks
    written = admin_client.patch(
        url,
        {"full_name": "Augusta Ada Lovelace"},
        content_type="application/json",
        headers={"If-Match": read["ETag"]},
    )
    assert written.status_code == 200, written.content
