"""The two-command setup, the compose file and the settings read from the environment."""

import io
import os
import subprocess
import sys

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from profiles.models import Person
from tests.support import ROOT


def _run_manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
    )


def test_compose_runs_postgres_and_the_app_with_health_checks():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    db, app = compose["services"]["db"], compose["services"]["app"]
    assert db["image"].startswith("postgres:")
    assert "pgdata:/var/lib/postgresql/data" in db["volumes"]
    assert "pgdata" in compose["volumes"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert app["depends_on"]["db"]["condition"] == "service_healthy"
    assert app["environment"]["DATABASE_URL"].startswith("postgres://")
    assert "/healthz" in " ".join(app["healthcheck"]["test"])


def test_dockerfile_collects_static_files_and_serves_with_gunicorn_after_migrating():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "collectstatic --noinput" in dockerfile
    assert "migrate --noinput && exec gunicorn config.wsgi" in dockerfile


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _run_manage("check", SECRET_KEY="", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = _run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="x" * 30 + "-production-secret-key-for-the-check",
        DEBUG="0",
        ALLOWED_HOSTS="directory.example.org",
        SECURE_SSL_REDIRECT="",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_database_url_selects_postgres_through_psycopg(monkeypatch):
    import dj_database_url

    config = dj_database_url.parse("postgres://postgres@127.0.0.1:5432/research_directory")
    assert config["ENGINE"] == "django.db.backends.postgresql"


@pytest.mark.django_db
def test_bootstrap_loads_the_seed_once_and_prints_a_fresh_login(capsys):
    call_command("bootstrap")
    first = capsys.readouterr().out
    call_command("bootstrap")
    second = capsys.readouterr().out
    razvan = Person.objects.get(full_name="Razvan Pascanu")
    assert razvan.has_profile and razvan.get_membership_display() == "Affiliate Member"
    assert (razvan.position, razvan.affiliation) == ("Senior Research Scientist", "Google DeepMind")
    assert razvan.topics.count() == 15
    assert "importing" in first and "importing" not in second
    passwords = [
        line.split(" / ")[1].split()[0]
        for output in (first, second)
        for line in output.splitlines()
        if "Admin login" in line
    ]
    assert len(passwords) == 2 and passwords[0] != passwords[1]
    assert get_user_model().objects.get(username="admin").check_password(passwords[1])


@pytest.mark.django_db
def test_admin_lists_the_seeded_person_after_bootstrap(client):
    call_command("bootstrap", stdout=io.StringIO())
    admin_user = get_user_model().objects.get(username="admin")
    client.force_login(admin_user)
    response = client.get("/admin/profiles/person/?q=Pascanu")
    assert "Razvan Pascanu" in response.text
    assert client.get(reverse("profiles:directory")).status_code == 200


@pytest.mark.django_db
def test_health_endpoint_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up", "cache": "up"}


def test_the_wsgi_application_freezes_the_collector_after_its_first_request():
    import gc

    from config.wsgi import freeze_after_first_request

    calls = []
    app = freeze_after_first_request(lambda environ, start_response: calls.append(1) or [b""])
    try:
        gc.unfreeze()
        app({}, None)
        frozen = gc.get_freeze_count()
        assert frozen > 0
        made_since = [[] for _ in range(1000)]  # tracked by the collector
        app({}, None)
        # Once only: what was made since stays out. (Frozen objects can still be freed,
        # so the count may fall.)
        assert gc.get_freeze_count() <= frozen
        assert calls == [1, 1] and len(made_since) == 1000
    finally:
        gc.unfreeze()


def _fresh_clone_env(tmp_path):
    """The environment of a new user: no SECRET_KEY, DEBUG or settings module set."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    return {**env, "VAR_DIR": str(tmp_path)}


def test_the_readme_import_command_works_in_a_fresh_clone(tmp_path):
    env = _fresh_clone_env(tmp_path)
    manage = [sys.executable, "manage.py"]
    migrated = subprocess.run(
        [*manage, "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert migrated.returncode == 0, migrated.stderr
    imported = subprocess.run(
        [*manage, "import_profile", "data/seed/000_1ad2ebc84e302d88.txt"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert imported.returncode == 0, imported.stderr
    assert "People created:" in imported.stdout
    assert "SECRET_KEY" not in imported.stderr


def test_the_production_entry_point_refuses_to_start_without_a_secret_key(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env=_fresh_clone_env(tmp_path),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_the_image_runs_manage_py_on_the_production_settings():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "DJANGO_SETTINGS_MODULE=config.settings\n" in dockerfile


def test_compose_runs_a_job_worker_with_the_apps_settings():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    app, worker = compose["services"]["app"], compose["services"]["worker"]
    assert worker["command"][:3] == ["python", "manage.py", "db_worker"]
    assert worker["environment"] == app["environment"]
    assert worker["depends_on"]["app"]["condition"] == "service_healthy"
