"""`make bench BENCH_ARGS=--peer`: the same data served by django-publications 1.2.0, a
well-known Django app for a lab's publications, beside ours; prints peer ÷ ours.

None of its code is committed here: it is installed from PyPI into a virtual
environment of its own (var/peer-venv), and a minimal project for it is written to
var/peer-project at run time. Its database (`<bench name>_peer`) is filled from the
benchmark database's rows by one COPY, read-only on the source.
"""

import subprocess
import sys
import textwrap
import time
import urllib.request

import psycopg
from psycopg import sql

from benchmarks import load

VENV = load.ROOT / "var" / "peer-venv"
PROJECT = load.ROOT / "var" / "peer-project"
# Its own release, and the same Django, driver and server as ours.
REQUIREMENTS = [
    "django-publications==1.2.0",
    "Django==5.2.19",
    "psycopg[binary]==3.3.9",
    "gunicorn==27.0.1",
]

SETTINGS = """\
# Written by benchmarks/peer.py: a minimal project serving django-publications.
SECRET_KEY = "peer-benchmark-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "publications",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
ROOT_URLCONF = "peer_site.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", **%(database)r}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True
TIME_ZONE = "UTC"
STATIC_URL = "/static/"
MEDIA_URL = "/media/"
"""

URLS = """\
from django.urls import include, path

urlpatterns = [path("publications/", include("publications.urls"))]
"""

# Our kinds as its types (its fixture's ids); every type is shown, as ours are.
TYPES = {"article": 1, "conference": 2, "report": 3, "book": 4, "chapter": 5, "thesis": 7}
UNPUBLISHED = 8

# One row of its table per publication of ours: the byline as its authors string,
# the topics as its keywords, the venue in the field its type reads.
EXPORT = """
COPY (
    SELECT pu.id,
        CASE pu.kind {types} ELSE {unpublished} END,
        'rd' || pu.id,
        left(pu.title, 512),
        left(coalesce((
            SELECT string_agg(coalesce(nullif(a.name_as_printed, ''), pe.full_name), ', '
                              ORDER BY a.position NULLS LAST, a.id)
            FROM publications_authorship a JOIN profiles_person pe ON pe.id = a.person_id
            WHERE a.publication_id = pu.id), ''), 2048),
        coalesce(pu.year, extract(year FROM pu.created)::int),
        extract(month FROM pu.date)::int,
        CASE WHEN pu.kind = 'article' THEN left(pu.venue, 256) ELSE '' END,
        CASE WHEN pu.kind IN ('conference', 'chapter') THEN left(pu.venue, 256) ELSE '' END,
        '',
        CASE WHEN pu.kind IN ('report', 'thesis', 'preprint') THEN left(pu.venue, 256)
             ELSE '' END,
        NULL::int, NULL::int, '', '',
        left(coalesce((
            SELECT string_agg(t.name, ', ' ORDER BY t.name)
            FROM publications_publication_topics pt JOIN profiles_topic t ON t.id = pt.topic_id
            WHERE pt.publication_id = pu.id), ''), 256),
        left(coalesce(nullif(pu.url, ''), pu.pdf_url, ''), 200),
        '', NULL, NULL, NULL,
        coalesce(pu.doi, ''), false, pu.abstract, ''
    FROM publications_publication pu
) TO STDOUT
"""
COLUMNS = [
    "id", "type_id", "citekey", "title", "authors", "year", "month", "journal",
    "book_title", "publisher", "institution", "volume", "number", "pages", "note",
    "keywords", "url", "code", "pdf", "image", "thumbnail", "doi", "external",
    "abstract", "isbn",
]  # fmt: skip


def peer_database_url(url):
    """The peer's database: the benchmark database's name with `_peer`."""
    info = psycopg.conninfo.conninfo_to_dict(url)
    info["dbname"] = f"{info['dbname']}_peer"
    return psycopg.conninfo.make_conninfo(**info)


def install():
    """The peer's virtual environment and project, made once."""
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "ensurepip", "--upgrade"], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", *REQUIREMENTS], check=True
    )  # pip leaves an installed set as it is


def write_project(database_url):
    info = psycopg.conninfo.conninfo_to_dict(database_url)
    database = {
        "NAME": info["dbname"],
        "USER": info.get("user", ""),
        "PASSWORD": info.get("password", ""),
        "HOST": info.get("host", ""),
        "PORT": info.get("port", ""),
    }
    site = PROJECT / "peer_site"
    site.mkdir(parents=True, exist_ok=True)
    (site / "__init__.py").write_text("")
    (site / "settings.py").write_text(SETTINGS % {"database": database})
    (site / "urls.py").write_text(URLS)
    (site / "wsgi.py").write_text(
        textwrap.dedent("""\
            import os

            from django.core.wsgi import get_wsgi_application

            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer_site.settings")
            application = get_wsgi_application()
        """)
    )


def environment():
    return {"PATH": f"{VENV / 'bin'}:/usr/bin:/bin", "PYTHONPATH": str(PROJECT),
            "DJANGO_SETTINGS_MODULE": "peer_site.settings"}  # fmt: skip


def fill(source_url, peer_url):
    """Migrate the peer's schema and copy our rows into it, unless it holds them all."""
    admin = psycopg.conninfo.make_conninfo(peer_url, dbname="postgres")
    name = psycopg.conninfo.conninfo_to_dict(peer_url)["dbname"]
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    subprocess.run(
        [str(VENV / "bin" / "django-admin"), "migrate", "--verbosity", "0"],
        cwd=PROJECT, env=environment(), check=True,
    )  # fmt: skip
    with psycopg.connect(source_url) as source, psycopg.connect(peer_url) as peer:
        have = source.execute("SELECT count(*) FROM publications_publication").fetchone()[0]
        copied = peer.execute("SELECT count(*) FROM publications_publication").fetchone()[0]
        if have == copied:
            print(f"Peer: reusing its {copied} publications.")
            return
        started = time.perf_counter()
        peer.execute("TRUNCATE publications_publication CASCADE")
        peer.execute("UPDATE publications_type SET hidden = false")
        types = " ".join(f"WHEN '{kind}' THEN {pk}" for kind, pk in TYPES.items())
        export = EXPORT.format(types=types, unpublished=UNPUBLISHED)
        columns = sql.SQL(", ").join(map(sql.Identifier, COLUMNS))
        into = sql.SQL("COPY publications_publication ({}) FROM STDIN").format(columns)
        with source.cursor().copy(export) as rows, peer.cursor().copy(into) as target:
            for block in rows:
                target.write(block)
        peer.execute(
            "SELECT setval(pg_get_serial_sequence('publications_publication', 'id'),"
            " (SELECT max(id) FROM publications_publication))"
        )
        peer.execute("ANALYZE publications_publication")
        print(f"Peer: {have} publications copied in {time.perf_counter() - started:.1f} s.")


def list_year():
    """The earliest year with a page of publications: theirs lists a whole year at once."""
    from django.db.models import Count

    from publications.models import Publication
    from publications.templatetags.publication_lists import PUBLICATIONS_PER_PAGE

    years = (
        Publication.objects.values("year")
        .annotate(n=Count("id"))
        .filter(year__isnull=False, n__gte=PUBLICATIONS_PER_PAGE)
    )
    return years.order_by("year").values_list("year", flat=True).first()


def peer_scenarios(person, chosen, year):
    """(name, our address, its address) of the scenarios both have."""
    ours = {scenario.name: scenario.url for scenario in chosen}
    publication = ours["publication page"].split("/")[3]
    name = person["full_name"].replace(" ", "+")
    return [
        ("one person's list", ours["profile page"], f"/publications/{name}/"),
        ("that list's BibTeX", ours["BibTeX export (500+ entries)"],
         f"/publications/{name}/?bibtex"),
        ("a year list", f"/en/publications/?year={year}", f"/publications/year/{year}/"),
        ("publication page", ours["publication page"], f"/publications/{publication}/"),
    ]  # fmt: skip


def compare(args, env, scenarios, measured, uncached):
    """Serve the peer beside ours (kept and cold), load each scenario, print the table."""
    install()
    peer_url = peer_database_url(args.database_url)
    write_project(peer_url)
    fill(args.database_url, peer_url)
    cold_env = env | {"FRAGMENT_CACHE": "0"}
    peer_env = environment()
    options = {"seconds": args.duration, "connections": args.connections}
    port = args.port + 3
    results = []
    with (
        load.gunicorn("config.wsgi:application", port, workers=args.workers, env=env) as ours,
        load.gunicorn(
            "config.wsgi:application", port + 1, workers=args.workers, env=cold_env
        ) as cold,
        load.gunicorn(
            "peer_site.wsgi:application", port + 2, workers=args.workers, env=peer_env,
            executable=VENV / "bin" / "gunicorn", cwd=PROJECT,
        ) as peer,
    ):  # fmt: skip
        for name, our_path, peer_path in scenarios:
            print(f"… peer: {name}", flush=True)
            results.append(
                {
                    "name": name,
                    "ours": measured(ours, our_path, options, uncached),
                    "cold": measured(cold, our_path, options, uncached),
                    "peer": measured(peer, peer_path, options),
                    "peer_kb": size(peer + peer_path),
                    "ours_kb": size(ours + our_path),
                }
            )
    print(table(results), flush=True)  # now: the rest of the run takes minutes
    return results


def size(url):
    with urllib.request.urlopen(url, timeout=120) as response:
        return len(response.read()) / 1024


def table(results):
    head = (
        f"{'scenario (peer: django-publications)':38} {'KB':>6} {'p95':>7} {'cold p95':>8} "
        f"{'peer KB':>7} {'peer p95':>8} {'peer ÷ ours':>11} {'peer ÷ cold':>11}  peer answers"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        ours, cold, peer = r["ours"]["p95_ms"], r["cold"]["p95_ms"], r["peer"]["p95_ms"]
        lines.append(
            f"{r['name']:38} {r['ours_kb']:>6.0f} {ours:>7.1f} {cold:>8.1f} "
            f"{r['peer_kb']:>7.0f} {peer:>8.1f} {peer / ours:>11.1f} {peer / cold:>11.1f}  "
            f"{r['peer']['requests']} ({r['peer']['errors']} timed out or failed)"
        )
    return "\n".join(lines)
