"""The BibTeX importer's rate: a 5,000-entry file into an empty database and into a copy
of the full benchmark database, entries per second, start-up included."""

import logging
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from django.core.management import get_commands
from django.db import connections
from psycopg import sql
from pylatexenc.latexencode import unicode_to_latex

from publications.synthetic import vocabulary as words
from publications.synthetic.generator import Generator

ROOT = Path(__file__).resolve().parent.parent
ENTRIES = 5000
# Far above the generated data's ids, so the file's DOIs and arXiv ids are new there.
FIRST_ID = 10_000_000
ENTRY_TYPES = {
    "conference": ("inproceedings", "booktitle"),
    "article": ("article", "journal"),
    "preprint": ("misc", "howpublished"),
    "chapter": ("incollection", "booktitle"),
    "report": ("techreport", "institution"),
    "thesis": ("phdthesis", "school"),
    "book": ("book", "publisher"),
}


def bibtex_entries(count=ENTRIES, *, seed=7):
    """`count` new entries as a .bib file writes them: 3,000 authors drawn from the
    generator's names (so many are people the full database holds), accents in TeX."""
    generator = Generator(seed=seed)
    people = [generator.person(number, member=False) for number in range(1, 3001)]
    draw = generator.author_sampler(people)
    logging.getLogger("pylatexenc").setLevel(logging.ERROR)  # ễ has no TeX command: kept
    for number in range(count):
        row = generator.publication(FIRST_ID + number, generator.random.sample(words.TOPICS, 2))
        names = [generator.printed_name(person) for person in draw(generator.author_count())]
        entry_type, venue = ENTRY_TYPES[row["kind"]]
        authors = " and ".join(
            unicode_to_latex(name, non_ascii_only=True, unknown_char_policy="keep")
            for name in names
        )
        fields = [
            ("title", row["title"]),
            ("author", authors),
            ("year", row["year"]),
            (venue, row["venue"]),
            ("abstract", row["abstract"]),
            ("doi", row["doi"]),
            ("eprint", row["arxiv_id"]),
            ("archiveprefix", "arXiv" if row["arxiv_id"] else None),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        yield f"@{entry_type}{{bench{number},\n{body}\n}}\n\n"


def _admin_url(database_url):
    return re.sub(r"/[^/?]*(\?|$)", r"/postgres\1", database_url, count=1)


def _url_of(database_url, name):
    return re.sub(r"/[^/?]*(\?|$)", rf"/{name}\1", database_url, count=1)


def _create(database_url, name, template=None, attempts=30):
    """Create database `name`, a copy of `template` if given; a template in use (someone
    connected to it) is waited for, as PostgreSQL copies only an idle database."""
    with psycopg.connect(_admin_url(database_url), autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        for attempt in range(attempts):
            try:
                connection.execute(statement)
                return
            except psycopg.errors.ObjectInUse:
                if attempt == attempts - 1:
                    raise
                time.sleep(2)


def _drop(database_url, name):
    with psycopg.connect(_admin_url(database_url), autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def _timed_import(path, database_url, env):
    manage = [sys.executable, str(ROOT / "manage.py")]
    scratch_env = dict(env, DATABASE_URL=database_url)
    subprocess.run([*manage, "migrate", "-v0"], env=scratch_env, check=True, cwd=ROOT)
    started = time.perf_counter()
    result = subprocess.run(
        [*manage, "import_bibtex", path], env=scratch_env, cwd=ROOT,
        capture_output=True, text=True,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    if result.returncode:
        return {"message": f"failed: {result.stderr.strip()[-300:]}"}
    created = re.search(r"Publications created: (\d+)", result.stdout)
    return {
        "entries": ENTRIES,
        "publications_created": int(created.group(1)) if created else None,
        "seconds": round(elapsed, 2),
        "entries_per_s": round(ENTRIES / elapsed, 1),
    }


def measure_import_rate(database_url, env):
    """{"empty": figures, "full": figures, "message": one line}."""
    if "import_bibtex" not in get_commands():
        return {"message": "skipped: there is no import_bibtex command on this branch yet"}
    source = psycopg.conninfo.conninfo_to_dict(database_url)["dbname"]
    connections.close_all()  # a database is copied only while no one is connected to it
    with tempfile.NamedTemporaryFile("w", suffix=".bib", delete=False) as handle:
        handle.writelines(bibtex_entries())
    figures = {}
    try:
        for case, template in (("empty", None), ("full", source)):
            scratch = f"{source}_import_{case}"
            _create(database_url, scratch, template=template)
            try:
                figures[case] = _timed_import(handle.name, _url_of(database_url, scratch), env)
            finally:
                _drop(database_url, scratch)
    finally:
        Path(handle.name).unlink()
    parts = [
        f"{case} database {f['entries_per_s']:.0f} entries/s ({f['seconds']:.1f} s)"
        if "entries_per_s" in f
        else f"{case} database {f['message']}"
        for case, f in figures.items()
    ]
    message = f"{ENTRIES} entries: " + "; ".join(parts) + " (one process, start-up included)"
    return figures | {"message": message}
