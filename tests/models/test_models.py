import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from profiles.models import NameVariant, Person, PersonRedirect
from publications.models import Authorship, Publication
from tests.factories import make_person, make_publication, make_topic

pytestmark = pytest.mark.django_db


def test_particle_does_not_decide_the_sort_order():
    oswald = make_person("Johannes von Oswald")
    make_person("Petar Veličković")
    make_person("Nino Scherrer")
    assert (oswald.given_name, oswald.name_particle, oswald.family_name) == (
        "Johannes",
        "von",
        "Oswald",
    )
    assert oswald.display_sort_name == "Oswald, Johannes von"
    assert [p.family_name for p in Person.objects.all()] == ["Oswald", "Scherrer", "Veličković"]


def test_slug_is_made_from_the_name_without_accents_and_kept_unique():
    first = make_person("Petar Veličković")
    second = make_person("Petar Velickovic")
    assert first.slug == "petar-velickovic"
    assert second.slug == "petar-velickovic-2"


def test_changing_a_slug_keeps_the_old_one_as_a_redirect():
    person = make_person("Alex Ku")
    person.slug = "alexander-ku"
    person.save()
    assert PersonRedirect.objects.get(old_slug="alex-ku").person == person


def test_name_variants_store_a_match_key():
    person = make_person("Alexander Y. Ku")
    variant = NameVariant.objects.create(person=person, name="  Alex   KU ")
    assert variant.name == "Alex KU"
    assert variant.key == "alex ku"


def test_identifiers_are_normalised_on_save_and_unique():
    publication = make_publication(doi="https://doi.org/10.1000/ABC", arxiv_id="arXiv:2506.05233v1")
    publication.refresh_from_db()
    assert (publication.doi, publication.arxiv_id) == ("10.1000/abc", "2506.05233")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_publication(doi="10.1000/abc")


def test_many_publications_may_have_no_doi():
    make_publication(doi="")
    make_publication(doi=None)
    assert Publication.objects.filter(doi__isnull=True).count() == 2


def test_full_clean_gives_field_level_messages():
    person = Person(full_name="Ada Lovelace", slug="ada", orcid="0000-0002-1825-0098")
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "check digit" in error.value.message_dict["orcid"][0]

    publication = Publication(title="Notes", year=1200, doi="nonsense")
    with pytest.raises(ValidationError) as error:
        publication.full_clean()
    assert set(error.value.message_dict) >= {"year", "doi"}


def test_a_person_appears_once_per_publication():
    ada = make_person("Ada Lovelace")
    publication = make_publication(authors=[ada])
    with pytest.raises(IntegrityError), transaction.atomic():
        Authorship.objects.create(publication=publication, person=ada, position=2)


def test_byline_positions_are_unique_but_may_be_unknown():
    ada, bob, cy = make_person(), make_person(), make_person()
    publication = make_publication(authors=[ada])
    with pytest.raises(IntegrityError), transaction.atomic():
        Authorship.objects.create(publication=publication, person=bob, position=1)
    Authorship.objects.create(publication=publication, person=bob, position=None)
    Authorship.objects.create(publication=publication, person=cy, position=None)
    assert [a.person for a in publication.authorships.all()] == [ada, bob, cy]


def test_deleting_an_author_is_refused_while_papers_name_them():
    ada = make_person("Ada Lovelace")
    publication = make_publication(authors=[ada])
    with pytest.raises(ProtectedError):
        ada.delete()
    assert publication.authorships.count() == 1


def test_deleting_a_publication_keeps_its_people_and_topics():
    ada = make_person("Ada Lovelace")
    topic = make_topic("Analytical Engines")
    publication = make_publication(authors=[ada])
    publication.topics.add(topic)
    publication.delete()
    assert Person.objects.filter(pk=ada.pk).exists()
    assert topic.people.count() == 0 and Authorship.objects.count() == 0
    ada.refresh_from_db()


def test_deleting_a_topic_unlinks_it_without_touching_people():
    ada = make_person("Ada Lovelace")
    topic = make_topic("Analytical Engines")
    ada.topics.add(topic)
    topic.delete()
    assert Person.objects.get(pk=ada.pk).topics.count() == 0


def test_a_publication_cannot_be_a_version_of_itself():
    paper = make_publication("Attention is all you need")
    paper.version_of = paper

    with pytest.raises(ValidationError) as refused:
        paper.full_clean()

    assert refused.value.message_dict == {
        "version_of": ["A publication cannot be a version of itself."]
    }


def test_deleting_a_publication_unlinks_its_other_versions():
    preprint = make_publication("Attention is all you need (preprint)")
    paper = make_publication("Attention is all you need", version_of=preprint)
    preprint.delete()
    paper.refresh_from_db()
    assert paper.version_of is None


def test_setting_authors_replaces_the_byline_in_order():
    from publications.services import publication_set_authors

    ada, bob, cy = make_person("Ada Lovelace"), make_person("Bob Kahn"), make_person("Cy Young")
    publication = make_publication(authors=[ada, bob])
    publication_set_authors(
        publication=publication, authors=[(cy, "C. Young"), (ada, ""), (bob, "B. Kahn")]
    )
    byline = [(a.position, a.person, a.name_as_printed) for a in publication.authorships.all()]
    assert byline == [(1, cy, "C. Young"), (2, ada, "Ada Lovelace"), (3, bob, "B. Kahn")]


def test_records_with_identifiers_can_be_saved_again():
    # History tables copy the identifier fields and must not stay unique.
    person = make_person("Ada Lovelace", orcid="0000-0002-1825-0097")
    person.save()
    publication = make_publication(doi="10.1000/abc", arxiv_id="2506.05233")
    publication.save()
    assert person.history.count() == 2 and publication.history.count() == 2
