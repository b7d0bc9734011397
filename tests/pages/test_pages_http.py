"""HTTP behaviour of the pages: conditional GET, error pages and static files."""

import json

import pytest
from django.core.management import call_command
from django.http import HttpResponseNotFound
from django.templatetags.static import static
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.views.defaults import server_error
from whitenoise.middleware import WhiteNoiseMiddleware

from tests.support.pages_data import small_institute

pytestmark = pytest.mark.django_db

PAGES = ["profiles:directory", "publications:list", "profiles:topic-list"]


def test_pages_carry_an_etag_and_answer_304_while_unchanged(client):
    data = small_institute()
    urls = [*map(reverse, PAGES), data["ada"].get_absolute_url(), data["new"].get_absolute_url()]
    for url in urls:
        first = client.get(url)
        assert first.status_code == 200 and first.has_header("ETag"), url
        again = client.get(url, headers={"if-none-match": first["ETag"]})
        assert again.status_code == 304, url
        assert again.content == b""


def test_a_changed_page_gets_a_new_etag_and_a_full_answer(client):
    data = small_institute()
    url = data["grace"].get_absolute_url()
    etag = client.get(url)["ETag"]
    data["grace"].position = "Rear Admiral"
    data["grace"].save()
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Rear Admiral" in response.content.decode()


def test_an_unknown_address_gets_the_designed_404_page(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert 'class="site-header"' in html and 'name="q"' in html


def test_a_server_error_gets_a_plain_self_contained_500_page():
    request = RequestFactory().get("/")
    response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Something went wrong</h1>" in html
    assert "{%" not in html and "stylesheet" not in html


def test_pages_load_nothing_from_another_host(client):
    data = small_institute()
    for url in [*map(reverse, PAGES), data["ada"].get_absolute_url()]:
        html = client.get(url).content.decode()
        for attribute in ('src="http', 'src="//', 'href="//'):
            assert attribute not in html, url
        assert html.count('rel="stylesheet"') == 1


def test_collectstatic_writes_hashed_compressed_files_served_with_long_lifetimes(client, tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # Only our own static/ folder: the apps' files (admin, API docs) take long to compress.
    own_files = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    with override_settings(
        STATIC_ROOT=tmp_path,
        STORAGES=storages,
        STATICFILES_FINDERS=own_files,
        WHITENOISE_USE_FINDERS=False,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        manifest = json.loads((tmp_path / "staticfiles.json").read_text())
        hashed = manifest["paths"]["css/site.css"]
        assert hashed != "css/site.css" and hashed.startswith("css/site.")
        assert (tmp_path / hashed).exists() and (tmp_path / f"{hashed}.gz").exists()
        assert static("css/site.css") == f"/static/{hashed}"
        assert (
            f'href="/static/{hashed}"'
            in client.get(reverse("profiles:topic-list")).content.decode()
        )

        serve = WhiteNoiseMiddleware(lambda request: HttpResponseNotFound())
        response = serve(RequestFactory().get(f"/static/{hashed}"))
        assert response.status_code == 200
        assert "max-age=315360000" in response["Cache-Control"]
        assert "immutable" in response["Cache-Control"]
        unhashed = serve(RequestFactory().get("/static/css/site.css"))
        assert "immutable" not in unhashed["Cache-Control"]
