"""BibTeX, RIS and CSL-JSON downloads, read back with bibtexparser, rispy and the CSL schema."""

import json

import bibtexparser
import jsonschema
import pytest
import rispy
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from profiles.names import match_key
from publications import citations
from publications.citations import citation_queryset, works_for
from publications.exporters import bibtex
from publications.exporters.records import Name, Work, assign_keys, base_key
from publications.models import Publication
from tests.factories import make_person, make_publication
from tests.support.citation_helpers import (
    CSL_SCHEMA,
    accented_publication,
    bibtex_names,
    byline,
    import_seed,
    many_publications,
    parse_bibtex,
)

pytestmark = pytest.mark.django_db


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response


def test_a_publication_with_accents_and_particles_round_trips_through_bibtexparser(client):
    publication = accented_publication()
    response = download(client, reverse("publications:cite", args=[publication.pk, "bib"]))
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert 'filename="velickovic2025mesanet.bib"' in response["Content-Disposition"]
    text = response.content.decode()
    assert "Veli{\\v{c}}kovi{\\'c}" in text  # classic BibTeX reads it too

    library = parse_bibtex(text)
    assert not library.failed_blocks
    [entry] = library.entries
    assert entry.entry_type == "article"
    assert entry.key == "velickovic2025mesanet"
    assert bibtex_names(entry) == byline(publication)
    assert entry["title"] == publication.title
    assert entry["abstract"] == publication.abstract
    assert entry["journal"] == "Journal of Machine Learning Research"
    assert (entry["year"], entry["month"]) == ("2025", "6")
    assert entry["keywords"] == "Sequence Modeling"
    # Identifiers and addresses are verbatim fields: read them without LaTeX decoding.
    [raw] = bibtexparser.parse_string(text).entries
    assert raw["doi"] == "10.1000/xyz_123"
    assert (raw["eprint"], raw["archiveprefix"]) == ("2506.05233", "arXiv")
    assert raw["url"] == "https://example.org/mesanet?x=1&y=2"


def test_bibtex_protects_capitals_that_styles_would_lower_case():
    work = Work(key="k", kind="article", title="MesaNet beats RNN models on xLSTM tasks")
    assert "{MesaNet} beats {RNN} models on {xLSTM} tasks" in bibtex.dumps([work])


@pytest.mark.parametrize(
    ("kind", "entry_type", "venue_field"),
    [
        ("article", "article", "journal"),
        ("conference", "inproceedings", "booktitle"),
        ("preprint", "misc", "howpublished"),
        ("book", "book", "publisher"),
        ("chapter", "incollection", "booktitle"),
        ("thesis", "phdthesis", "school"),
        ("report", "techreport", "institution"),
        ("other", "misc", "howpublished"),
    ],
)
def test_each_kind_gets_its_bibtex_entry_type_and_venue_field(
    client, kind, entry_type, venue_field
):
    publication = make_publication(
        authors=[make_person("Ada Lovelace")], kind=kind, venue="Somewhere Press", year=2024
    )
    [entry] = parse_bibtex(
        download(
            client, reverse("publications:cite", args=[publication.pk, "bib"])
        ).content.decode()
    ).entries
    assert entry.entry_type == entry_type
    assert entry[venue_field] == "Somewhere Press"


def test_citation_keys_skip_stop_words_and_get_suffixes_when_they_clash():
    ada = (Name("Ada", "", "Lovelace"),)
    assert base_key(ada, 2024, "On the Analytical Engine") == "lovelace2024analytical"
    assert base_key((Name("Johannes", "von", "Oswald"),), 2025, "MesaNet") == "oswald2025mesanet"
    assert base_key((), None, "Ünïcode & more") == "anonunicode"
    items = [(7, "x2024a"), (3, "x2024a"), (5, "y2024b"), (9, "x2024a")]
    assert assign_keys(items) == ["x2024ab", "x2024aa", "y2024b", "x2024ac"]
    # The same works in another order keep their keys.
    assert assign_keys(list(reversed(items))) == ["x2024ac", "y2024b", "x2024aa", "x2024ab"]


def test_a_person_list_has_unique_stable_keys_and_authors_in_byline_order(client):
    ada = make_person("Ada Lovelace", has_profile=True)
    charles = make_person("Charles Babbage")
    first = make_publication("Notes on the Engine", authors=[ada, charles], year=1843)
    second = make_publication("Notes on the Engine", authors=[ada], year=1843)
    make_publication("Difference", authors=[charles, ada], year=1822)
    text = download(
        client, reverse("publications:person-export", args=["ada-lovelace", "bib"])
    ).content.decode()
    entries = {entry.key: entry for entry in parse_bibtex(text).entries}
    assert set(entries) == {"lovelace1843notesa", "lovelace1843notesb", "babbage1822difference"}
    assert entries["lovelace1843notesa"]["title"] == first.title
    assert bibtex_names(entries["lovelace1843notesa"]) == [
        ("Ada", "", "Lovelace"),
        ("Charles", "", "Babbage"),
    ]
    assert bibtex_names(entries["lovelace1843notesb"]) == [("Ada", "", "Lovelace")]
    assert bibtex_names(entries["babbage1822difference"])[0] == ("Charles", "", "Babbage")
    assert second.pk > first.pk
    assert (
        text
        == download(
            client, reverse("publications:person-export", args=["ada-lovelace", "bib"])
        ).content.decode()
    )


def test_a_name_printed_differently_from_the_person_is_exported_as_printed(client):
    publication = make_publication(authors=[make_person("Johannes von Oswald")])
    publication.authorships.update(name_as_printed="J. von Oswald")
    [entry] = parse_bibtex(
        download(
            client, reverse("publications:cite", args=[publication.pk, "bib"])
        ).content.decode()
    ).entries
    assert bibtex_names(entry) == [("J.", "von", "Oswald")]


def test_ris_has_one_au_per_author_in_order_and_reads_back_with_rispy(client):
    publication = accented_publication()
    response = download(client, reverse("publications:cite", args=[publication.pk, "ris"]))
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    [record] = rispy.loads(response.content.decode())
    assert record["type_of_reference"] == "JOUR"
    assert record["id"] == "velickovic2025mesanet"
    assert record["title"] == publication.title
    assert record["authors"] == ["Veličković, Petar", "Trzciński, Tomasz", "von Oswald, Johannes"]
    assert (record["year"], record["date"]) == ("2025", "2025/06/05")
    assert record["secondary_title"] == "Journal of Machine Learning Research"
    assert record["abstract"] == publication.abstract
    assert record["doi"] == "10.1000/xyz_123"
    assert record["accession_number"] == "arXiv:2506.05233"
    assert record["urls"][:2] == [
        "https://example.org/mesanet?x=1&y=2",
        "https://arxiv.org/abs/2506.05233",
    ]
    assert record["urls"][2].endswith(publication.get_absolute_url())
    assert record["file_attachments1"] == "https://example.org/mesanet.pdf"
    assert record["keywords"] == ["Sequence Modeling"]


def test_csl_json_is_valid_against_the_csl_data_schema(client):
    publication = accented_publication()
    response = download(client, reverse("publications:cite", args=[publication.pk, "json"]))
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    items = json.loads(response.content)
    jsonschema.validate(items, CSL_SCHEMA)
    [item] = items
    assert item["type"] == "article-journal"
    assert item["title"] == publication.title
    assert item["author"] == [
        {"family": "Veličković", "given": "Petar"},
        {"family": "Trzciński", "given": "Tomasz"},
        {"family": "Oswald", "given": "Johannes", "dropping-particle": "von"},
    ]
    assert item["issued"] == {"date-parts": [[2025, 6, 5]]}
    assert item["container-title"] == "Journal of Machine Learning Research"
    assert item["DOI"] == "10.1000/xyz_123"


def test_csl_json_names_arxiv_for_a_preprint_without_venue(client):
    publication = make_publication(kind="preprint", arxiv_id="2506.05233", year=2025)
    [item] = json.loads(
        download(client, reverse("publications:cite", args=[publication.pk, "json"])).content
    )
    jsonschema.validate([item], CSL_SCHEMA)
    assert (item["type"], item["publisher"], item["number"]) == (
        "article",
        "arXiv",
        "arXiv:2506.05233",
    )
    assert item["URL"] == "https://arxiv.org/abs/2506.05233"


def test_the_schema_check_really_rejects_bad_csl_json():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "type": "journal-article"}], CSL_SCHEMA)


def test_the_seed_profile_survives_every_export_format(client):
    person = import_seed()
    publications = list(
        citation_queryset(Publication.objects.filter(authorships__person=person).newest_first())
    )
    assert len(publications) >= 5
    printed = [[a.printed_name for a in p.authorships.all()] for p in publications]

    entries = parse_bibtex(
        download(
            client, reverse("publications:person-export", args=[person.slug, "bib"])
        ).content.decode()
    ).entries
    assert [entry["title"] for entry in entries] == [p.title for p in publications]
    assert len({entry.key for entry in entries}) == len(entries)
    for entry, names in zip(entries, printed, strict=True):
        exported = [" ".join(part for part in parts if part) for parts in bibtex_names(entry)]
        assert [match_key(n) for n in exported] == [match_key(n) for n in names]
        assert [n.casefold() for n in exported] == [n.casefold() for n in names]

    records = rispy.loads(
        download(
            client, reverse("publications:person-export", args=[person.slug, "ris"])
        ).content.decode()
    )
    assert [record["title"] for record in records] == [p.title for p in publications]
    assert [len(record["authors"]) for record in records] == [len(names) for names in printed]
    assert [r["abstract"] for r in records if "abstract" in r] == [
        " ".join(p.abstract.split()) for p in publications if p.abstract
    ]

    items = json.loads(
        download(client, reverse("publications:person-export", args=[person.slug, "json"])).content
    )
    jsonschema.validate(items, CSL_SCHEMA)
    assert [item["title"] for item in items] == [p.title for p in publications]
    assert [item["id"] for item in items] == [entry.key for entry in entries]
    assert [item.get("abstract", "") for item in items] == [p.abstract for p in publications]


def test_the_list_export_takes_the_list_filters(client):
    ada = make_person("Ada Lovelace", has_profile=True)
    make_publication("Engines", authors=[ada], year=1843, kind="article")
    make_publication("Looms", authors=[ada], year=1842, kind="book")
    make_publication("Numbers", authors=[make_person()], year=1843, kind="article")

    def titles(query):
        text = download(
            client, f"{reverse('publications:export', args=['bib'])}?{query}"
        ).content.decode()
        return sorted(entry["title"] for entry in parse_bibtex(text).entries)

    assert titles("") == ["Engines", "Looms", "Numbers"]
    assert titles("year=1843") == ["Engines", "Numbers"]
    assert titles("kind=book") == ["Looms"]
    assert titles("person=ada-lovelace&year=1843") == ["Engines"]
    assert titles("q=loom") == ["Looms"]


def test_a_list_too_long_to_export_is_refused_and_the_page_says_how_to_narrow_it(
    client, monkeypatch
):
    monkeypatch.setattr(citations, "EXPORT_LIMIT", 2)
    for year in (2020, 2021, 2021):
        make_publication(year=year)

    refused = client.get(reverse("publications:export", args=["bib"]))
    assert refused.status_code == 400
    assert refused.content.decode() == (
        "This list holds 3 publications; an export holds at most 2. "
        "Narrow it with a search, a year, a kind, a topic or an author."
    )
    assert "narrow it to 2 publications or fewer" in client.get(reverse("publications:list")).text
    assert (
        client.get(reverse("publications:export", args=["bib"]) + "?year=2021").status_code == 200
    )
    narrowed = client.get(reverse("publications:list") + "?year=2021").text
    assert f'href="{reverse("publications:export", args=["bib"])}?year=2021"' in narrowed


def test_a_person_too_long_to_export_is_refused_with_how_to_narrow_it(client, monkeypatch):
    monkeypatch.setattr(citations, "EXPORT_LIMIT", 1)
    ada = make_person("Ada Lovelace")
    make_publication(authors=[ada], year=1842)
    make_publication(authors=[ada], year=1843)

    refused = client.get(reverse("publications:person-export", args=[ada.slug, "ris"]))
    assert refused.status_code == 400
    assert refused.content.decode().startswith(
        "This list holds 2 publications; an export holds at most 1. Export it from"
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=next", "year: Enter a whole number."),
        ("kind=poem", "kind: Select a valid choice. poem is not one of the available choices."),
        ("year=99999999999999999999", "year: Ensure this value is less than or equal to 9999."),
        ("q=a%00b", "q: Null characters are not allowed."),
    ],
)
def test_a_bad_filter_is_a_clear_400_not_a_crash(client, query, message):
    response = client.get(f"{reverse('publications:export', args=['ris'])}?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_renamed_person_s_old_export_and_feed_addresses_redirect(client):
    person = make_person("Ada Lovelace", has_profile=True)
    person.slug = "ada-king"
    person.save()
    response = client.get(reverse("publications:person-export", args=["ada-lovelace", "bib"]))
    assert (response.status_code, response["Location"]) == (
        301,
        reverse("publications:person-export", args=["ada-king", "bib"]),
    )
    response = client.get(reverse("publications:person-feed", args=["ada-lovelace"]))
    assert (response.status_code, response["Location"]) == (
        301,
        reverse("publications:person-feed", args=["ada-king"]),
    )


def test_unknown_formats_and_missing_things_are_404(client):
    publication = make_publication()
    assert (
        client.get(
            f"{reverse('publications:detail-short', args=[publication.pk])}cite.xml"
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("publications:cite", args=[publication.pk + 1, "bib"])).status_code
        == 404
    )
    assert (
        client.get(reverse("publications:person-export", args=["nobody", "ris"])).status_code == 404
    )


@pytest.mark.parametrize("fmt", ["bib", "ris", "json"])
@pytest.mark.parametrize("count", [1, 40])
def test_exports_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, fmt, count):
    person = many_publications(count)
    publication = person.authorships.first().publication
    with django_assert_max_num_queries(3):
        download(client, reverse("publications:cite", args=[publication.pk, fmt]))
    with django_assert_max_num_queries(5):  # the person, then as the list export
        download(client, reverse("publications:person-export", args=[person.slug, fmt]))
    with django_assert_max_num_queries(4):
        response = download(
            client, f"{reverse('publications:export', args=[fmt])}?person={person.slug}"
        )
    assert response.content.decode().count("Paper ") >= count


def test_works_for_reads_only_prefetched_rows(django_assert_num_queries):
    many_publications(5)
    publications = list(citation_queryset(Publication.objects.all()))
    with django_assert_num_queries(0):
        works = works_for(publications)
    assert [len(work.authors) for work in works] == [6] * 5


def _words(alphabet, max_size):
    text = st.text(alphabet=alphabet, min_size=1, max_size=max_size)
    return text.map(lambda value: " ".join(value.split())).filter(bool)


# Latin script (to U+024F) with punctuation, symbols and digits. "^" is left out:
# pylatexenc reads \textasciicircum back as the modifier letter "ˆ".
TITLES = _words(
    st.characters(
        categories=("L", "P", "S", "Zs", "Nd"), max_codepoint=0x24F, exclude_characters="^"
    ),
    40,
)
NAMES = _words(st.characters(categories=("L",), max_codepoint=0x24F, include_characters=" -'."), 20)


@settings(max_examples=60, deadline=None)
@given(title=TITLES, given_name=NAMES, family=NAMES)
def test_any_latin_title_and_name_round_trip_through_bibtex(title, given_name, family):
    name = Name(given_name, "", family)
    work = Work(key="k", kind="article", title=title, authors=(name,))
    [entry] = parse_bibtex(bibtex.dumps([work])).entries
    assert entry["title"] == title
    [(first, von, last)] = bibtex_names(entry)
    assert " ".join(part for part in (first, von, last) if part) == name.full


def test_braces_in_an_identifier_or_address_cannot_add_a_field():
    doi = "10.1234/b},author={mallory,eve"
    url = "https://example.org/?q={x}},note={injected"
    work = Work(key="k", kind="article", title="Notes", doi=doi, arxiv_id="2506.05233}", url=url)

    library = bibtexparser.parse_string(bibtex.dumps([work]))  # verbatim: no LaTeX decoding

    [entry] = library.entries
    assert not library.failed_blocks
    assert sorted(entry.fields_dict) == ["archiveprefix", "doi", "eprint", "title", "url"]
    assert entry["doi"] == "10.1234/b%7D,author=%7Bmallory,eve"
    assert entry["url"] == "https://example.org/?q=%7Bx%7D%7D,note=%7Binjected"


@pytest.mark.parametrize("family", ["A AND A", "Smith and Sons", "And"])
def test_the_word_and_inside_a_name_does_not_split_the_author(family):
    # Hypothesis found "A AND A": BibTeX splits authors at "and" in any case.
    names = (Name("Ada", "", family), Name("Grace", "", "Hopper"))
    work = Work(key="k", kind="article", title="Notes", authors=names)
    [entry] = parse_bibtex(bibtex.dumps([work])).entries
    assert bibtex_names(entry) == [("Ada", "", family), ("Grace", "", "Hopper")]
