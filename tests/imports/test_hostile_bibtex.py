"""Small hostile BibTeX files: each entry that cannot be stored as it stands is named in
the report with what was done, the rest of the file imports, and nothing fails."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from profiles.models import Person
from publications.models import Authorship, Publication

pytestmark = pytest.mark.django_db(transaction=True)

FINE = "@article{fine, author={Lovelace, Ada}, title={Still imported}, year={2020}}\n"


def run(tmp_path, text):
    path = tmp_path / "hostile.bib"
    path.write_text(FINE + text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_bibtex", str(path), stdout=out)
    return out.getvalue()


def test_braces_nested_500_deep_leave_the_field_out_and_name_the_entry(tmp_path):
    nested = "{" * 500 + "x" + "}" * 500
    report = run(tmp_path, f"@article{{deep, title={{{nested}}}, year={{2020}}}}\n")
    assert "entry 'deep' (line 2)" in report
    assert "field title has braces nested over 50 deep; left out" in report
    assert "no title; entry skipped" in report
    assert list(Publication.objects.values_list("title", flat=True)) == ["Still imported"]


def test_braces_nested_deep_in_a_byline_do_not_overflow(tmp_path):
    nested = "{" * 500 + "x" + "}" * 500
    report = run(tmp_path, f"@article{{deep, author={{{nested}}}, title={{T}}, year={{2020}}}}\n")
    assert "field author has braces nested over 50 deep; left out" in report
    assert Publication.objects.filter(title="T", authorships__isnull=True).exists()


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("doi", "10.1234/" + "x" * 250, "DOI longer than 200 characters; ignored"),
        ("eprint", "a" * 45 + "/1234567", "arXiv id longer than 40 characters; ignored"),
        ("url", "https://example.org/" + "x" * 600, "URL longer than 500 characters; ignored"),
    ],
)
def test_an_identifier_too_long_for_its_column_is_left_out_with_a_note(
    tmp_path, field, value, reason
):
    extra = ", archiveprefix={arXiv}" if field == "eprint" else ""
    report = run(tmp_path, f"@article{{long, title={{T}}, {field}={{{value}}}{extra}, year=2020}}")
    assert "entry 'long' (line 2)" in report and reason in report
    stored = Publication.objects.get(title="T")
    assert (stored.doi, stored.arxiv_id, stored.url) == (None, None, "")


def test_a_title_or_venue_too_long_for_its_column_is_cut_with_a_note(tmp_path):
    title, venue = "T" * 600, "V" * 400
    report = run(tmp_path, f"@article{{long, title={{{title}}}, journal={{{venue}}}, year=2020}}")
    assert "title longer than 500 characters; cut" in report
    assert "venue longer than 300 characters; cut" in report
    stored = Publication.objects.get(title="T" * 500)
    assert stored.venue == "V" * 300


def test_an_author_name_too_long_for_a_person_skips_the_entry(tmp_path):
    report = run(tmp_path, "@article{long, author={" + "L" * 130 + ", Ada}, title={T}, year=2020}")
    assert "entry 'long' (line 2)" in report
    assert "an author name too long to store" in report and "entry skipped" in report
    assert not Publication.objects.filter(title="T").exists()
    assert list(Person.objects.values_list("full_name", flat=True)) == ["Ada Lovelace"]


def test_an_abstract_of_megabytes_is_left_out_and_the_entry_kept(tmp_path):
    abstract = "{x} \\'e words " * 300_000  # 4.2 MB, LaTeX all through
    report = run(tmp_path, f"@article{{big, title={{Big}}, abstract={{{abstract}}}, year=2020}}")
    assert "field abstract longer than 20000 characters; left out" in report
    assert Publication.objects.get(title="Big").abstract == ""


def test_a_byline_of_1500_authors_is_stored_whole_and_in_order(tmp_path):
    names = [f"Person{i:04d}, Given" for i in range(1500)]
    run(tmp_path, "@article{many, author={" + " and ".join(names) + "}, title={Many}, year=2020}")
    bylines = Authorship.objects.filter(publication__title="Many").order_by("position")
    assert list(bylines.values_list("person__family_name", flat=True)) == [
        f"Person{i:04d}" for i in range(1500)
    ]


def test_the_upload_page_reports_a_hostile_entry_instead_of_failing(editor_client):
    nested = "{" * 500 + "x" + "}" * 500
    text = FINE + f"@article{{deep, title={{{nested}}}, doi={{10.1/{'x' * 300}}}, year=2020}}"
    upload = SimpleUploadedFile("hostile.bib", text.encode())
    response = editor_client.post(
        "/admin/publications/publication/import-bibtex/", {"file": upload}, follow=True
    )
    assert response.status_code == 200
    assert "field title has braces nested over 50 deep; left out" in response.text
    assert Publication.objects.count() == 1
