"""Import reports read in the language of whoever reads them: the dry run's at once, and
a job's in the language of the editor who started it, whatever the worker's.

Command-line output (manage.py import_bibtex and the like) follows LANGUAGE_CODE."""

from html import unescape
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from jobs.models import Job
from jobs.progress import Progress
from publications.background import scan_duplicates
from publications.models import Publication
from tests.factories import make_person, make_publication
from tests.i18n.test_french_pages import english_in_admin, language
from tests.selfservice.factories import make_researcher
from tests.support.catalogue import english_in
from tests.support.job_helpers import DATABASE_QUEUE, run_worker

pytestmark = pytest.mark.django_db

# A file with one of each kind of note: an unknown macro, not a month, not a DOI, a year
# that is no number, no title, a key used twice and the same publication twice.
BIBTEX = """\
@article{a, title={First steps}, author={Ada Lovelace}, year=2020, month=smarch,
  doi={nonsense}, journal=jacm}
@article{b, author={Grace Hopper}, year=2021}
@article{a, title={Second steps}, author={Ada Lovelace}, year={20x1}}
@article{d, title={First steps}, author={Ada Lovelace}, year=2020}
"""
TYPED = ["First steps", "Second steps", "Ada Lovelace", "Grace Hopper", "smarch", "nonsense"]
TYPED += ["jacm", "20x1", "article", "notes.bib", "editor", "Research Directory"]
NOTES = {
    "en": ["not a month; ignored", "not a DOI; ignored", "an entry key used twice"],
    "fr": ["pas un mois\u202f; ignoré", "pas un DOI\u202f; ignoré", "clé d’entrée utilisée"],
}
UPLOAD = "admin:publications_publication_import_bibtex"


def upload(client, code, **extra):
    return client.post(
        reverse(UPLOAD),
        {"file": SimpleUploadedFile("notes.bib", BIBTEX.encode()), **extra},
        HTTP_ACCEPT_LANGUAGE=code,
        follow=True,
    )


@pytest.mark.parametrize("code", ["en", "fr"])
def test_the_admin_dry_run_report_speaks_the_editor_s_language(editor_client, code):
    with language(code):
        response = upload(editor_client, code, dry_run="on")
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert all(note in html for note in NOTES[code]), html
    if code == "fr":
        assert english_in_admin(html, TYPED) == []
        assert "entrée 'b' (ligne 3)" in html and "même publication que" in html
    assert not Publication.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("code", ["en", "fr"])
def test_a_job_s_report_is_written_in_the_language_of_who_started_it(editor_client, code):
    with override_settings(TASKS=DATABASE_QUEUE), language(code):
        response = upload(editor_client, code)
        job = Job.objects.get()
        assert job.status == Job.Status.QUEUED and job.language == code
        with translation.override("fr" if code == "en" else "en"):  # the worker's own
            run_worker()
        job.refresh_from_db()
        assert job.status == Job.Status.DONE
        assert all(note in job.report for note in NOTES[code]), job.report
        page = editor_client.get(response.redirect_chain[-1][0], HTTP_ACCEPT_LANGUAGE=code)
    if code == "fr":
        assert job.title == "Importation de notes.bib"
        assert "Publications créées" in job.report and "Écrit par transactions" in job.report
        assert english_in_admin(page.content.decode(), TYPED) == []
    else:
        assert "Publications created" in job.report


def test_the_dry_run_of_pasted_bibtex_on_my_publications_is_french(client):
    ada, user = make_researcher()
    client.force_login(user)
    with language("fr"):
        url = reverse("mypublications:add", args=[ada.slug])
        response = client.post(url, {"bibtex": BIBTEX, "dry_run": "on"})
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert all(note in html for note in NOTES["fr"]), html
    assert english_in(html, data=[*TYPED, ada.full_name, user.get_username()]) == []


@pytest.fixture
def likely_duplicates():
    """Two Ada Lovelaces with a co-author in common, and one work listed twice."""
    grace = make_person("Grace Hopper")
    first, second = make_person("Ada Lovelace"), make_person("Ada Lovelace")
    make_publication("Notes on the engine", authors=[first, grace], year=1843)
    make_publication("Notes on the engine", authors=[second, grace], year=1843)
    return first, second


REASONS = {
    "en": ["same name, 1 shared co-author", "same title"],
    "fr": ["même nom, 1 co-auteur commun", "même titre"],
}


@pytest.mark.parametrize("code", ["en", "fr"])
def test_the_duplicate_finder_gives_its_reasons_in_the_reader_s_language(
    editor_client, likely_duplicates, code
):
    with translation.override(code):
        report = "\n".join(scan_duplicates(Progress()))
    assert all(reason in report for reason in REASONS[code]), report
    with language(code):
        editor_client.post(
            reverse("admin:publications_publication_scan_job"),
            {"scan": "duplicates"},
            HTTP_ACCEPT_LANGUAGE=code,
        )
        page = editor_client.get(
            reverse("admin:publications_publication_duplicates"), HTTP_ACCEPT_LANGUAGE=code
        )
    html = unescape(page.content.decode())
    assert all(reason in html for reason in REASONS[code]), html
    if code == "fr":
        typed = ["Ada Lovelace", "Grace Hopper", "Notes on the engine", "editor"]
        assert english_in(f"<pre>{report}</pre>", data=typed) == []
        assert english_in_admin(html, [*typed, "Research Directory"]) == []


def test_the_editors_commands_speak_the_active_language(tmp_path):
    """What editors run from the command line (LANGUAGE_CODE=fr gives French)."""
    broken = tmp_path / "backup.json"
    broken.write_text("{", encoding="utf-8")
    out = StringIO()
    with translation.override("fr"):
        call_command("review_digest", "--dry-run", stdout=out)
        call_command("harvest_nightly", "--dry-run", stdout=out)
        with pytest.raises(CommandError, match="n’est pas du JSON valide"):
            call_command("import_data", str(broken))
        with pytest.raises(CommandError, match="Aucune personne n’a l’adresse 'nobody'"):
            call_command("harvest", "nobody")
    said = out.getvalue()
    assert "Rien n’attend de vérification\u202f; aucun courriel envoyé." in said
    assert "0 à moissonner\u202f; 0 tâche arrêtée reprise." in said
    assert english_in(f"<pre>{said}</pre>") == []
