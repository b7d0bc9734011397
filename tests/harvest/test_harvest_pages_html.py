"""The pages of jobs and harvests, and those that start jobs, are valid HTML5 (Nu checker)."""

import json
import subprocess
from pathlib import Path

import pytest

from jobs.models import Job
from publications.harvest.models import HarvestRun, Suggestion
from tests.factories import make_person
from tests.pages.test_pages_html import vnu_command

PAGES = {
    "jobs": "/admin/jobs/job/",
    "job": "/admin/jobs/job/{job}/change/",
    "harvest-form": "/admin/harvest/suggestion/harvest/",
    "suggestions": "/admin/harvest/suggestion/",
    "suggestion": "/admin/harvest/suggestion/{suggestion}/change/",
    "overview": "/admin/harvest/suggestion/overview/",
    "import-profile": "/admin/publications/publication/import-profile/",
    "duplicates": "/admin/publications/publication/duplicates/",
    "quality": "/admin/publications/publication/quality/",
}


@pytest.mark.django_db
def test_the_job_and_harvest_pages_pass_the_nu_html_checker(editor_client, tmp_path):
    command = vnu_command()
    person = make_person("Josiah Carberry", has_profile=True)
    job = Job.objects.create(
        title="Harvest <for> Josiah",
        handler="x",
        status="running",
        done=1,
        total=3,
        report="a <b> line",
        error="it & failed",
    )
    HarvestRun.objects.create(person=person, source="orcid", found=3, error="down")
    suggestion = Suggestion.objects.create(
        person=person, source="orcid", title="A & B", record={}, authors="X; Y"
    )
    files = []
    for name, url in PAGES.items():
        response = editor_client.get(url.format(job=job.pk, suggestion=suggestion.pk))
        assert response.status_code == 200, name
        assert "<b>" not in response.text and "<for>" not in response.text  # escaped
        path = tmp_path / f"{name}.html"
        path.write_text(response.text, encoding="utf-8")
        files.append(str(path))
    result = subprocess.run(
        [*command, "--format", "json", *files], capture_output=True, text=True, timeout=300
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    problems = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if (m["type"] == "error" or m.get("subType") == "warning")
        # Django's own app list in the admin's sidebar: a model that may not be added
        # (jobs, suggestions, axes' logs) gets a row without its "Add" cell.
        and not m.get("message", "").startswith("A table row was 2 columns wide")
    ]
    assert problems == [], "\n".join(problems)
