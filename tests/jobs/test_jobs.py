"""Background jobs: imports run through the job system, with progress, reports, errors."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs.models import Job
from jobs.progress import Progress, TerminalProgress
from jobs.runner import recover_stale_jobs, start_job
from profiles.models import Person
from publications.background import parse_and_heal
from publications.importers.batches import write_in_batches
from publications.models import Authorship, Publication
from tests.support import ROOT
from tests.support.job_helpers import DATABASE_QUEUE, run_worker

SEED = ROOT / "data" / "seed" / "000_1ad2ebc84e302d88.txt"
JOBS_URL = "/admin/jobs/job/"
IMPORT = "publications.background.import_file"
BIB = "\n".join(
    f"@article{{e{n}, title={{Paper number {n}}}, author={{Ada Lovelace and Alan Turing}}, "
    f"year={{2020}}, doi={{10.1000/paper.{n}}}}}"
    for n in range(1, 6)
)


def test_a_profile_page_upload_runs_as_a_job(editor_client):
    upload = SimpleUploadedFile("razvan.txt", SEED.read_bytes())
    response = editor_client.post(
        "/admin/publications/publication/import-profile/", {"file": upload}, follow=True
    )
    assert response.status_code == 200
    job = Job.objects.get()
    assert job.status == Job.Status.DONE and job.title == "Import of razvan.txt"
    assert Person.objects.get(full_name="Razvan Pascanu").has_profile
    assert job.done == job.total == Publication.objects.count() > 0
    assert "People created:" in response.text


def test_the_job_list_shows_progress_and_refreshes_while_a_job_runs(editor_client):
    Job.objects.create(title="Half way", handler=IMPORT, status="running", done=5, total=10)
    response = editor_client.get(JOBS_URL)
    assert '<progress max="100" value="50"' in response.text and "5 of 10" in response.text
    assert '<meta http-equiv="refresh" content="2">' in response.text
    Job.objects.update(status="done", done=10)
    assert 'http-equiv="refresh"' not in editor_client.get(JOBS_URL).text


def test_a_job_whose_input_is_bad_fails_with_a_clear_error_and_writes_nothing(editor_client):
    job = start_job(
        "Import of bad.bib",
        IMPORT,
        input_text="@article{x, title={A",
        format="bibtex",
        source="bad.bib",
    )
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "bad.bib, line 1" in job.error and "Nothing was written." in job.error
    assert not Publication.objects.exists()
    page = editor_client.get(f"{JOBS_URL}{job.pk}/change/").text
    assert 'class="errornote"' in page and "Nothing was written." in page


def test_an_unexpected_error_fails_the_job_with_its_kind(db):
    job = start_job("Broken", IMPORT, input_text="x", format="no-such-format", source="x")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error.startswith("The job stopped on an unexpected error (KeyError")


def test_an_import_stopped_between_batches_keeps_whole_batches_and_a_rerun_finishes_it(db):
    parsed = parse_and_heal(BIB, format="bibtex", source="five.bib")

    class WorkerDies(Progress):
        def show(self):
            if self.done >= 2:
                raise SystemExit("the worker was stopped")

    with pytest.raises(SystemExit):
        write_in_batches(parsed, WorkerDies(), size=2)
    assert Publication.objects.count() == 2
    assert Authorship.objects.count() == 4  # each written paper has its whole byline
    parsed = parse_and_heal(BIB, format="bibtex", source="five.bib")
    report = write_in_batches(parsed, Progress(), size=2)
    assert Publication.objects.count() == 5 and Person.objects.count() == 2
    assert len(report.publications_unchanged) == 2 and len(report.publications_created) == 3


@pytest.fixture
def database_refuses_paper_3():
    """A trigger in the real database refuses one title, as a constraint the importer
    cannot foresee would (a disk full, a lock timeout, a check added by hand)."""
    table = Publication._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION rd_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "IF NEW.title = 'Paper number 3' THEN RAISE EXCEPTION 'paper 3 refused'; END IF; "
                "RETURN NEW; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER rd_test_refuse BEFORE INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION rd_test_refuse()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER rd_test_refuse BEFORE INSERT ON {table} "
                "WHEN NEW.title = 'Paper number 3' "
                "BEGIN SELECT RAISE(ABORT, 'paper 3 refused'); END"
            )


REFUSED = (
    "five.bib: the database refused publications 3 to 4 of 5 (paper 3 refused). That batch "
    "was not written; the 2 before it were, and running the import again adds the rest."
)


@override_settings(IMPORT_BATCH_SIZE=2)
def test_a_batch_the_database_refuses_is_named_by_the_command_and_the_ones_before_it_kept(
    db, tmp_path, database_refuses_paper_3
):
    path = tmp_path / "five.bib"
    path.write_text(BIB)
    with pytest.raises(CommandError) as raised:
        call_command("import_bibtex", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert str(raised.value) == REFUSED.replace("five.bib", str(path))
    assert sorted(Publication.objects.values_list("title", flat=True)) == [
        "Paper number 1",
        "Paper number 2",
    ]


@override_settings(IMPORT_BATCH_SIZE=2)
def test_a_batch_the_database_refuses_fails_the_job_with_that_message(db, database_refuses_paper_3):
    job = start_job(
        "Import of five.bib", IMPORT, input_text=BIB, format="bibtex", source="five.bib"
    )
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error == REFUSED
    assert Publication.objects.count() == 2


def _stale(job):
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    Job.objects.filter(pk=job.pk).update(status="running", heartbeat=long_ago)


def test_a_job_whose_worker_stopped_is_run_again_then_marked_failed(db):
    job = Job.objects.create(
        title="Import of five.bib",
        handler=IMPORT,
        input_text=BIB,
        arguments={"format": "bibtex", "source": "five.bib"},
        attempts=1,
    )
    _stale(job)
    assert recover_stale_jobs() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 2
    assert Publication.objects.count() == 5
    _stale(job)
    recover_stale_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "The worker stopped" in job.error


def test_run_again_starts_a_new_job_with_the_same_input(editor_client):
    job = start_job("Import of five.bib", IMPORT, input_text=BIB, format="bibtex", source="f")
    editor_client.post(JOBS_URL, {"action": "run_again", "_selected_action": [job.pk]})
    assert Job.objects.filter(status="done").count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_database_backend_queues_a_job_that_the_worker_runs():
    with override_settings(TASKS=DATABASE_QUEUE):
        job = start_job("Import of five.bib", IMPORT, input_text=BIB, format="bibtex", source="f")
        assert job.status == Job.Status.QUEUED and not Publication.objects.exists()
        assert DBTaskResult.objects.get(id=job.task_id).status == "READY"
        run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and (job.done, job.total) == (5, 5)
    assert "Publications created: 5" in job.report
    assert Publication.objects.count() == 5
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"


def test_a_terminal_shows_a_bar_and_a_log_one_line_per_step():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal, log = Terminal(), io.StringIO()
    for stream in (terminal, log):
        progress = TerminalProgress(stream, label="import")
        progress(0, 4, "Writing")
        progress(2, 4, "Writing")
        progress(4, 4, "Done")
    assert "\rimport [###############---------------] 2/4" in terminal.getvalue()
    assert log.getvalue() == "import: Writing (0/4)\nimport: Writing (2/4)\nimport: Done (4/4)\n"


def test_the_job_list_runs_few_queries_whatever_the_number_of_jobs(
    editor_client, django_assert_max_num_queries
):
    for number in range(40):
        Job.objects.create(title=f"Job {number}", handler=IMPORT, status="done")
    with django_assert_max_num_queries(12):
        assert editor_client.get(JOBS_URL).status_code == 200


SCAN_URL = "/admin/publications/publication/scan-job/"


@pytest.mark.parametrize(
    ("scan", "page", "line", "found"),
    [
        ("duplicates", "duplicates", "Likely duplicate people: 1", '<h2 id="people">People (1)'),
        ("quality", "quality", "Profiles without any publication: 1", "Razvan Pascanu</a></li>"),
    ],
)
def test_the_duplicate_scan_and_quality_report_run_as_jobs(editor_client, scan, page, line, found):
    from tests.factories import make_person

    make_person("Razvan Pascanu", has_profile=True)
    make_person("Razvan Pascanu")
    url = f"/admin/publications/publication/{page}/"
    before = editor_client.get(url).text
    assert 'name="scan" value="' + scan + '"' in before and "No scan has run yet" in before
    assert found not in before  # the page itself never scans
    response = editor_client.post(SCAN_URL, {"scan": scan}, follow=True)
    job = Job.objects.get()
    assert job.status == Job.Status.DONE and job.step == "Done" and job.done == job.total
    assert line in job.report and line in response.text
    assert f'href="{url}">Show what it found</a>' in response.text
    after = editor_client.get(url).text
    assert found in after and f"{JOBS_URL}{job.pk}/change/" in after


class Steps(Progress):
    """Every (done, total, step) a handler tells, as the job's row would be written."""

    def __init__(self):
        super().__init__()
        self.rows = []

    def show(self):
        self.rows.append((self.done, self.total, self.step))


def test_a_scan_tells_its_progress_stage_by_stage(db):
    from publications.background import quality_report, scan_duplicates
    from tests.factories import make_person, make_publication

    for number in range(3):
        make_publication(f"Paper {number}", authors=[make_person(f"Ada Number{number}")])
    steps = Steps()
    scan_duplicates(steps)
    stages = list(dict.fromkeys(step for _, _, step in steps.rows))
    assert stages == [
        "Comparing people (step 1 of 2)",
        "Comparing publications (step 2 of 2)",
        "Done",
    ]
    assert (3, 3, "Comparing publications (step 2 of 2)") in steps.rows
    steps = Steps()
    quality_report(steps)
    assert [step for step in dict.fromkeys(s for _, _, s in steps.rows)] == [
        "Running the checks (step 1 of 3)",
        "Looking for preprints and their published versions (step 2 of 3)",
        "Looking for authors not linked to a profile (step 3 of 3)",
        "Done",
    ]


@pytest.mark.django_db(transaction=True)
def test_a_scan_queued_in_the_database_shows_its_progress_then_its_results(client):
    from django.contrib.auth.models import User

    from tests.factories import make_person, make_publication

    # A transactional test has no Editor group (migrations' data is flushed).
    client.force_login(User.objects.create_superuser("ed", password="pw"))
    first = make_publication("Attention is all you need", kind="preprint")
    second = make_publication("Attention Is All You Need!", venue="NeurIPS")
    make_person("Ada Lovelace"), make_person("Ada Lovelace")
    url = "/admin/publications/publication/duplicates/"
    with override_settings(TASKS=DATABASE_QUEUE):
        client.post(SCAN_URL, {"scan": "duplicates"})
        job = Job.objects.get()
        assert job.status == Job.Status.QUEUED
        assert DBTaskResult.objects.get(id=job.task_id).status == "READY"
        waiting = client.get(url).text
        assert '<meta http-equiv="refresh" content="2">' in waiting
        assert '<progress max="100" value="0"' in waiting and 'name="scan"' not in waiting
        # Safe to press twice: the running scan is shown, not a second one started.
        again = client.post(SCAN_URL, {"scan": "duplicates"}, follow=True)
        assert "This scan is already running" in again.text and Job.objects.count() == 1
        run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.step == "Done" and job.done == job.total == 2
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
    # Reasons are kept as codes, so the page says them in each reader's language.
    assert job.result["publications"] == [[first.pk, second.pk, ["same-title"]]]
    assert len(job.result["people"]) == 1
    done = client.get(url)
    assert 'http-equiv="refresh"' not in done.text and 'name="scan"' in done.text
    assert [(p.first, p.second) for p in done.context["publications"]] == [(first, second)]


def test_a_scan_whose_worker_stopped_runs_again_from_the_start(db):
    from tests.factories import make_publication

    make_publication("Attention is all you need")
    make_publication("Attention Is All You Need!")
    job = Job.objects.create(
        title="Duplicate scan", handler="publications.background.scan_duplicates", attempts=1
    )
    _stale(job)
    assert recover_stale_jobs() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 2
    assert "Likely duplicate publications: 1" in job.report


def test_an_unknown_scan_is_refused_with_a_message(editor_client):
    response = editor_client.post(
        "/admin/publications/publication/scan-job/", {"scan": "rm -rf"}, follow=True
    )
    assert "Choose the duplicate scan or the quality report." in response.text
    assert not Job.objects.exists()


def test_only_those_who_may_import_can_run_a_job_again(client, django_user_model):
    from django.contrib.auth.models import Group

    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.groups.add(Group.objects.get(name="Editor"))
    job = start_job("Import of five.bib", IMPORT, input_text=BIB, format="bibtex", source="f")
    client.force_login(viewer)
    assert client.get(f"{JOBS_URL}{job.pk}/change/").status_code == 200  # editors see jobs
    page = client.get(JOBS_URL).text
    assert 'value="run_again"' in page  # editors may add publications
    Group.objects.get(name="Editor").permissions.remove(
        *Group.objects.get(name="Editor").permissions.filter(codename="add_publication")
    )
    viewer = django_user_model.objects.get(pk=viewer.pk)  # no cached permissions
    client.force_login(viewer)
    assert 'value="run_again"' not in client.get(JOBS_URL).text


def test_an_editor_can_stop_a_job_page_refreshing_itself(editor_client):
    Job.objects.create(title="Half way", handler=IMPORT, status="running", done=5, total=10)
    response = editor_client.get(JOBS_URL + "?status__exact=running")
    assert "This page refreshes itself every 2 seconds while a job runs." in response.text
    assert '<a href="?status__exact=running&amp;refresh=off">Stop refreshing</a>' in response.text
    stopped = editor_client.get(JOBS_URL + "?status__exact=running&refresh=off")
    assert stopped.status_code == 200 and "Half way" in stopped.text  # still filtered, no ?e=1
    assert 'http-equiv="refresh"' not in stopped.text
    assert '<a href="?status__exact=running">Refresh again</a>' in stopped.text
