import re

import pytest
from django.urls import reverse

from profiles.models import Person
from publications.models import Publication
from tests.factories import make_person, make_publication, make_topic

pytestmark = pytest.mark.django_db


def _fill(n_people, n_publications):
    topic = make_topic()
    people = [make_person() for _ in range(n_people)]
    for person in people:
        person.topics.add(topic)
    for _ in range(n_publications):
        publication = make_publication(authors=people[:5])
        publication.topics.add(topic)


@pytest.mark.parametrize("size", [1, 60])
@pytest.mark.parametrize(
    "url_name",
    [
        "admin:publications_publication_changelist",
        "admin:profiles_person_changelist",
        "admin:profiles_topic_changelist",
    ],
)
def test_change_lists_run_a_fixed_number_of_queries(
    editor_client, django_assert_max_num_queries, size, url_name
):
    _fill(n_people=size + 5, n_publications=size)
    with django_assert_max_num_queries(12):
        response = editor_client.get(reverse(url_name))
    assert response.status_code == 200


def test_publication_change_list_shows_ordered_authors_and_counts(editor_client):
    ada, bob = make_person("Ada Lovelace"), make_person("Bob Kahn")
    make_publication("Notes on the engine", authors=[bob, ada], year=1843)
    response = editor_client.get(reverse("admin:publications_publication_changelist"))
    assert "Bob Kahn; Ada Lovelace" in response.text


def test_add_publication_with_three_ordered_authors(editor_client):
    ada, bob, cy = make_person("Ada Lovelace"), make_person("Bob Kahn"), make_person("Cy Young")
    data = {
        "title": "Three authors in order",
        "kind": "article",
        "year": "2024",
        "venue": "Journal of Tests",
        "abstract": "",
        "doi": "https://doi.org/10.5555/Three",
        "arxiv_id": "",
        "url": "",
        "pdf_url": "",
        "authorships-TOTAL_FORMS": "3",
        "authorships-INITIAL_FORMS": "0",
        "authorships-MIN_NUM_FORMS": "0",
        "authorships-MAX_NUM_FORMS": "1000",
    }
    for index, (person, position) in enumerate([(cy, 3), (ada, 1), (bob, 2)]):
        data[f"authorships-{index}-person"] = str(person.pk)
        data[f"authorships-{index}-position"] = str(position)
        data[f"authorships-{index}-name_as_printed"] = person.full_name
    response = editor_client.post(reverse("admin:publications_publication_add"), data)
    assert response.status_code == 302, response.content
    publication = Publication.objects.get(title="Three authors in order")
    assert publication.doi == "10.5555/three"
    assert [a.person for a in publication.authorships.all()] == [ada, bob, cy]


def test_bad_identifiers_get_field_messages_in_admin(editor_client):
    data = {
        "title": "Bad identifiers",
        "kind": "article",
        "year": "3000",
        "doi": "not-a-doi",
        "arxiv_id": "12",
        "authorships-TOTAL_FORMS": "0",
        "authorships-INITIAL_FORMS": "0",
    }
    response = editor_client.post(reverse("admin:publications_publication_add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"year", "doi", "arxiv_id"}
    assert "Enter a DOI" in errors["doi"][0]
    assert not Publication.objects.exists()


def test_duplicate_doi_is_a_field_error_not_a_crash(editor_client):
    make_publication(doi="10.5555/taken")
    data = {
        "title": "Same DOI",
        "kind": "article",
        "doi": "https://doi.org/10.5555/TAKEN",
        "authorships-TOTAL_FORMS": "0",
        "authorships-INITIAL_FORMS": "0",
    }
    response = editor_client.post(reverse("admin:publications_publication_add"), data)
    assert response.status_code == 200
    assert "already exists" in response.context["adminform"].form.errors["doi"][0]


def test_person_change_form_edits_name_variants_inline(editor_client):
    person = make_person("Alexander Y. Ku")
    response = editor_client.get(reverse("admin:profiles_person_change", args=[person.pk]))
    assert response.status_code == 200
    assert "name_variants-TOTAL_FORMS" in response.text
    view_on_site = re.search(r'href="(/admin/r/[^"]+)"', response.text).group(1)
    assert editor_client.get(view_on_site)["Location"].endswith(person.get_absolute_url())


def test_add_person_with_a_bad_orcid_shows_the_field_error(editor_client):
    data = {
        "full_name": "Ada Lovelace",
        "slug": "ada-lovelace",
        "orcid": "0000-0002-1825-0098",
        "name_variants-TOTAL_FORMS": "0",
        "name_variants-INITIAL_FORMS": "0",
        "redirects-TOTAL_FORMS": "0",
        "redirects-INITIAL_FORMS": "0",
    }
    response = editor_client.post(reverse("admin:profiles_person_add"), data)
    assert response.status_code == 200
    assert "check digit" in response.context["adminform"].form.errors["orcid"][0]
    assert not Person.objects.exists()


def test_person_and_topic_autocomplete_answer(editor_client):
    make_person("Ada Lovelace")
    make_topic("Analytical Engines")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "ada",
            "app_label": "publications",
            "model_name": "authorship",
            "field_name": "person",
        },
    )
    assert [row["text"] for row in response.json()["results"]] == ["Ada Lovelace"]


def test_change_lists_filter_by_membership_topic_year_and_kind(editor_client):
    topic = make_topic("Optimization")
    person = make_person("Ada Lovelace", membership=Person.Membership.AFFILIATE)
    person.topics.add(topic)
    make_person("Bob Kahn")
    make_publication("Old", year=1990, kind="article")
    make_publication("New", year=2024, kind="preprint")
    people = editor_client.get(
        reverse("admin:profiles_person_changelist"),
        {"membership__exact": "affiliate", "topics__id__exact": topic.pk},
    )
    assert list(people.context["cl"].queryset) == [person]
    publications = editor_client.get(
        reverse("admin:publications_publication_changelist"),
        {"year": 2024, "kind__exact": "preprint"},
    )
    assert [p.title for p in publications.context["cl"].queryset] == ["New"]


def test_change_lists_count_links_and_sort_by_the_counts(editor_client):
    topic, other = make_topic("Compilers"), make_topic("Engines")
    ada, grace = make_person("Ada Lovelace"), make_person("Grace Hopper", has_profile=False)
    ada.topics.add(topic)
    grace.topics.add(topic)
    first = make_publication("First", authors=[ada, grace])
    make_publication("Second", authors=[ada])
    first.topics.add(topic, other)

    def column(url_name, field):
        changelist = editor_client.get(reverse(url_name)).context["cl"]
        return {str(row): getattr(row, field) for row in changelist.result_list}

    topics = "admin:profiles_topic_changelist"
    # Editors see everyone linked, with a public profile or not.
    assert column(topics, "people_count") == {"Compilers": 2, "Engines": 0}
    assert column(topics, "publication_count") == {"Compilers": 1, "Engines": 1}
    people = "admin:profiles_person_changelist"
    assert column(people, "publication_count") == {"Ada Lovelace": 2, "Grace Hopper": 1}
    by_count = editor_client.get(reverse(people), {"o": "-6"}).context["cl"].result_list
    assert [str(person) for person in by_count] == ["Ada Lovelace", "Grace Hopper"]
    publications = "admin:publications_publication_changelist"
    assert column(publications, "author_count") == {"First": 2, "Second": 1}


def test_publication_search_finds_titles_identifiers_and_author_names(editor_client):
    petar = make_person("Petar Veličković")
    make_publication("Graph attention networks", authors=[petar], doi="10.1000/gat")
    make_publication("Engines of thought", venue="NeurIPS", arxiv_id="2506.05233")
    make_publication("Unrelated")

    def found(term):
        response = editor_client.get(
            reverse("admin:publications_publication_changelist"), {"q": term}
        )
        return sorted(p.title for p in response.context["cl"].result_list)

    assert found("attention net") == ["Graph attention networks"]
    assert found("1000/ga") == ["Graph attention networks"]
    assert found("2506.052") == ["Engines of thought"]
    assert found("neurips") == ["Engines of thought"]
    assert found("Veličković") == ["Graph attention networks"]
    assert found("") == ["Engines of thought", "Graph attention networks", "Unrelated"]


@pytest.mark.postgres
def test_publication_search_matches_author_names_without_accents(editor_client):
    make_publication("Graph attention networks", authors=[make_person("Petar Veličković")])
    response = editor_client.get(
        reverse("admin:publications_publication_changelist"), {"q": "velickovic"}
    )
    assert [p.title for p in response.context["cl"].result_list] == ["Graph attention networks"]
