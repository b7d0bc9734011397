"""Anonymous requests that took over a second at benchmark scale (issue 15), timed one at
a time against the production shape: each must answer under LIMIT_MS.

python -m benchmarks.sweep [--database-url URL] [--repeats N] [--port P] [--only NAME ...]

Two gunicorn servers serve the benchmark database as benchmarks/run.py serves it
(production settings, DEBUG off): one with nothing kept (`FRAGMENT_CACHE=0`,
`PAGE_CACHE=0`), and one as deployed. Each request is sent alone, never under load:

- **cold**: the server with nothing kept, `--repeats` times; the slowest counts;
- **first**: the first request to the server as deployed (what it keeps is not there yet);
- **warm**: the same request repeated plainly, as a visitor would (median of `--repeats`).

Both servers first answer a few unrelated pages, so that a worker's own start-up is not
counted. The table is printed, and written to benchmarks/results/sweep-latest.json; the
run exits non-zero (after the table) when any request takes LIMIT_MS or more, or answers
with another status than the one expected. See benchmarks/README.md.
"""

import argparse
import json
import os
import statistics
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import load
from benchmarks.run import DEFAULT_URL, RESULTS, ensure_database, server_environment

ROOT = Path(__file__).resolve().parent.parent
LIMIT_MS = 1000
# What every worker answers first, so that its start-up is not timed with a request.
WARM_UP = ("/en/", "/api/", "/en/publications/", "/sitemap.xml", "/api/publications/")


@dataclass
class Request:
    name: str
    path: str
    status: int = 200  # what it must answer
    results: dict = field(default_factory=dict)


def last_page(count, per_page):
    return max(1, -(-count // per_page))


def requests():
    """The listed slow requests, with the data's own deepest pages and heaviest person."""
    from django.conf import settings
    from django.db.models import Count

    from config.discovery import PersonYearSitemap, PublicationSitemap
    from profiles.models import Person
    from publications.models import Publication
    from publications.views import PUBLICATIONS_PER_PAGE

    people = Person.objects.count()
    publications = Publication.objects.count()
    biggest = (
        Person.objects.with_profile()
        .annotate(n=Count("authorships"))
        .order_by("-n", "pk")
        .values("slug", "n")
        .first()
    )
    if biggest is None or publications < 1000:
        raise SystemExit("No data to sweep: run `make bench` (or generate_data) first.")
    languages = len(settings.LANGUAGES)
    per_file = PublicationSitemap.limit
    publication_files = last_page(publications * languages, per_file)
    year_files = PersonYearSitemap().paginator.num_pages
    slug = biggest["slug"]
    title_pages = last_page(publications, PUBLICATIONS_PER_PAGE)
    return biggest, [
        Request("API people, page 100 of 100", "/api/people/?page=100&page_size=100"),
        Request("API people, last page of 20", f"/api/people/?page={last_page(people, 20)}"),
        Request("API people by most publications", "/api/people/?ordering=-publication_count"),
        Request(
            "API people by fewest publications, deep",
            "/api/people/?ordering=publication_count&page=50&page_size=100",
        ),
        Request("API publications, page 2000", "/api/publications/?page=2000"),
        Request(
            "API publications, last page",
            f"/api/publications/?page={last_page(publications, 100)}&page_size=100",
        ),
        Request(
            "API publications by title, deep",
            "/api/publications/?ordering=title&page=1500&page_size=100",
        ),
        Request(
            "API publications, page 922337203685477580",
            "/api/publications/?page=922337203685477580",
            404,
        ),
        Request(
            "list by title, middle page", f"/en/publications/?sort=title&page={title_pages // 2}"
        ),
        Request("list by title, last page", f"/en/publications/?sort=title&page={title_pages}"),
        Request("list, last page", f"/en/publications/?page={title_pages}"),
        Request("list, page 922337203685477580", "/en/publications/?page=922337203685477580"),
        Request(
            "search, page 922337203685477580",
            "/en/publications/?q=graph&page=922337203685477580",
        ),
        Request("sitemap publications, first", "/sitemap-publications.xml"),
        Request("sitemap publications, last", f"/sitemap-publications.xml?p={publication_files}"),
        Request(
            "sitemap publication years, last", f"/sitemap-publication-years.xml?p={year_files}"
        ),
        Request(
            f"CSL-JSON export ({biggest['n']} entries)", f"/en/people/{slug}/publications.json"
        ),
        Request(
            f"API CSL-JSON ({biggest['n']} entries)",
            f"/api/people/{slug}/publications/?format=csl-json",
        ),
        Request(f"BibTeX export ({biggest['n']} entries)", f"/en/people/{slug}/publications.bib"),
    ]


def timed(url, headers=None):
    """(status, milliseconds) of one GET, the body read to its end."""
    request = urllib.request.Request(url, headers=headers or {})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    return status, (time.perf_counter() - started) * 1000


def sweep(chosen, cold, kept, repeats):
    for server in (cold, kept):
        for path in WARM_UP:
            timed(server + path)
    for request in chosen:
        print(f"… {request.name}", flush=True)
        colds = [timed(cold + request.path, {"Cache-Control": "no-cache"}) for _ in range(repeats)]
        first = timed(kept + request.path)
        warms = [timed(kept + request.path) for _ in range(repeats)]
        statuses = {status for status, _ in [*colds, first, *warms]}
        request.results = {
            "statuses": sorted(statuses),
            "cold_ms": [round(ms, 1) for _, ms in colds],
            "first_ms": round(first[1], 1),
            "warm_ms": [round(ms, 1) for _, ms in warms],
        }


def failures(request):
    """What is wrong with one request's answers ("" when nothing)."""
    results, wrong = request.results, []
    if results["statuses"] != [request.status]:
        wrong.append(f"status {','.join(map(str, results['statuses']))}≠{request.status}")
    slowest = max([*results["cold_ms"], results["first_ms"], *results["warm_ms"]])
    if slowest >= LIMIT_MS:
        wrong.append(f"{slowest:.0f} ms≥{LIMIT_MS}")
    return " ".join(wrong)


def table(chosen):
    head = (
        f"{'request':44} {'status':>6} {'cold max':>9} {'cold med':>9} {'first':>8} "
        f"{'warm med':>9}  over"
    )
    lines = [head, "-" * len(head)]
    for request in chosen:
        r = request.results
        lines.append(
            f"{request.name:44} {'/'.join(map(str, r['statuses'])):>6} {max(r['cold_ms']):>9.1f} "
            f"{statistics.median(r['cold_ms']):>9.1f} {r['first_ms']:>8.1f} "
            f"{statistics.median(r['warm_ms']):>9.1f}  {failures(request) or '-'}"
        )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers per server")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8107)) + 6)
    parser.add_argument("--only", nargs="*", help="request names to run (default: all)")
    parser.add_argument("--label", default="", help="a note stored with the results")
    args = parser.parse_args(argv)

    env = server_environment(args.database_url)
    os.environ.update(env)
    ensure_database(args.database_url)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    biggest, chosen = requests()
    connections.close_all()
    if args.only:
        chosen = [r for r in chosen if r.name in args.only]
    print(f"The exports are {biggest['slug']}'s ({biggest['n']} publications).")
    # Nothing kept between requests: no fragments, no whole answers.
    cold_env = env | {"FRAGMENT_CACHE": "0", "PAGE_CACHE": "0"}
    workers = args.workers
    with (
        load.gunicorn("config.wsgi:application", args.port, workers=workers, env=cold_env) as cold,
        load.gunicorn("config.wsgi:application", args.port + 1, workers=workers, env=env) as kept,
    ):
        sweep(chosen, cold, kept, args.repeats)
    report = table(chosen)
    print()
    print(report)
    load_average = os.getloadavg()
    print(f"\nLoad average while it ran: {load_average[0]:.2f} {load_average[1]:.2f} (1, 5 min)")
    RESULTS.mkdir(parents=True, exist_ok=True)
    document = {
        "label": args.label,
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "load_average": load_average,
        "limit_ms": LIMIT_MS,
        "requests": [vars(r) for r in chosen],
        "table": report,
    }
    (RESULTS / "sweep-latest.json").write_text(json.dumps(document, indent=2))
    print(f"Written: {RESULTS / 'sweep-latest.json'}")
    failed = [r.name for r in chosen if failures(r)]
    if failed:
        raise SystemExit(
            f"FAILED: {len(failed)} request(s) over {LIMIT_MS} ms or answered wrongly: "
            + ", ".join(failed)
        )


if __name__ == "__main__":
    main()
