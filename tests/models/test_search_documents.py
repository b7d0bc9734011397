"""The publication search document follows its bylines, and byline updates that change
no name leave the publication unwritten (PostgreSQL triggers, migration 0018)."""

import pytest
from django.db import connection
from django.db.models import Case, F, Value, When

from profiles.merging import merge_people
from profiles.models import Person
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


def test_people_renamed_in_one_statement_are_found_by_their_new_names(db):
    first, second = make_person("Ignatius Pemberton"), make_person("Rosalind Achterberg")
    make_publication("Tides of copper", authors=[first])
    make_publication("Winds of tin", authors=[second])
    Person.objects.filter(pk__in=[first.pk, second.pk]).update(
        full_name=Case(
            When(pk=first.pk, then=Value("Ignatius Pemberton-Vale")),
            default=Value("Rosalind Achterberg-Moss"),
        )
    )
    assert found("Pemberton-Vale") == {"Tides of copper"}
    assert found("Achterberg-Moss") == {"Winds of tin"}


def test_a_person_saved_under_the_same_name_leaves_their_publications_unwritten(db):
    author = make_person("Cornelius Ashdown")
    publication = make_publication("Glaciers of ink", authors=[author])
    before = row_version(publication)
    Person.objects.filter(pk=author.pk).update(position="Professor")
    assert row_version(publication) == before
    Person.objects.filter(pk=author.pk).update(full_name="Cornelius Ashdown-Reyes")
    assert row_version(publication) != before


def stored_document(publication):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM publications_publication WHERE id = %s",
            [publication.pk],
        )
        return cursor.fetchone()[0]


def test_a_document_refreshed_for_its_bylines_is_the_one_a_full_fill_makes(db):
    # "Brass" is in the title, the abstract and a name: one lexeme under three weights.
    author, other = make_person("Ottilie Brass"), make_person("Sven Halvorsen")
    publication = make_publication(
        "Fjords of brass", authors=[author, other], abstract="Brass and salt along the fjords."
    )
    Person.objects.filter(pk=author.pk).update(full_name="Ottilie Brass-Ness")
    Authorship.objects.filter(person=other).update(name_as_printed="S. Halvorsen")
    refreshed = stored_document(publication)
    assert "'ness':" in refreshed
    Publication.objects.filter(pk=publication.pk).update(title="Another title")
    Publication.objects.filter(pk=publication.pk).update(title="Fjords of brass")
    assert stored_document(publication) == refreshed
