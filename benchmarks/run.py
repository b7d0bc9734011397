"""`make bench`: the benchmark of issue 7. See benchmarks/README.md.

python -m benchmarks.run [--duration S] [--connections N] [--workers N] [--only NAME ...]
"""

import argparse
import json
import os
import re
import secrets
import sys
import time
import urllib.request
from io import StringIO
from pathlib import Path

import psycopg
from psycopg import sql

from benchmarks import load

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/research_directory_bench"


def server_environment(database_url):
    """Production settings, local addresses, quiet logs; the same for every process."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
        API_ANON_RATE="",  # wrk is one client; the anonymous limit would answer it 429
        STATIC_ROOT=str(ROOT / "var" / "bench-static"),
        BASELINE_DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


def ensure_database(url):
    name = psycopg.conninfo.conninfo_to_dict(url)["dbname"]
    admin = re.sub(r"/[^/?]*(\?|$)", r"/postgres\1", url, count=1)
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not exists.fetchone():
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def prepare_data(args):
    """Migrate, and generate the data unless the database already holds them."""
    from django.core.management import call_command

    from publications.models import Publication

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    have = Publication.objects.count()
    if have >= args.publications:
        print(f"Reusing the {have} publications already in the database.")
        return None
    out = StringIO()
    started = time.perf_counter()
    call_command(
        "generate_data", people=args.people, publications=args.publications, seed=1, stdout=out
    )
    elapsed = time.perf_counter() - started
    rows = int(re.search(r"(\d+) rows in", out.getvalue()).group(1))
    figures = {
        "rows": rows,
        "seconds": round(elapsed, 1),
        "rows_per_s": round(rows / elapsed),
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    GENERATOR_FIGURES.write_text(json.dumps(figures))
    return figures


GENERATOR_FIGURES = RESULTS / "generator.json"


def previous_generator_figures():
    """The figures of the run that generated the data now reused, when this machine has them."""
    if GENERATOR_FIGURES.exists():
        return json.loads(GENERATOR_FIGURES.read_text()) | {"reused": True}
    return None


def run_load(scenarios, args, env):
    from benchmarks.load import gunicorn

    load.require_wrk()
    if not any(not scenario.skipped for scenario in scenarios):
        return  # nothing asked of these servers (`--only none --peer`)
    # The project again with nothing kept between requests: what a first visit costs.
    cold_env = env | {"FRAGMENT_CACHE": "0"}
    with (
        gunicorn("config.wsgi:application", args.port, workers=args.workers, env=env) as app,
        gunicorn(
            "benchmarks.baseline:application", args.port + 1, workers=args.workers, env=env
        ) as baseline,
        gunicorn(
            "config.wsgi:application", args.port + 2, workers=args.workers, env=cold_env
        ) as cold,
    ):
        for scenario in scenarios:
            if scenario.skipped:
                continue
            print(f"… {scenario.name}", flush=True)
            options = {"seconds": args.duration, "connections": args.connections}
            scenario.results["app"] = measured(app, scenario.url, options, UNCACHED)
            scenario.results["baseline"] = measured(baseline, scenario.baseline, options)
            scenario.results["cold"] = measured(cold, scenario.url, options, UNCACHED)
            if scenario.etag:
                revalidate = [f"If-None-Match: {served_etag(app, scenario.url)}"]
                scenario.results["repeat_304"] = measured(app, scenario.url, options, revalidate)
            # A plain repeat: the page cache answers.
            scenario.results["repeat_cached"] = measured(app, scenario.url, options)


def served_etag(server, path):
    """The ETag the server under load sends: the in-process one names another host
    (the test client's), and an ETag covers the host its links are on."""
    with urllib.request.urlopen(server + path) as answer:
        return answer.headers["ETag"]


# Asks for a fresh answer: the app's page cache steps aside, as HTTP says it should.
UNCACHED = ["Cache-Control: no-cache"]


def measured(server, path, options, headers=()):
    """A one-second warm-up, a pause until the server is idle, then the measured run."""
    load.wrk(server + path, seconds=1, connections=options["connections"], headers=headers)
    load.drain(server)
    result = load.wrk(server + path, headers=headers, **options)
    load.drain(server)
    return result


# Issue 7's targets, in milliseconds of p95 latency.
P95_TARGET = 100
SEARCH_P95_TARGET = 50
RATIO_TARGET = 3
REPEAT_TARGET = 5


def unmet_targets(s):
    """The targets a scenario misses, in a few words ("" when it meets them all)."""
    app, base = s.results["app"], s.results["baseline"]
    limit = SEARCH_P95_TARGET if s.name == "search" else P95_TARGET
    misses = []
    if app["p95_ms"] >= limit:
        misses.append(f"p95≥{limit}")
    if base["p95_ms"] and app["p95_ms"] > RATIO_TARGET * base["p95_ms"]:
        misses.append(f"×>{RATIO_TARGET}")
    cold = s.results.get("cold")
    if cold and cold["p95_ms"] >= limit:
        misses.append(f"cold≥{limit}")
    if cold and base["p95_ms"] and cold["p95_ms"] > RATIO_TARGET * base["p95_ms"]:
        misses.append(f"cold×>{RATIO_TARGET}")
    # "Answered by 304 or from cache": a client that sends the ETag back gets the 304.
    repeats = [s.results.get(name) for name in ("repeat_304", "repeat_cached")]
    if not any(r and r["p95_ms"] < REPEAT_TARGET for r in repeats):
        misses.append(f"repeat≥{REPEAT_TARGET}")
    return " ".join(misses)


def table(scenarios):
    head = (
        f"{'scenario':30} {'SQL':>4} {'KB':>7} {'p50':>7} {'p95':>7} {'req/s':>7} "
        f"{'base p50':>8} {'base p95':>8} {'base r/s':>8} {'p95 ×':>6} {'cold p95':>8} "
        f"{'cold ×':>6} {'304 p95':>7} {'cache p95':>9}  missed"
    )
    lines = [head, "-" * len(head)]
    nan = float("nan")
    for s in scenarios:
        if s.skipped:
            lines.append(f"{s.name:30} skipped: {s.skipped}")
            continue
        app, base = s.results["app"], s.results["baseline"]
        repeat = s.results.get("repeat_304") or {"p95_ms": nan}
        cached = s.results.get("repeat_cached") or {"p95_ms": nan}
        cold = s.results.get("cold") or {"p95_ms": nan}
        ratio = app["p95_ms"] / base["p95_ms"] if base["p95_ms"] else nan
        cold_ratio = cold["p95_ms"] / base["p95_ms"] if base["p95_ms"] else nan
        lines.append(
            f"{s.name:30} {s.queries:>4} {s.size / 1024:>7.1f} {app['p50_ms']:>7.1f} "
            f"{app['p95_ms']:>7.1f} {app['rps']:>7.0f} {base['p50_ms']:>8.1f} "
            f"{base['p95_ms']:>8.1f} {base['rps']:>8.0f} {ratio:>6.1f} "
            f"{cold['p95_ms']:>8.1f} {cold_ratio:>6.1f} "
            f"{repeat['p95_ms']:>7.1f} {cached['p95_ms']:>9.1f}  {unmet_targets(s) or '-'}"
        )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--people", type=int, default=10000)
    parser.add_argument("--publications", type=int, default=200000)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per run")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers per server")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8107)))
    parser.add_argument("--only", nargs="*", help="scenario names to run (default: all)")
    parser.add_argument("--label", default="", help="a note stored with the results")
    parser.add_argument(
        "--skip-import",
        action="store_true",
        help="leave out the BibTeX import rates (minutes into the full database)",
    )
    parser.add_argument(
        "--peer",
        action="store_true",
        help="also serve the data with django-publications 1.2.0 and print peer ÷ ours",
    )
    args = parser.parse_args(argv)

    env = server_environment(args.database_url)
    os.environ.update(env)
    ensure_database(args.database_url)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from benchmarks import importer, peer, scenarios

    generator = prepare_data(args) or previous_generator_figures()
    person, chosen = scenarios.build()
    both = peer.peer_scenarios(person, chosen, peer.list_year()) if args.peer else []
    if args.only:
        chosen = [s for s in chosen if s.name in args.only]
    print(f"Profile scenarios use {person['slug']} ({person['count']} publications).")
    for scenario in chosen:
        scenarios.measure(scenario)
        if scenario.skipped:
            print(f"SKIP {scenario.name}: {scenario.skipped}")
    run_load(chosen, args, env)
    compared = peer.compare(args, env, both, measured, UNCACHED) if both else []
    bibtex = (
        {"message": "not measured (--skip-import)"}
        if args.skip_import
        else importer.measure_import_rate(args.database_url, env)
    )

    report = table(chosen)
    if compared:
        report += "\n\n" + peer.table(compared)
    print()
    print(report)
    if generator:
        when = f" (measured {generator['when']}, data reused)" if generator.get("reused") else ""
        print(f"\nData generator: {generator['rows']} rows in {generator['seconds']} s, "
              f"{generator['rows_per_s']} rows/s{when}")  # fmt: skip
    else:
        print("\nData generator: not measured (the data were there before this run).")
    print(f"BibTeX import: {bibtex['message']}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    document = {
        "label": args.label,
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "settings": {k: v for k, v in vars(args).items() if k != "database_url"},
        "generator": generator,
        "bibtex_import": bibtex,
        "peer": compared,
        "scenarios": [
            {k: v for k, v in vars(s).items() if k not in ("baseline_params",)} for s in chosen
        ],
        "table": report,
    }
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    for path in (RESULTS / f"bench-{stamp}.json", RESULTS / "latest.json"):
        path.write_text(json.dumps(document, indent=2))
    print(f"\nWritten: {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    main()
