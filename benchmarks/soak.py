"""Soak and faults on the production shape, then every confirmed write read back.

gunicorn (DEBUG off) and the job worker reach PostgreSQL and Redis through TCP proxies
this script controls. Readers browse pages and the API anonymously, editors change
bios (with If-Match) and create publications through the API, and imports run as
background jobs. The soak phase has no faults; the fault phase cuts the database, Redis
and the worker in turn and restores them. Afterwards every write answered 2xx must be
found, each import job is whole or absent, and the app's memory must stay bounded.

    python -m benchmarks.soak [--soak 120] [--faults 90]
"""

import argparse
import collections
import contextlib
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx
import psycopg
from psycopg import sql

from benchmarks import load
from benchmarks.run import server_environment

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/research_directory_soak"
REDIS = ("127.0.0.1", 6379)
# A worker may grow this much over the run (caches warming) and no more.
MEMORY_GROWTH_BOUND_MB = 64
ENTRIES_PER_IMPORT = 10


class Proxy(threading.Thread):
    """127.0.0.1:<port> forwarded to `target`. cut() drops every connection and refuses
    new ones (closed at once) until restore()."""

    def __init__(self, target):
        super().__init__(daemon=True)
        self.target, self.up, self.lock, self.open = target, True, threading.Lock(), set()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]

    def run(self):
        while True:
            client, _ = self.listener.accept()
            if not self.up:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)  # a pooled connection may idle for minutes
            with self.lock:
                self.open.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self.pump, args=(source, sink), daemon=True).start()

    def pump(self, source, sink):
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                self.close(end)

    def close(self, end):
        with self.lock:
            self.open.discard(end)
        with contextlib.suppress(OSError):
            end.shutdown(socket.SHUT_RDWR)
        end.close()

    def cut(self):
        self.up = False
        with self.lock:
            ends = list(self.open)
        for end in ends:
            self.close(end)

    def restore(self):
        self.up = True


class Tally:
    """Answers by kind of request and status class, and the confirmed writes."""

    def __init__(self):
        self.lock = threading.Lock()
        self.answers = collections.Counter()
        self.errors = []
        self.bios = {}  # slug -> the last bio answered 200
        self.created = set()  # titles answered 201

    def count(self, kind, status, phase, detail=""):
        with self.lock:
            self.answers[(phase, kind, status)] += 1
            clear_refusal = phase == "faults" and status in (503, 409, 412, 428, 429)
            if (status == "no answer" or int(status) >= 500) and not clear_refusal:
                self.errors.append((phase, kind, status, detail[:200]))


class Load:
    def __init__(self, base, token, pages, tally):
        self.base, self.token, self.tally = base, token, tally
        self.people, self.people_pages, self.publications, self.lists = pages
        self.phase, self.stopping = "soak", threading.Event()

    def request(self, client, kind, method, url, **options):
        try:
            response = client.request(method, self.base + url, timeout=60, **options)
        except httpx.HTTPError as error:
            self.tally.count(kind, "no answer", self.phase, f"{url}: {error!r}")
            return None
        self.tally.count(kind, response.status_code, self.phase, f"{url}: {response.text[:150]}")
        return response

    def reader(self, seed):
        chance = random.Random(seed)
        with httpx.Client() as client:
            while not self.stopping.is_set():
                pick = chance.random()
                if pick < 0.3:
                    url = chance.choice(self.people_pages)
                elif pick < 0.5:
                    url = chance.choice(self.publications)
                elif pick < 0.7:
                    url = chance.choice(["/api/people/?page=2", "/api/publications/?page=3"])
                else:
                    url = chance.choice(self.lists)
                self.request(client, "read", "GET", url)

    def editor(self, owned):
        """Changes only the people it owns, so the last bio it was answered 200 for is
        the one stored."""
        headers = {"Authorization": f"Token {self.token}"}
        chance = random.Random(owned[0])
        with httpx.Client(headers=headers) as client:
            while not self.stopping.is_set():
                slug = chance.choice(owned)
                read = self.request(client, "edit", "GET", f"/api/people/{slug}/?lang=en")
                if read is None or read.status_code != 200:
                    time.sleep(0.2)
                    continue
                bio = f"Soak {uuid.uuid4().hex}"
                written = self.request(
                    client,
                    "edit",
                    "PATCH",
                    f"/api/people/{slug}/?lang=en",
                    json={"bio": bio},
                    headers={"If-Match": read.headers["ETag"]},
                )
                if written is not None and written.status_code == 200:
                    with self.tally.lock:
                        self.tally.bios[slug] = bio
                if chance.random() < 0.3:
                    title = f"Soak paper {uuid.uuid4().hex}"
                    body = {"title": title, "year": 2024, "kind": "article",
                            "authors": [{"person": slug}]}  # fmt: skip
                    made = self.request(client, "create", "POST", "/api/publications/", json=body)
                    if made is not None and made.status_code == 201:
                        with self.tally.lock:
                            self.tally.created.add(title)


def bibtex(titles):
    return "\n".join(
        f"@article{{soak{n}, author={{Soak, Importer and Lovelace, Ada}}, title={{{title}}}, "
        f"year={{2023}}}}"
        for n, title in enumerate(titles)
    )


def importer(load_, jobs, stop):
    from jobs.runner import start_job

    while not stop.wait(8):
        titles = [f"Soak import {uuid.uuid4().hex}" for _ in range(ENTRIES_PER_IMPORT)]
        job = start_job("Soak import", "publications.background.import_file",
                        input_text=bibtex(titles), format="bibtex", source="soak.bib")  # fmt: skip
        jobs.append((job.pk, titles, load_.phase))


def rss_mb(master_pid):
    """Resident memory of each gunicorn worker (the master's children), in MB."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = {}
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes[pid] = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
    return sizes


def prepare(url):
    admin = re.sub(r"/[^/?]*(\?|$)", r"/postgres\1", url, count=1)
    name = psycopg.conninfo.conninfo_to_dict(url)["dbname"]
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=os.environ.get("SOAK_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--soak", type=int, default=120, help="seconds without faults")
    parser.add_argument("--faults", type=int, default=90, help="seconds with faults")
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--editors", type=int, default=2)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8107)) + 5)
    args = parser.parse_args(argv)

    prepare(args.database_url)
    database = psycopg.conninfo.conninfo_to_dict(args.database_url)
    db_proxy = Proxy((database.get("host", "127.0.0.1"), int(database.get("port", 5432))))
    redis_proxy = Proxy(REDIS)
    db_proxy.start()
    redis_proxy.start()
    redis_db = random.Random().randrange(2, 15)
    proxied_url = re.sub(r"@[^/]+/", f"@127.0.0.1:{db_proxy.port}/", args.database_url, count=1)
    env = server_environment(proxied_url)
    env.update(REDIS_URL=f"redis://127.0.0.1:{redis_proxy.port}/{redis_db}", CONN_MAX_AGE="60")
    # The script itself reaches the database directly: its reads are the judge.
    os.environ.update({**env, "DATABASE_URL": args.database_url, "REDIS_URL": ""})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.urls import reverse
    from django.utils import translation
    from rest_framework.authtoken.models import Token

    from jobs.models import Job
    from profiles.models import Person
    from publications.models import Publication

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("generate_data", people=400, publications=4000, seed=3, verbosity=0)
    editor = get_user_model().objects.create_superuser("soak", "soak@example.org", uuid.uuid4().hex)
    token = Token.objects.create(user=editor).key
    profiled = list(Person.objects.filter(has_profile=True)[:200])
    people = [person.slug for person in profiled]
    with translation.override("en"):
        people_pages = [person.get_absolute_url() for person in profiled]
        publications = [p.get_absolute_url() for p in Publication.objects.all()[:500]]
        lists = [reverse(name) for name in ("profiles:directory", "publications:list")]
        lists += [reverse("profiles:topic-list"), f"{reverse('publications:list')}?q=graph"]

    tally, jobs, stop_imports = Tally(), [], threading.Event()
    manage = [sys.executable, "manage.py"]

    def start_worker():
        return subprocess.Popen([*manage, "db_worker", "--no-reload"], cwd=ROOT, env=env)

    def restart_worker():
        workers[0].wait()
        workers[0] = start_worker()

    workers = [start_worker()]
    report = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "settings": vars(args)}
    report["settings"].pop("database_url")
    with load.gunicorn("config.wsgi:application", args.port, workers=args.workers, env=env) as app:
        master = int(subprocess.check_output(["pgrep", "-o", "-f", f"127.0.0.1:{args.port}"]))
        run = Load(app, token, (people, people_pages, publications, lists), tally)
        threads = [threading.Thread(target=run.reader, args=(n,)) for n in range(args.readers)]
        owned = [people[n :: args.editors] for n in range(args.editors)]
        threads += [threading.Thread(target=run.editor, args=(mine,)) for mine in owned]
        threads.append(threading.Thread(target=importer, args=(run, jobs, stop_imports)))
        for thread in threads:
            thread.start()
        time.sleep(10)
        memory_start = rss_mb(master)
        print(f"… soak, {args.soak} s without faults", flush=True)
        time.sleep(max(args.soak - 10, 0))
        memory_end = rss_mb(master)
        run.phase = "faults"
        print(f"… faults, {args.faults} s", flush=True)
        faults = []
        step = args.faults / 6
        for name, cut, restore in (
            ("database connection", db_proxy.cut, db_proxy.restore),
            ("Redis", redis_proxy.cut, redis_proxy.restore),
            ("job worker", lambda: workers[0].send_signal(signal.SIGKILL), restart_worker),
        ):
            time.sleep(step)
            print(f"   cut: {name}", flush=True)
            cut()
            time.sleep(step)
            restore()
            print(f"   restored: {name}", flush=True)
            faults.append(name)
        run.stopping.set()
        stop_imports.set()
        for thread in threads:
            thread.join()
        # Every import queued must finish once everything is back.
        deadline = time.monotonic() + 300
        ids = [job_id for job_id, _, _ in jobs]
        while time.monotonic() < deadline:
            waiting = Job.objects.filter(pk__in=ids).exclude(status__in=["done", "failed"])
            if not waiting.exists():
                break
            time.sleep(2)
        # Read back through the app, as a client would, uncached.
        lost = []
        with httpx.Client(headers={"Authorization": f"Token {token}"}) as client:
            for slug, bio in tally.bios.items():
                answer = client.get(f"{app}/api/people/{slug}/?lang=en", timeout=60)
                if answer.json().get("bio") != bio:
                    lost.append(f"bio of {slug}")
    workers[0].terminate()
    workers[0].wait()
    stored = set(
        Publication.objects.filter(title__in=tally.created).values_list("title", flat=True)
    )
    lost += [f"publication {title}" for title in sorted(tally.created - stored)]
    imports = collections.Counter()
    for job_id, titles, phase in jobs:
        status = Job.objects.get(pk=job_id).status
        found = Publication.objects.filter(title__in=titles).count()
        whole = found == len(titles) if status == "done" else found in (0, len(titles))
        imports[(phase, status, "whole" if whole else "half-done")] += 1
        if status == "done" and not whole:
            lost.append(f"import job {job_id}: {found} of {len(titles)}")
        elif status != "done" and (phase == "soak" or not whole):
            tally.errors.append((phase, "import", status, f"job {job_id}: {found} written"))
    growth = {pid: memory_end[pid] - memory_start[pid] for pid in memory_start if pid in memory_end}
    summary = {
        "requests": sum(tally.answers.values()),
        "answers": {
            " ".join(map(str, key)): n for key, n in sorted(tally.answers.items(), key=str)
        },
        "writes confirmed": len(tally.bios) + len(tally.created),
        "bios confirmed": len(tally.bios),
        "publications confirmed": len(tally.created),
        "imports": {" ".join(key): n for key, n in sorted(imports.items())},
        "errors": len(tally.errors),
        "error samples": tally.errors[:10],
        "lost writes": len(lost),
        "lost samples": lost[:10],
        "faults": faults,
        "worker memory MB, start → end of soak": {
            pid: [round(memory_start[pid]), round(memory_end.get(pid, 0))] for pid in memory_start
        },
        "memory bound MB": MEMORY_GROWTH_BOUND_MB,
        "memory within bound": all(delta <= MEMORY_GROWTH_BOUND_MB for delta in growth.values()),
    }
    report.update(summary)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "soak-latest.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(summary, indent=2))
    failed = summary["errors"] or summary["lost writes"] or not summary["memory within bound"]
    print("\nSOAK FAILED" if failed else "\nSoak passed: no errors, nothing lost, memory bounded.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
