"""`make bench-lighthouse`: Lighthouse scores of the public pages, in the production shape.

python -m benchmarks.lighthouse [--runs N] [--desktop-runs N] [--only NAME ...] [--label TEXT]

Serves the project with gunicorn (DEBUG off, WhiteNoise for the static files, production
settings as in benchmarks/run.py) on a generated database, and runs Lighthouse 12.8.2
(benchmarks/node/package.json, installed with npm when node_modules is missing; 13.x
needs Node 22) in Debian's Chromium against the directory, the profile of the
benchmark's 500+-publication person, the heaviest topic page and the institute network,
with Lighthouse's mobile (default) and desktop presets. It prints the median of the runs
(3 on mobile, where the simulated slow phone makes the score move most) for each
category, and the audits that lost points, and writes
benchmarks/results/lighthouse-latest.json (each run's full report in
benchmarks/results/lighthouse/, the server's log beside it). No browser is ever
downloaded: Chromium is CHROME_PATH (default /usr/bin/chromium).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NODE_DIR = HERE / "node"
LIGHTHOUSE = NODE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
RESULTS = HERE / "results"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# A modest data set (a few minutes to generate on two cores) that still has people with
# 500+ publications; pointed at the full benchmark database, it reuses that instead.
DEFAULT_PEOPLE = 2000
DEFAULT_PUBLICATIONS = 40000
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
# Never fetch a browser: Lighthouse drives the Chromium already on the machine.
NO_DOWNLOADS = {
    "PUPPETEER_SKIP_DOWNLOAD": "1",
    "PUPPETEER_SKIP_CHROMIUM_DOWNLOAD": "1",
    "PUPPETEER_SKIP_CHROME_HEADLESS_SHELL_DOWNLOAD": "1",
}


def ensure_lighthouse():
    """Install the pinned Lighthouse from package-lock.json when it is not there yet."""
    if LIGHTHOUSE.exists():
        return
    if not shutil.which("npm"):
        raise SystemExit("npm is missing: `apt-get install npm` (Node 18.16 or newer).")
    print("Installing Lighthouse 12.8.2 with npm (benchmarks/node)…", flush=True)
    # --ignore-scripts: nothing of Lighthouse's needs an install script, and none may
    # download anything.
    subprocess.run(
        ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
        cwd=NODE_DIR,
        env=os.environ | NO_DOWNLOADS,
        check=True,
        timeout=600,
    )


def chrome_path():
    path = os.environ.get("CHROME_PATH") or os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise SystemExit(f"Chromium not found at {path}: `apt-get install chromium`.")
    return path


def pages():
    """(name, path) of each page measured, picked from the data as benchmarks/run.py does."""
    from benchmarks import scenarios

    person, chosen = scenarios.build()
    by_name = {scenario.name: scenario.url for scenario in chosen}
    return person, {
        "directory": by_name["directory"],
        "profile (500+)": by_name["profile page"],
        "topic": by_name["topic page"],
        "network": by_name["institute network"],
    }


def lighthouse(url, preset, chrome, keep=None):
    """One Lighthouse run: the four category scores (0-100), the audits that lost points
    and the opportunities that would save bytes or time (text compression among them:
    in Lighthouse 12 those weigh nothing in the score, so they are listed apart)."""
    command = ["node", str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet"]
    command += [f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
    if preset == "desktop":
        command.append("--preset=desktop")
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=300,
        env=os.environ | NO_DOWNLOADS | {"CHROME_PATH": chrome},
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"Lighthouse failed on {url}: {done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    if keep is not None:
        keep.write_text(done.stdout)
    if report.get("runtimeError"):
        raise RuntimeError(f"Lighthouse on {url}: {report['runtimeError']}")
    scores = {
        name: round(100 * report["categories"][name]["score"])
        if report["categories"][name]["score"] is not None
        else None
        for name in CATEGORIES
    }
    weighted = {
        ref["id"]
        for category in report["categories"].values()
        for ref in category["auditRefs"]
        if ref.get("weight")
    }
    lost = sorted(
        audit_id
        for audit_id, audit in report["audits"].items()
        if audit_id in weighted
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
        and audit.get("score") is not None
        and audit["score"] < 1
    )
    savings = sorted(
        audit_id
        for audit_id, audit in report["audits"].items()
        if (audit.get("details") or {}).get("type") == "opportunity"
        and audit.get("score") is not None
        and audit["score"] < 1
    )
    metrics = {
        key: report["audits"][key].get("numericValue")
        for key in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time")
        if key in report["audits"]
    }
    return {"scores": scores, "lost": lost, "savings": savings, "metrics": metrics}


def median_run(runs):
    """Each category's median over the runs, and every audit that lost points (or found
    savings) in any run."""
    scores = {}
    for name in CATEGORIES:
        values = [run["scores"][name] for run in runs if run["scores"][name] is not None]
        scores[name] = statistics.median(values) if values else None
    lost = sorted({audit for run in runs for audit in run["lost"]})
    savings = sorted({audit for run in runs for audit in run["savings"]})
    return {"scores": scores, "lost": lost, "savings": savings, "runs": runs}


def table(results):
    head = f"{'page':16} {'preset':8} {'runs':>4} {'perf':>5} {'a11y':>5} {'b-p':>5} {'seo':>5}"
    lines = [head + "  audits that lost points; [savings found]", "-" * (len(head) + 42)]
    for row in results:
        s = row["scores"]
        cells = " ".join(f"{'-' if s[c] is None else int(s[c]):>5}" for c in CATEGORIES)
        lost = ", ".join(row["lost"]) or "-"
        if row["savings"]:
            lost += f" [{', '.join(row['savings'])}]"
        lines.append(f"{row['page']:16} {row['preset']:8} {len(row['runs']):>4} {cells}  {lost}")
    return "\n".join(lines)


def main(argv=None):
    from benchmarks import run as bench

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", bench.DEFAULT_URL)
    )
    parser.add_argument("--people", type=int, default=DEFAULT_PEOPLE)
    parser.add_argument("--publications", type=int, default=DEFAULT_PUBLICATIONS)
    parser.add_argument("--runs", type=int, default=3, help="mobile runs per page (median)")
    parser.add_argument("--desktop-runs", type=int, default=1, help="desktop runs per page")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8107)) + 3)
    parser.add_argument("--only", nargs="*", help="page names to measure (default: all)")
    parser.add_argument("--label", default="", help="a note stored with the results")
    args = parser.parse_args(argv)

    ensure_lighthouse()
    chrome = chrome_path()
    env = bench.server_environment(args.database_url)
    os.environ.update(env)
    bench.ensure_database(args.database_url)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connections

    from benchmarks.load import gunicorn
    from publications.models import Publication

    bench.prepare_data(args)
    publications = Publication.objects.count()
    person, chosen = pages()
    connections.close_all()
    if args.only:
        chosen = {name: path for name, path in chosen.items() if name in args.only}
    print(
        f"Data: {publications} publications; the profile is {person['slug']} "
        f"({person['count']} publications)."
    )
    results = []
    RESULTS.mkdir(parents=True, exist_ok=True)
    reports = RESULTS / "lighthouse"
    reports.mkdir(exist_ok=True)
    server_log = (RESULTS / "lighthouse-server.log").open("w")
    # localhost rather than 127.0.0.1: a secure context for Chromium, as HTTPS would be.
    with (
        server_log,
        gunicorn(
            "config.wsgi:application", args.port, workers=args.workers, env=env, log=server_log
        ),
    ):
        base = f"http://localhost:{args.port}"
        for name, path in chosen.items():
            for preset, count in (("mobile", args.runs), ("desktop", args.desktop_runs)):
                if count < 1:
                    continue
                print(f"… {name} ({preset}, {count} run{'s' * (count > 1)})", flush=True)
                slug = "".join(c if c.isalnum() else "-" for c in name)
                runs = [
                    lighthouse(base + path, preset, chrome, reports / f"{slug}-{preset}-{n}.json")
                    for n in range(1, count + 1)
                ]
                results.append({"page": name, "path": path, "preset": preset, **median_run(runs)})
    report = table(results)
    print()
    print(report)
    document = {
        "label": args.label,
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "publications": publications,
        "profile": person,
        "results": results,
        "table": report,
    }
    (RESULTS / "lighthouse-latest.json").write_text(json.dumps(document, indent=2))
    print(f"\nWritten: {RESULTS / 'lighthouse-latest.json'}")


if __name__ == "__main__":
    main()
