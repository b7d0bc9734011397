"""Search over people and publications: the simple match everywhere, full text on PostgreSQL."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.urls import reverse
from django.utils import translation

from core.fulltext import highlight_html
from profiles.models import NameVariant, Person
from profiles.search import search_people
from publications.models import Authorship, Publication
from publications.search import search_publications
from publications.services import publication_set_authors
from tests.factories import make_person, make_publication, make_topic

pytestmark = pytest.mark.django_db


def titles(queryset):
    return [publication.title for publication in queryset]


def names(queryset):
    return [person.full_name for person in queryset]


def test_an_empty_query_leaves_the_queryset_as_it_was():
    make_publication("Graph attention networks")
    queryset = Publication.objects.all()
    assert search_publications(queryset, "   ") is queryset
    assert search_people(Person.objects.all(), "") is not None


def test_publications_match_by_title_abstract_and_author_name():
    petar = make_person("Petar Veličković")
    make_publication("Graph attention networks", authors=[petar])
    make_publication("Unrelated work", abstract="Attention is studied here.")
    make_publication("Something else entirely")
    found = search_publications(Publication.objects.all(), "attention")
    assert sorted(titles(found)) == ["Graph attention networks", "Unrelated work"]
    assert titles(search_publications(Publication.objects.all(), "Veličković")) == [
        "Graph attention networks"
    ]


def test_people_match_by_name_variant_and_topic():
    alex = make_person("Alexander Y. Ku")
    NameVariant.objects.create(person=alex, name="Alex Ku")
    petar = make_person("Petar Veličković")
    petar.topics.add(make_topic("Graph Neural Networks"))
    make_person("Someone Else")
    assert names(search_people(Person.objects.all(), "Alex Ku")) == ["Alexander Y. Ku"]
    assert names(search_people(Person.objects.all(), "graph neural")) == ["Petar Veličković"]


def test_search_narrows_the_given_queryset_and_annotates_rank_and_snippet():
    make_publication("Attention one", year=2020, abstract="About attention.")
    make_publication("Attention two", year=2021)
    found = search_publications(Publication.objects.filter(year=2021), "attention")
    assert titles(found) == ["Attention two"]
    assert hasattr(found[0], "search_rank") and hasattr(found[0], "search_snippet")


@pytest.mark.parametrize(
    "query", ["!!!", "'", '"', "a & b | !c", "<script>alert(1)</script>", "x" * 5000, "-", "*:"]
)
def test_odd_queries_give_a_result_not_an_error(query):
    make_publication("Ordinary title", authors=[make_person("Ordinary Person")])
    assert isinstance(titles(search_publications(Publication.objects.all(), query)), list)
    assert isinstance(names(search_people(Person.objects.all(), query)), list)


def test_searching_runs_a_fixed_number_of_queries(django_assert_num_queries):
    people = [make_person(f"Author Number{i}") for i in range(30)]
    for i in range(40):
        make_publication(f"Attention study {i}", authors=people[i % 30 : i % 30 + 5])
    with django_assert_num_queries(1):
        assert len(titles(search_publications(Publication.objects.all(), "attention"))) == 40
    with django_assert_num_queries(1):
        assert len(names(search_people(Person.objects.all(), "author"))) == 30


def test_highlighting_escapes_the_text_and_marks_the_matches():
    rendered = highlight_html("<script>x</script> \x02graph\x03 nets")
    assert rendered == "&lt;script&gt;x&lt;/script&gt; <mark>graph</mark> nets"


# PostgreSQL: full text, ranking, accents, typos and triggers.


@pytest.mark.postgres
def test_accents_and_case_do_not_matter():
    petar = make_person("Petar Veličković")
    tomasz = make_person("Tomasz Trzciński")
    make_publication("Graph attention networks", authors=[petar])
    make_publication("Continual learning of things", authors=[tomasz])
    assert titles(search_publications(Publication.objects.all(), "velickovic")) == [
        "Graph attention networks"
    ]
    assert titles(search_publications(Publication.objects.all(), "TRZCINSKI")) == [
        "Continual learning of things"
    ]
    assert names(search_people(Person.objects.all(), "trzcinski")) == ["Tomasz Trzciński"]
    assert names(search_people(Person.objects.all(), "Velickovic")) == ["Petar Veličković"]


@pytest.mark.postgres
def test_words_match_by_their_stem():
    make_publication("Networks that learn to attend")
    assert titles(search_publications(Publication.objects.all(), "network learning")) == [
        "Networks that learn to attend"
    ]


@pytest.mark.postgres
def test_a_title_match_ranks_above_an_author_match_above_an_abstract_match():
    graves = make_person("Alex Graves")
    make_publication("Other topic", abstract="We cite graves once.")
    make_publication("Something else", authors=[graves])
    make_publication("Graves and tombs")
    found = search_publications(Publication.objects.all(), "graves")
    assert titles(found) == ["Graves and tombs", "Something else", "Other topic"]
    assert found[0].search_rank > found[1].search_rank > found[2].search_rank


@pytest.mark.postgres
def test_web_search_syntax_phrases_and_exclusions_work():
    make_publication("Graph attention networks")
    make_publication("Attention for graphs of networks")
    make_publication("Graph networks without it")
    assert titles(search_publications(Publication.objects.all(), '"graph attention"')) == [
        "Graph attention networks"
    ]
    assert sorted(titles(search_publications(Publication.objects.all(), "graph -attention"))) == [
        "Graph networks without it"
    ]


@pytest.mark.postgres
def test_snippets_mark_the_matched_words_and_escape_markup():
    make_publication(
        "Plain title",
        abstract="We study transformers when x < y & z > 1, on long documents.",
    )
    found = search_publications(Publication.objects.all(), "transformer")
    html = highlight_html(found[0].search_snippet)
    assert "<mark>transformers</mark>" in html
    assert "x &lt; y &amp; z &gt; 1" in html
    assert found[0].search_title == "Plain title"


@pytest.mark.postgres
def test_a_typo_in_a_name_still_finds_the_person_best_match_first():
    make_person("Razvan Pascanu")
    make_person("Razvan Popescu")
    make_person("Anna Smith")
    found = names(search_people(Person.objects.all(), "pascnu"))
    assert found[0] == "Razvan Pascanu"
    assert "Anna Smith" not in found
    assert names(search_people(Person.objects.all(), "Pascanu Razvan"))[0] == "Razvan Pascanu"


@pytest.mark.postgres
def test_the_document_follows_a_person_renamed():
    person = make_person("Jane Oldname")
    make_publication("A paper", authors=[person])
    person.full_name = "Jane Newname"
    person.family_name = ""
    person.save()
    assert titles(search_publications(Publication.objects.all(), "newname")) == ["A paper"]
    assert names(search_people(Person.objects.all(), "newname")) == ["Jane Newname"]


@pytest.mark.postgres
def test_the_document_follows_byline_changes_through_services_and_bulk_writes():
    ada, grace = make_person("Ada Lovelace"), make_person("Grace Hopper")
    paper = make_publication("A paper", authors=[ada])
    publication_set_authors(publication=paper, authors=[(grace, "G. Hopper")])
    assert titles(search_publications(Publication.objects.all(), "hopper")) == ["A paper"]
    assert titles(search_publications(Publication.objects.all(), "lovelace")) == []
    other = Publication.objects.bulk_create([Publication(title="Bulk paper", slug="bulk")])[0]
    Authorship.objects.bulk_create([Authorship(publication=other, person=ada, position=1)])
    assert titles(search_publications(Publication.objects.all(), "lovelace")) == ["Bulk paper"]
    Publication.objects.filter(pk=other.pk).update(title="Renamed in bulk")
    assert titles(search_publications(Publication.objects.all(), "renamed")) == ["Renamed in bulk"]
    Authorship.objects.filter(publication=other).delete()
    assert titles(search_publications(Publication.objects.all(), "lovelace")) == []


@pytest.mark.postgres
def test_the_person_document_follows_variants_and_topics():
    person = make_person("Alexander Ku")
    topic = make_topic("Robotics")
    variant = NameVariant.objects.create(person=person, name="Sasha Kuznetsov")
    assert names(search_people(Person.objects.all(), "kuznetsov")) == ["Alexander Ku"]
    person.topics.add(topic)
    assert names(search_people(Person.objects.all(), "robotics")) == ["Alexander Ku"]
    topic.name = "Embodied Intelligence"
    topic.save()
    assert names(search_people(Person.objects.all(), "embodied")) == ["Alexander Ku"]
    person.topics.remove(topic)
    variant.delete()
    assert names(search_people(Person.objects.all(), "embodied")) == []
    assert names(search_people(Person.objects.all(), "kuznetsov")) == []


@pytest.mark.postgres
def test_an_edit_in_admin_updates_the_search(editor_client):
    topic = make_topic("Old Topic Name")
    make_person("Ada Lovelace").topics.add(topic)
    response = editor_client.post(
        reverse("admin:profiles_topic_change", args=[topic.pk]),
        {"name_en": "Quantum Weaving", "slug": topic.slug, "description_en": ""},
    )
    assert response.status_code == 302
    assert names(search_people(Person.objects.all(), "quantum weaving")) == ["Ada Lovelace"]


@pytest.mark.postgres
def test_a_very_broad_query_ranks_a_bounded_number_of_candidates(monkeypatch):
    monkeypatch.setattr("publications.search.CANDIDATES", 3)
    for number in range(5):
        make_publication(f"Learning things, part {number}")
    make_publication("Learning to rank", abstract="Learning, learning and more learning.")
    assert len(titles(search_publications(Publication.objects.all(), "learning"))) == 3


def result_titles(client, query):
    from bs4 import BeautifulSoup

    response = client.get(reverse("publications:list"), query)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return soup, [h.get_text() for h in soup.select(".publication-title")]


@pytest.mark.postgres
def test_the_search_page_puts_the_best_match_first_and_marks_what_matched(client):
    make_publication("Graph attention networks", year=2017, abstract="Attention over graphs.")
    make_publication("Newer survey", year=2024, abstract="Briefly, graph attention helps.")
    make_publication("Unrelated", year=2025, abstract="Nothing here.")

    soup, found = result_titles(client, {"q": "graph attention"})
    assert found == ["Graph attention networks", "Newer survey"]
    assert soup.select_one("#id_sort option[selected]") is None  # the first: Best match
    assert soup.select_one("#id_sort option").get_text() == "Best match"
    marked = [mark.get_text() for mark in soup.select(".publication-title mark")]
    assert [word.lower() for word in marked] == ["graph", "attention"]
    snippet = soup.select(".search-snippet")[1]
    assert [mark.get_text() for mark in snippet.select("mark")] == ["graph", "attention"]

    _, by_date = result_titles(client, {"q": "graph attention", "sort": "newest"})
    assert by_date == ["Newer survey", "Graph attention networks"]


@pytest.mark.postgres
def test_a_snippet_escapes_the_text_around_its_marks(client):
    make_publication("Plain", abstract='We study attention & "memory" in R&D.')
    response = client.get(reverse("publications:list"), {"q": "attention"})
    assert b"<mark>attention</mark> &amp; &quot;memory" in response.content


def test_best_match_is_offered_only_with_something_to_match(client):
    make_publication("Graph attention networks", year=2017)
    make_publication("Attention, newer", year=2024)
    soup, found = result_titles(client, {})
    assert "Best match" not in [o.get_text() for o in soup.select("#id_sort option")]
    assert found == ["Attention, newer", "Graph attention networks"]
    soup, found = result_titles(client, {"q": "attention"})
    assert sorted(found) == ["Attention, newer", "Graph attention networks"]
    assert soup.select_one("#id_sort option").get_text() == "Best match"


@pytest.fixture
def thirty_matches():
    for number in range(30):
        make_publication(f"Attention study {number:02}", year=2000 + number % 10)
    make_publication("Unrelated work")


def shown(response):
    soup = BeautifulSoup(response.content, "html.parser")
    status = soup.select_one(".pagination-status")
    return (
        soup.select_one(".result-count").get_text(" ", strip=True),
        status.get_text(strip=True) if status else None,
        len(soup.select(".publication-item")),
    )


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("", ("30 publications found", "Page 1 of 2", 25)),
        ("2", ("30 publications found", "Page 2 of 2", 5)),
        ("9", ("30 publications found", "Page 2 of 2", 5)),  # past the end: the last
        ("0", ("30 publications found", "Page 2 of 2", 5)),  # as Django's Paginator does
        ("two", ("30 publications found", "Page 1 of 2", 25)),
    ],
)
def test_search_results_are_counted_and_paged_by_the_page_s_own_query(
    client, thirty_matches, page, expected
):
    response = client.get(reverse("publications:list"), {"q": "attention", "page": page})
    assert response.status_code == 200
    assert shown(response) == expected


def test_a_search_matching_nothing_says_so(client, thirty_matches):
    response = client.get(reverse("publications:list"), {"q": "nowhere-to-be-found", "page": "3"})
    assert shown(response) == ("0 publications found", None, 0)
    assert "No publications match" in response.content.decode()


def test_a_topic_s_name_in_either_language_finds_its_people():
    topic = make_topic("Machine learning", name_fr="Apprentissage automatique")
    make_person("Yoshua Bengio").topics.add(topic)
    with translation.override("en"):
        assert names(search_people(Person.objects.all(), "apprentissage")) == ["Yoshua Bengio"]
    with translation.override("fr"):
        assert names(search_people(Person.objects.all(), "machine")) == ["Yoshua Bengio"]


CONTROL_CHARACTERS = [chr(code) for code in [*range(32), 127]]


@pytest.mark.parametrize("control", CONTROL_CHARACTERS, ids=lambda c: f"0x{ord(c):02x}")
def test_a_control_character_in_a_title_or_abstract_keeps_the_marks_balanced(client, control):
    full_text = connection.vendor == "postgresql"
    if full_text and control == "\x00":
        pytest.skip("PostgreSQL text cannot hold NUL")
    make_publication(
        f"Graph{control} attention {control}networks",
        abstract=f"We study{control} graph attention{control} here.",
    )

    response = client.get(reverse("publications:list"), {"q": "graph"})

    html = response.content.decode()
    assert html.count("<mark>") == html.count("</mark>") >= (2 if full_text else 0)
    soup = BeautifulSoup(html, "html.parser")
    title = soup.select_one(".publication-title")
    assert title.get_text().startswith("Graph")
    if full_text:
        assert title.select_one("mark").get_text().lower().startswith("graph")
    shown = [title.get_text(), *(s.get_text() for s in soup.select(".search-snippet"))]
    assert not any(c in text for text in shown for c in CONTROL_CHARACTERS if c not in "\t\n\r")


def test_highlighting_drops_control_characters_other_than_its_marks():
    assert highlight_html("a\x00b\x01c\x1f\x7fd \x02e\x03\tf") == "abcd <mark>e</mark>\tf"
