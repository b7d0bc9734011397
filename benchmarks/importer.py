"""The BibTeX importer's rate: entries per second into a scratch database."""

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from django.core.management import get_commands
from psycopg import sql

from publications.models import Publication

ROOT = Path(__file__).resolve().parent.parent
ENTRIES = 300  # the importer runs about 5 entries/s into an empty database (see README)


def bibtex_of(publications):
    def braced(text):
        return "{" + re.sub(r"[{}\\]", "", text or "") + "}"

    for pub in publications:
        authors = " and ".join(
            a.name_as_printed or a.person.full_name for a in pub.authorships.all()
        )
        yield (
            f"@inproceedings{{rd{pub.pk},\n  title = {braced(pub.title)},\n"
            f"  author = {braced(authors)},\n  year = {pub.year},\n"
            f"  booktitle = {braced(pub.venue)},\n  abstract = {braced(pub.abstract)}\n}}\n"
        )


def measure_import_rate(database_url, env):
    if "import_bibtex" not in get_commands():
        return {"message": "skipped: there is no import_bibtex command on this branch yet"}
    scratch = psycopg.conninfo.conninfo_to_dict(database_url)["dbname"] + "_import"
    admin = re.sub(r"/[^/?]*(\?|$)", r"/postgres\1", database_url, count=1)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(scratch)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(scratch)))
    scratch_url = re.sub(r"/[^/?]*(\?|$)", rf"/{scratch}\1", database_url, count=1)
    scratch_env = dict(env, DATABASE_URL=scratch_url)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=scratch_env, check=True, cwd=ROOT)
    publications = Publication.objects.with_authors().order_by("-id")[:ENTRIES]
    with tempfile.NamedTemporaryFile("w", suffix=".bib", delete=False) as handle:
        handle.writelines(bibtex_of(publications))
    started = time.perf_counter()
    result = subprocess.run(
        [*manage, "import_bibtex", handle.name], env=scratch_env, cwd=ROOT,
        capture_output=True, text=True,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    Path(handle.name).unlink()
    if result.returncode:
        return {"message": f"failed: {result.stderr.strip()[-300:]}"}
    rate = ENTRIES / elapsed
    return {
        "entries": ENTRIES,
        "seconds": round(elapsed, 2),
        "entries_per_s": round(rate, 1),
        "message": f"{ENTRIES} entries in {elapsed:.1f} s: {rate:.0f} entries/s "
        "(one process, start-up included)",
    }
