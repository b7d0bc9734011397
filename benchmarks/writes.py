"""Kept answers under writes (issue 15): the page cache's hit rate and p95 of the profile
page and a list while a background writer edits one person a second.

python -m benchmarks.writes [--duration S] [--connections N] [--workers N]

The writer writes, so this runs on a copy of the benchmark database (CREATE DATABASE …
TEMPLATE), migrated, and dropped at the end. Three phases: nobody writes; the writer
edits a person who shares no publication with the profiled one (the profile should
stay kept, the list not: every write is news to lists); the writer edits the profiled
person (what every write anywhere did to every kept page with one content version).
See benchmarks/README.md.
"""

import argparse
import json
import os
import re
import statistics
import sys
import threading
import time
from pathlib import Path

import psycopg
from psycopg import sql

from benchmarks import load
from benchmarks.run import DEFAULT_URL, RESULTS, server_environment

ROOT = Path(__file__).resolve().parent.parent
WRITES_PER_SECOND = 1


def database_url(url, name):
    return re.sub(r"/[^/?]*(\?|$)", rf"/{name}\1", url, count=1)


def copy_database(source_url):
    """A fresh copy of the database at `source_url`; (its URL, its name)."""
    source = psycopg.conninfo.conninfo_to_dict(source_url)["dbname"]
    copy = f"{source}_writes"
    with psycopg.connect(database_url(source_url, "postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(copy)))
        for attempt in range(30):  # the template must have no other session meanwhile
            try:
                admin.execute(
                    sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                        sql.Identifier(copy), sql.Identifier(source)
                    )
                )
                break
            except psycopg.errors.ObjectInUse:
                if attempt == 29:
                    raise
                time.sleep(2)
    return database_url(source_url, copy), copy


def drop_database(source_url, name):
    with psycopg.connect(database_url(source_url, "postgres"), autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


class Writer(threading.Thread):
    """Saves `person` (a new position each time) WRITES_PER_SECOND times a second."""

    def __init__(self, person):
        super().__init__(daemon=True)
        self.person, self.stopped, self.writes = person, threading.Event(), 0

    def run(self):
        from django.db import connections

        try:
            while not self.stopped.wait(1 / WRITES_PER_SECOND):
                self.writes += 1
                self.person.position = f"Benchmark position {self.writes}"
                self.person.save()
        finally:
            connections.close_all()

    def stop(self):
        self.stopped.set()
        self.join()


def unrelated_to(person_pk):
    """A person with a profile who shares no publication with the person of `person_pk`."""
    from profiles.models import Person
    from publications.models import Authorship

    theirs = Authorship.objects.filter(person_id=person_pk).values("publication_id")
    coauthors = Authorship.objects.filter(publication_id__in=theirs).values("person_id")
    return Person.objects.with_profile().exclude(pk__in=coauthors).order_by("pk").first()


def similar_costs(person, runs=3):
    """(cold ms, kept ms) of the profile's similar researchers: computed, then from the cache."""
    from django.core.cache import cache
    from django.test import RequestFactory, override_settings

    from publications import similar

    def timed(work):
        started = time.perf_counter()
        work()
        return (time.perf_counter() - started) * 1000

    cold = [timed(lambda: similar.rank(person)) for _ in range(runs)]
    with override_settings(FRAGMENT_CACHE=True):
        cache.clear()
        request = RequestFactory().get("/")
        similar.similar_researchers(request, person)  # computed and kept
        kept = [
            timed(lambda: similar.similar_researchers(RequestFactory().get("/"), person))
            for _ in range(runs)
        ]
    return statistics.median(cold), statistics.median(kept)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per run")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8107)) + 3)
    args = parser.parse_args(argv)

    load.require_wrk()
    copy_url, copy = copy_database(args.database_url)
    try:
        results = measure(copy_url, args)
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(args.database_url, copy)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "writes-latest.json").write_text(json.dumps(results, indent=2))
    print(f"\nWritten: {RESULTS / 'writes-latest.json'}")


def measure(copy_url, args):
    env = server_environment(copy_url)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from benchmarks import scenarios
    from profiles.models import Person

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    profiled = Person.objects.get(slug=scenarios.prolific_person()["slug"])
    other = unrelated_to(profiled.pk)
    _, built = scenarios.build()
    chosen = [s for s in built if s.name in ("profile page", "filtered publication list")]
    print(f"Profile {profiled.slug}; the unrelated person is {other.slug}.")
    cold_ms, kept_ms = similar_costs(profiled)
    print(f"Similar researchers of {profiled.slug}: {cold_ms:.0f} ms computed, {kept_ms:.2f} kept")

    phases = [
        ("nobody writes", None),
        ("an unrelated person", other),
        ("the profiled person", profiled),
    ]
    rows = []
    options = {"seconds": args.duration, "connections": args.connections}
    with load.gunicorn("config.wsgi:application", args.port, workers=args.workers, env=env) as app:
        for phase, person in phases:
            for scenario in chosen:
                print(f"… {scenario.name}, writer: {phase}", flush=True)
                url = app + scenario.url
                load.wrk(url, seconds=1, connections=args.connections)  # every worker keeps it
                load.drain(app)
                writer = Writer(person) if person else None
                if writer:
                    writer.start()
                try:
                    result = load.wrk(url, script="report_cache.lua", **options)
                finally:
                    if writer:
                        writer.stop()
                load.drain(app)
                rows.append({"scenario": scenario.name, "writer": phase, **result})
    print()
    print(table(rows))
    return {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "settings": {k: v for k, v in vars(args).items() if k != "database_url"},
        "similar_researchers_ms": {"computed": round(cold_ms, 1), "kept": round(kept_ms, 2)},
        "runs": rows,
    }


def table(rows):
    head = (
        f"{'scenario':28} {'writer edits':22} {'req/s':>7} {'hit rate':>8} "
        f"{'p50':>7} {'p95':>7} {'p99':>8}"
    )
    lines = [head, "-" * len(head)]
    for row in rows:
        lines.append(
            f"{row['scenario']:28} {row['writer']:22} {row['rps']:>7.0f} "
            f"{row.get('hit_rate', 0):>8.1%} {row['p50_ms']:>7.1f} {row['p95_ms']:>7.1f} "
            f"{row['p99_ms']:>8.1f}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
