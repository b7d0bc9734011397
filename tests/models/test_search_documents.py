"""The publication search document follows its bylines, and byline updates that change
no name leave the publication unwritten (PostgreSQL triggers, migration 0018)."""

import pytest
from django.db import connection
from django.db.models import F

from profiles.merging import merge_people
from publications.models import Authorship, Publication
from publications.search import search_publications
from tests.factories import make_person, make_publication

pytestmark = pytest.mark.postgres


def found(name):
    return set(search_publications(Publication.objects.all(), name).values_list("title", flat=True))


def row_version(publication):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ctid::text FROM publications_publication WHERE id = %s", [publication.pk]
        )
        return cursor.fetchone()[0]


def test_merged_bylines_are_found_by_the_kept_name_and_the_printed_one(db):
    kept, other = make_person("Wilhelmina Quarrington"), make_person("Bartholomew Zyskowski")
    make_publication("Lattices of sand", authors=[other])
    assert found("Quarrington") == set()
    merge_people(keep=kept, other=other)
    assert found("Quarrington") == {"Lattices of sand"}
    assert found("Zyskowski") == {"Lattices of sand"}


def test_a_byline_moved_to_another_publication_leaves_the_first_one_unfound(db):
    author = make_person("Ottoline Vasquez-Brandt")
    first = make_publication("Rivers of glass", authors=[author])
    second = make_publication("Mountains of salt")
    Authorship.objects.filter(publication=first).update(publication=second)
    assert found("Vasquez-Brandt") == {"Mountains of salt"}


def test_reordering_a_byline_does_not_rewrite_its_publication(db):
    one, two = make_person("Ana Lindqvist"), make_person("Rui Okonkwo")
    publication = make_publication("Order matters little", authors=[one, two])
    before = row_version(publication)
    Authorship.objects.filter(publication=publication).update(position=10 - F("position"))
    assert row_version(publication) == before
    Authorship.objects.filter(person=two).update(name_as_printed="R. Okonkwo")
    assert row_version(publication) != before
