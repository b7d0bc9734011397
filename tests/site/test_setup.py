"""The two-command setup, the compose file and the settings read from the environment."""

import io
import json
import os
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
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
def test_bootstrap_in_development_loads_the_seed_once_and_prints_a_fresh_login(capsys, settings):
    settings.DEBUG = True
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


def _printed_passwords(output):
    return [
        line.split(" / ")[1].split()[0] for line in output.splitlines() if "Admin login" in line
    ]


@pytest.mark.django_db
def test_bootstrap_in_production_prints_a_login_once_and_never_resets_it(settings):
    settings.DEBUG = False
    first, second = io.StringIO(), io.StringIO()

    call_command("bootstrap", stdout=first)
    call_command("bootstrap", stdout=second)

    [password] = _printed_passwords(first.getvalue())
    assert _printed_passwords(second.getvalue()) == []
    assert password not in second.getvalue()
    assert "left as it is" in second.getvalue()
    admin_user = get_user_model().objects.get(username="admin")
    assert admin_user.is_superuser and admin_user.check_password(password)


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_bootstrap_never_makes_a_plain_user_a_superuser(settings, django_user_model, debug):
    settings.DEBUG = debug
    django_user_model.objects.create_user("ada", password="her-own-password")
    output = io.StringIO()

    with pytest.raises(CommandError, match="'ada' is a user who is not a superuser"):
        call_command("bootstrap", "--username", "ada", stdout=output)

    ada = django_user_model.objects.get(username="ada")
    assert not (ada.is_superuser or ada.is_staff)
    assert ada.check_password("her-own-password")
    assert _printed_passwords(output.getvalue()) == []


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


def _dockerfile_gunicorn_arguments():
    dockerfile = (ROOT / "Dockerfile").read_text()
    command = next(line for line in dockerfile.splitlines() if line.startswith("CMD "))
    shell_line = yaml.safe_load(command.removeprefix("CMD "))[-1]
    return shlex.split(shell_line.split("exec gunicorn", 1)[1])


def test_gunicorn_in_the_image_logs_no_address_query_string_or_user_agent(tmp_path):
    arguments = _dockerfile_gunicorn_arguments()
    assert "--access-logfile" not in arguments and "--access-logformat" not in arguments
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "gunicorn-log-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "WEB_CONCURRENCY": "1",
        "STATIC_ROOT": str(tmp_path),
        "PYTHONWARNINGS": "ignore",  # Python's warnings are not log lines
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *arguments, "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/healthz?token=s3cret-token"
        request = urllib.request.Request(
            url, headers={"User-Agent": "Agent-Smith/1.0", "X-Forwarded-For": "198.51.100.7"}
        )
        status = _get_when_up(request)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert status == 200
    lines = output.splitlines()
    entries = [json.loads(line) for line in lines]  # every line one JSON object
    assert any(entry["logger"] == "research_directory.requests" for entry in entries)
    for secret in ["s3cret", "Agent-Smith", "198.51.100.7", "127.0.0.1 -"]:
        assert secret not in output, secret


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get_when_up(request, attempts=100):
    """The status of `request` once the server accepts connections (it is starting)."""
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            time.sleep(0.1)
    raise AssertionError("gunicorn did not start")
