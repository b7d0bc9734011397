"""Importing BibTeX files from the command and the admin upload page."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils.html import escape

from profiles.models import Person
from publications.importers.bibtex import parse_bibtex
from publications.models import Publication
from tests.factories import make_person, make_publication
from tests.imports.test_import_profile import SEED, snapshot
from tests.support import DATA

MIXED = DATA / "mixed.bib"
UPLOAD_URL = "/admin/publications/publication/import-bibtex/"


def run(path, *args):
    out = io.StringIO()
    call_command("import_bibtex", str(path), *args, stdout=out)
    return out.getvalue()


def write(tmp_path, text, name="refs.bib"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_macros_braces_accents_and_identifiers_are_decoded():
    parsed = parse_bibtex(MIXED.read_text())
    mesanet, first, softmax, thesis = parsed.publications
    assert mesanet.title == "MesaNet: Sequence Modeling by Locally Optimal Test-Time Training"
    assert mesanet.venue == "Advances in Neural Information Processing Systems 38"
    assert (mesanet.kind, mesanet.year, mesanet.arxiv_id) == ("conference", 2025, "2506.05233")
    assert [a.name for a in mesanet.authors] == [
        "Johannes von Oswald",
        "Razvan Pascanu",
        "João Sacramento",
    ]  # "and others" adds no person
    assert first.title == "Why do LLMs attend to the first token?"
    assert first.venue == "Journal of Machine Learning Research"
    assert (first.doi, first.arxiv_id) == ("10.48550/arxiv.2504.02732", "2504.02732")
    assert [a.name for a in first.authors][1:3] == ["Álvaro Arroyo", "Petar Veličković"]
    assert (softmax.kind, softmax.venue, softmax.arxiv_id) == ("preprint", "arXiv", "2506.01562")
    assert (thesis.kind, thesis.venue) == ("thesis", "Universität Tübingen")
    assert [a.name for a in thesis.authors] == ["Hans-Jörg Müller"]
    assert parsed.doubtful == []


def test_bibtex_updates_the_publications_the_seed_created_instead_of_duplicating(db):
    call_command("import_profile", str(SEED), stdout=io.StringIO())
    report = run(MIXED)
    assert Publication.objects.count() == 8
    assert "Publications created: 1" in report and "Publications updated: 3" in report
    mesanet = Publication.objects.get(title__startswith="MesaNet")
    assert (mesanet.year, mesanet.kind, mesanet.arxiv_id) == (2025, "conference", "2506.05233")
    placed = list(
        mesanet.authorships.filter(position__isnull=False).values_list(
            "position", "person__full_name"
        )
    )
    assert placed == [(1, "Johannes Von Oswald"), (2, "Razvan Pascanu"), (3, "João Sacramento")]
    assert mesanet.authorships.count() == 15  # the seed's co-authors stay, unplaced
    oswald = Person.objects.get(full_name="Johannes Von Oswald")
    assert "Johannes von Oswald" in oswald.name_variants.values_list("name", flat=True)
    assert Person.objects.filter(family_name="Veličković").count() == 1
    assert "  Johannes von Oswald → Johannes Von Oswald" in report


def test_importing_the_same_bibtex_again_changes_nothing(db):
    run(MIXED)
    before = snapshot()
    report = run(MIXED)
    assert snapshot() == before
    assert "Publications unchanged: 4" in report and "People created: 0" in report


@pytest.mark.parametrize(
    ("existing", "entry"),
    [
        ({"doi": "10.1000/abc"}, "doi = {https://doi.org/10.1000/ABC}"),
        ({"arxiv_id": "2401.00001"}, "journal = {arXiv preprint arXiv:2401.00001v3}"),
        ({"year": 2024}, "year = 2024"),
    ],
)
def test_a_publication_is_found_by_doi_arxiv_id_or_title_and_year(db, tmp_path, existing, entry):
    title = "An Old Title" if "year" not in existing else "Known Work: Part One"
    publication = make_publication(title=title, **existing)
    path = write(
        tmp_path,
        f"@article{{k, title = {{Known Work: {{P}}art One}}, author = {{Ann Lee}}, {entry}}}",
    )
    run(path)
    assert Publication.objects.count() == 1
    publication.refresh_from_db()
    assert publication.authorships.get().person.full_name == "Ann Lee"


def test_same_title_in_another_year_is_another_publication(db, tmp_path):
    make_publication(title="Annual Report", year=2023)
    run(write(tmp_path, "@techreport{r, title = {Annual Report}, year = 2024}"))
    assert Publication.objects.count() == 2


def test_authors_match_existing_people_by_name_and_variants(db, tmp_path):
    ku = make_person("Alexander Y. Ku")
    ku.name_variants.create(name="Alex Ku")
    chan = make_person("Stephanie C.Y. Chan")
    authors = "Ku, Alex and Chan, Sarah and Chan, Stephanie"
    text = f"@article{{a, title = {{T}}, author = {{{authors}}}, year=2020}}"
    run(write(tmp_path, text))
    paper = Publication.objects.get()
    people = list(paper.authorships.values_list("person_id", "position"))
    assert people[0] == (ku.pk, 1)
    assert people[2] == (chan.pk, 3)
    assert people[1][0] not in (ku.pk, chan.pk)


def test_duplicate_entries_in_one_file_become_one_publication(db, tmp_path):
    text = (
        "@article{a, title = {Same}, doi = {10.1000/x}, year = 2020}\n"
        "@inproceedings{b, title = {Same, extended}, doi = {10.1000/X}, year = 2020}\n"
    )
    report = run(write(tmp_path, text))
    assert Publication.objects.count() == 1
    assert "Duplicates dropped: 1" in report


def test_unknown_macros_and_bad_identifiers_are_reported_not_fatal(db, tmp_path):
    text = "@article{a, title = {T}, journal = nosuchjournal, doi = {not a doi}, year = 2020}"
    report = run(write(tmp_path, text))
    assert "(unknown macro in field journal; left as is)" in report
    assert "'not a doi' (not a DOI; ignored)" in report
    assert Publication.objects.get().doi is None


def test_a_dry_run_writes_nothing(db):
    report = run(MIXED, "--dry-run")
    assert "(dry run: nothing written)" in report and "Publications created: 4" in report
    assert not Publication.objects.exists() and not Person.objects.exists()


BAD_FILES = [
    (b"", "the file is empty"),
    (b"% only a comment\n", "no BibTeX entries"),
    (b"@article{ok, title={Fine}, year=2020}\n\n@article{cut,\n  title = {Trunc", "line 3"),
    (b"@article{a, title={x}}\x00\x00\x89PNG", "line 1: this is a binary file"),
    ("@article{a, title={Caf\u00e9}}".encode("latin-1"), "line 1: byte 0xe9 is not UTF-8"),
    (b"@article{a, title={A}, title={B}}", "Duplicate field keys"),
]


@pytest.mark.parametrize(("content", "message"), BAD_FILES)
def test_bad_files_fail_from_the_command_and_write_nothing(db, tmp_path, content, message):
    make_publication(title="Already stored")
    before = snapshot()
    path = tmp_path / "bad.bib"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(path)
    assert snapshot() == before


def test_the_truncated_entry_is_named_in_the_message(db, tmp_path):
    path = write(tmp_path, "@article{ok, title={Fine}, year=2020}\n\n@article{cut,\n  title = {")
    with pytest.raises(CommandError) as error:
        run(path)
    assert "line 3: the entry '@article{cut,' cannot be read" in str(error.value)
    assert not Publication.objects.exists()


def test_a_50_mb_bibtex_file_is_refused(db, tmp_path):
    path = tmp_path / "big.bib"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(CommandError, match=r"50\.0 MB"):
        run(path)


def test_the_publication_list_links_to_the_upload_page(editor_client):
    response = editor_client.get("/admin/publications/publication/")
    assert f'href="{UPLOAD_URL}"' in response.text


def test_the_upload_page_imports_a_file_as_a_job_and_shows_its_report(editor_client):
    upload = SimpleUploadedFile("mixed.bib", MIXED.read_bytes())
    response = editor_client.post(UPLOAD_URL, {"file": upload}, follow=True)
    assert response.redirect_chain[0][0].startswith("/admin/jobs/job/")
    assert response.status_code == 200
    assert '<progress max="100" value="100"' in response.text
    assert "Publications created: 4" in response.text
    assert "Hans-Jörg Müller" in response.text
    assert Publication.objects.count() == 4


def test_the_upload_page_dry_run_writes_nothing(editor_client):
    upload = SimpleUploadedFile("mixed.bib", MIXED.read_bytes())
    response = editor_client.post(UPLOAD_URL, {"file": upload, "dry_run": "on"})
    assert "dry run: nothing written" in response.text
    assert not Publication.objects.exists()


@pytest.mark.parametrize(("content", "message"), BAD_FILES[1:])
def test_the_upload_page_shows_an_error_for_bad_files(editor_client, content, message):
    make_publication(title="Already stored")
    before = snapshot()
    upload = SimpleUploadedFile("bad.bib", content)
    response = editor_client.post(UPLOAD_URL, {"file": upload})
    assert response.status_code == 400
    assert "errornote" in response.text and "Nothing was written." in response.text
    assert escape(message) in response.text
    assert snapshot() == before


def test_the_upload_page_refuses_an_empty_file(editor_client):
    response = editor_client.post(UPLOAD_URL, {"file": SimpleUploadedFile("e.bib", b"")})
    assert response.status_code == 400
    assert "The submitted file is empty." in response.text


def test_the_upload_page_refuses_a_50_mb_file(editor_client, tmp_path):
    upload = SimpleUploadedFile("big.bib", b"%" * (50 * 1024 * 1024))
    response = editor_client.post(UPLOAD_URL, {"file": upload})
    assert response.status_code == 400
    assert "the file is 50.0 MB" in response.text
    assert not Publication.objects.exists()


def test_the_upload_page_is_for_staff_only(client, db):
    response = client.get(UPLOAD_URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_publication_with_a_doi_can_be_updated_twice_with_history(db):
    # History rows repeat the DOI; a unique index on them broke every second save.
    publication = make_publication(title="Once", doi="10.1000/twice")
    for venue in ("A", "B"):
        publication.venue = venue
        publication.save()
    assert publication.history.count() == 3


def test_month_macros_names_and_numbers_give_a_date_with_a_day(db, tmp_path):
    text = (
        "@article{a, title={A}, year=2024, month=feb, day=29}\n"
        "@article{b, title={B}, year=2023, month={September}, day={5}}\n"
        "@article{c, title={C}, year=2023, month=13}\n"
        "@article{d, title={D}, year=2023, month=feb, day=30}\n"
        "@article{e, title={E}, date={2022-03-04}}\n"
    )
    report = run(write(tmp_path, text))
    dates = dict(Publication.objects.values_list("title", "date"))
    assert dates["A"] == datetime.date(2024, 2, 29)
    assert dates["B"] == datetime.date(2023, 9, 5)
    assert dates["C"] is None and dates["D"] is None
    assert dates["E"] == datetime.date(2022, 3, 4)
    assert Publication.objects.get(title="E").year == 2022
    assert "'13' (not a month; ignored)" in report
    assert "'2023-2-30' (no such day; date ignored)" in report


def test_the_upload_page_runs_few_queries_whatever_is_stored(
    editor_client, django_assert_max_num_queries
):
    for number in range(30):
        make_publication(title=f"Stored {number}", authors=[make_person()])
    with django_assert_max_num_queries(8):
        response = editor_client.get(UPLOAD_URL)
    assert response.status_code == 200
    assert '<label for="id_file">' in response.text


def test_a_year_outside_the_allowed_range_is_refused_and_named_with_its_entry(db, tmp_path):
    latest = datetime.date.today().year + 1
    text = (
        "@article{future, title={Future}, year=9999}\n"
        "@article{ancient, title={Ancient}, year={0001}}\n"
        "@article{dated, title={Dated}, date={9999-12-31}}\n"
        "@article{month, title={Month}, year=0001, month=jan, day=2}\n"
        f"@article{{fine, title={{Fine}}, year={latest}}}\n"
    )

    report = run(write(tmp_path, text))

    years = dict(Publication.objects.values_list("title", "year"))
    assert years == {"Future": None, "Ancient": None, "Dated": None, "Month": None, "Fine": latest}
    assert Publication.objects.filter(date__isnull=False).count() == 0
    reason = f"(the year is not from 1600 to {latest}; ignored)"
    for entry, value in [("future", "9999"), ("ancient", "0001"), ("dated", "9999-12-31")]:
        assert f"entry {entry!r} (line" in report
        assert f"'{value}' {reason}" in report


def test_each_imported_row_has_one_history_row_with_its_values(db, tmp_path, django_user_model):
    from publications.importers.store import _create_with_history

    bib = tmp_path / "one.bib"
    bib.write_text(
        "@article{a, title={Deep Learning}, author={Ada Lovelace and Alan Turing}, year={2020},"
        " journal={Nature}, doi={10.1000/deep}}"
    )
    call_command("import_bibtex", str(bib), stdout=io.StringIO(), stderr=io.StringIO())
    paper = Publication.objects.get()
    (history,) = paper.history.all()
    assert (history.history_type, history.title, history.venue, history.doi) == (
        "+",
        "Deep Learning",
        "Nature",
        "10.1000/deep",
    )
    assert history.history_user_id is None and history.history_change_reason is None
    for person in Person.objects.all():
        (row,) = person.history.all()
        assert (row.full_name, row.slug, row.family_name) == (
            person.full_name,
            person.slug,
            person.family_name,
        )
    assert all(a.history.count() == 1 for a in paper.authorships.all())
    # The user of the request is the history's user, as simple_history's own bulk writer has it.
    editor = django_user_model.objects.create_user("writer")
    (made,) = _create_with_history([Person(full_name="Grace Hopper", slug="grace")], Person, editor)
    assert made.history.get().history_user == editor


def test_same_title_and_year_with_another_doi_is_another_publication(db, tmp_path):
    make_publication(title="Introduction", year=2024, doi="10.1000/first")
    run(write(tmp_path, "@article{r, title = {Introduction}, year = 2024, doi = {10.1000/second}}"))
    assert sorted(Publication.objects.values_list("doi", flat=True)) == [
        "10.1000/first",
        "10.1000/second",
    ]


def test_same_title_and_year_without_a_doi_is_the_same_publication(db, tmp_path):
    publication = make_publication(title="Introduction", year=2024, doi="10.1000/first")
    run(write(tmp_path, "@article{r, title = {Introduction}, year = 2024, author = {Ann Lee}}"))
    assert list(Publication.objects.values_list("pk", flat=True)) == [publication.pk]
