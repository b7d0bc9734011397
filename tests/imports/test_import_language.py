"""The language of an imported publication: declared by the source, else detected."""

import io
import json

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from publications.harvest.sources.openalex import OpenAlexClient
from publications.importers.bibtex import parse_bibtex
from publications.importers.language import declared_language, detected_language
from publications.models import Publication
from tests.support.harvest_server import answer, source_settings

FRENCH_ABSTRACT = (
    "Nous étudions les représentations apprises par un réseau de neurones profond "
    "et la manière dont elles évoluent pendant l'entraînement."
)
ENGLISH_ABSTRACT = (
    "We study the representations that a deep neural network learns and how they "
    "change during training."
)


@pytest.mark.parametrize(
    ("declared", "code"),
    [
        ("French", "fr"),
        ("francais", "fr"),
        ("fr-CA", "fr"),
        ("english", "en"),
        ("EN", "en"),
        ("ngerman", "de"),
        ("", ""),
        ("klingon", ""),
        ("f", ""),
    ],
)
def test_a_declared_language_is_read_by_name_or_code(declared, code):
    assert declared_language(declared) == code


def test_the_detector_names_the_language_of_enough_text():
    assert detected_language("Réseaux profonds", FRENCH_ABSTRACT) == "fr"
    assert detected_language("Deep networks", ENGLISH_ABSTRACT) == "en"


def test_the_detector_says_nothing_of_a_title_alone():
    assert detected_language("Apprentissage profond") == ""
    assert detected_language("Graph attention networks") == ""


def test_bibtex_reads_langid_and_language_fields():
    parsed = parse_bibtex(
        "@article{a, title={Deep nets}, author={Ada Lovelace}, langid={french}, year=2020}\n"
        "@article{b, title={Filets}, author={Ada Lovelace}, language={English}, year=2020}\n"
        "@article{c, title={Graphs}, author={Ada Lovelace}, year=2020}\n"
    )
    assert [p.language for p in parsed.publications] == ["fr", "en", ""]


def import_bibtex(tmp_path, text):
    path = tmp_path / "refs.bib"
    path.write_text(text, encoding="utf-8")
    call_command("import_bibtex", str(path), stdout=io.StringIO())


@pytest.mark.django_db
def test_an_import_keeps_the_declared_language_and_detects_the_others(tmp_path):
    import_bibtex(
        tmp_path,
        "@article{a, title={Deep nets}, author={Ada Lovelace}, langid={french}, year=2020}\n"
        f"@article{{b, title={{Réseaux profonds}}, author={{Ada Lovelace}}, year=2021,"
        f" abstract={{{FRENCH_ABSTRACT}}}}}\n"
        "@article{c, title={Graph attention}, author={Ada Lovelace}, year=2022}\n",
    )
    languages = dict(Publication.objects.values_list("title", "language"))
    assert languages == {"Deep nets": "fr", "Réseaux profonds": "fr", "Graph attention": ""}


@pytest.mark.django_db
def test_a_reimport_never_overrides_the_language_an_editor_chose(tmp_path):
    text = (
        f"@article{{b, title={{Deep networks}}, author={{Ada Lovelace}}, year=2021,"
        f" abstract={{{ENGLISH_ABSTRACT}}}}}\n"
    )
    import_bibtex(tmp_path, text)
    publication = Publication.objects.get()
    assert publication.language == "en"
    Publication.objects.filter(pk=publication.pk).update(language="fr")
    import_bibtex(tmp_path, text)
    publication.refresh_from_db()
    assert publication.language == "fr"


def test_openalex_gives_the_language_it_knows(httpserver):
    work = {**json.loads(answer("openalex_page2.json"))["results"][0], "language": "fr"}
    httpserver.expect_request("/openalex/works/doi:10.5555/87654321").respond_with_json(work)
    with override_settings(**source_settings(httpserver)), OpenAlexClient() as client:
        assert client.work_by_doi("10.5555/87654321").language == "fr"


@pytest.mark.django_db
def test_citation_exports_carry_the_language_and_bibtex_reads_it_back(client):
    publication = Publication.objects.create(title="Des réseaux", language="fr", year=2020)
    url = reverse("api:publication-detail", args=[publication.pk])
    bibtex = client.get(url, {"format": "bibtex"}).content.decode()
    assert "langid = {french}" in bibtex
    assert [p.language for p in parse_bibtex(bibtex).publications] == ["fr"]
    assert "LA  - fr" in client.get(url, {"format": "ris"}).content.decode()
    assert client.get(url, {"format": "csl-json"}).json()[0]["language"] == "fr"
    page = client.get(publication.get_absolute_url()).content.decode()
    assert '<meta name="citation_language" content="fr">' in page
    assert '"inLanguage": "fr"' in page or '"inLanguage":"fr"' in page
