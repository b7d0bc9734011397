"""Servers and load: gunicorn on 127.0.0.1, and wrk runs bounded in time."""

import json
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


@contextmanager
def gunicorn(app, port, *, workers, env, executable=GUNICORN, cwd=ROOT, log=None):
    """Serve `app` on 127.0.0.1:`port` until the block ends; stop it by its own pid.
    `log`: an open file for the server's output (default: this process's)."""
    command = [str(executable), app, "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    command += ["--log-level", "warning", "--timeout", "120"]
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=log)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_until_up(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server for {url} exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=30)
            return
        except urllib.error.HTTPError:
            return  # it answers, even if not with a 200
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up within {timeout} s")


def drain(base_url, timeout=60):
    """Wait until requests left over from the last run are done: a quick URL is quick again."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        started = time.monotonic()
        with suppress(urllib.error.HTTPError):
            urllib.request.urlopen(f"{base_url}/healthz", timeout=timeout)
        if time.monotonic() - started < 0.05:
            return
        time.sleep(0.2)


def require_wrk():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `apt-get install wrk` (make bench does it as root).")


def wrk(url, *, seconds, connections, headers=(), script="report.lua"):
    """Run wrk against `url`; return its summary with latencies in milliseconds (and,
    with report_cache.lua, how many answers came from the page cache)."""
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s"]
    command += ["--timeout", "30s", "-s", str(HERE / script)]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(
        command + [url], capture_output=True, text=True, timeout=seconds + 60, check=True
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("JSON "))
    raw = json.loads(line[5:])
    seconds_run = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds_run, 1),
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "errors": raw["errors"],
        "bad_status": raw["non_2xx_3xx"],
        **({"hit_rate": raw["hits"] / raw["answers"]} if raw.get("answers") else {}),
    }
