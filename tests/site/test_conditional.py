"""Conditional GET and the page cache, keyed on the content version (PostgreSQL)."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from publications.models import Publication
from tests.factories import make_person, make_publication

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def publication_url():
    petar = make_person("Petar Veličković", has_profile=True)
    return make_publication("Graph attention networks", authors=[petar]).get_absolute_url()


@pytest.mark.postgres
def test_a_repeated_request_gets_a_304_for_one_small_query(client, django_assert_num_queries):
    url = publication_url()
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('W/"v')
    with django_assert_num_queries(1):
        again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag


@pytest.mark.postgres
def test_a_repeated_request_without_the_etag_is_served_from_the_cache(
    client, django_assert_num_queries
):
    url = publication_url()
    first = client.get(url)
    with django_assert_num_queries(1):
        again = client.get(url)
    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["ETag"] == first["ETag"]


@pytest.mark.postgres
def test_any_write_even_a_bulk_update_changes_the_etag_and_the_answer(client):
    url = publication_url()
    first = client.get(url)
    Publication.objects.update(title="Graph attention, revised")
    after = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != first["ETag"]
    assert b"Graph attention, revised" in after.content


@pytest.mark.postgres
def test_no_cache_from_the_client_makes_the_view_run_again(client, django_assert_num_queries):
    url = publication_url()
    client.get(url)
    with django_assert_num_queries(1):
        client.get(url)
    response = client.get(url, headers={"Cache-Control": "no-cache"})
    assert response.status_code == 200


@pytest.mark.postgres
def test_signed_in_editors_are_never_served_shared_answers(editor_client):
    url = publication_url()
    shared_etag = Client().get(url)["ETag"]
    assert shared_etag.startswith('W/"v')
    response = editor_client.get(url)
    assert not response.get("ETag", "").startswith('W/"v')
    # The anonymous, shared version tag must not let an editor skip their own page.
    assert editor_client.get(url, headers={"If-None-Match": shared_etag}).status_code == 200


@pytest.mark.postgres
def test_unknown_pages_are_not_cached(client):
    response = client.get(reverse("profiles:person-detail", args=["nobody-here"]))
    assert response.status_code == 404
    # Only the body-hash ETag of ConditionalGetMiddleware, never a shared version tag.
    assert not response.get("ETag", "").startswith('W/"v')


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite behaviour")
def test_on_sqlite_requests_pass_through_untouched(client):
    response = client.get(publication_url())
    assert response.status_code == 200
    assert not response.get("ETag", "").startswith('W/"v')
