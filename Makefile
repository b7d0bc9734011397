# Two commands for a fresh machine with python3 (3.11+) and make: `make run`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint format messages bench bench-writes bench-names bench-soak bench-sweep bench-lighthouse clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet --group dev
	@touch $@

run: export DEBUG ?= 1
run: $(STAMP)
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py bootstrap
	@# The background-job worker runs beside the server and stops with it.
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The interface catalogues: gather the strings into locale/<lang>/LC_MESSAGES/django.po
# (needs gettext's xgettext; skipped without it), then compile every .po into the .mo
# files that are committed, in Python (manage.py compile_catalogues, with polib).
LANGS ?= fr
messages: export DEBUG ?= 1
messages: $(STAMP)
	@if command -v xgettext >/dev/null; then \
	  $(BIN)/python manage.py makemessages $(foreach lang,$(LANGS),-l $(lang)) --no-obsolete \
	    --add-location file --ignore 'tests/*' --ignore 'benchmarks/*' --ignore 'var/*' \
	    --ignore '.venv/*'; \
	else echo "xgettext not found (apt-get install gettext): compiling the catalogues as they are"; fi
	$(BIN)/python manage.py compile_catalogues

# The benchmark of benchmarks/README.md: PostgreSQL at BENCH_DATABASE_URL, gunicorn and wrk.
bench: $(STAMP)
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)
	$(BIN)/python -m benchmarks.writes
	$(BIN)/python -m benchmarks.names
	$(BIN)/python -m benchmarks.pages
	$(BIN)/python -m benchmarks.soak
	$(BIN)/python -m benchmarks.sweep

# Hit rate and p95 of kept answers while a writer edits a person a second, on a copy
# of the benchmark database (benchmarks/writes.py).
bench-writes: $(STAMP)
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	$(BIN)/python -m benchmarks.writes

# Name repair on a corpus from the name lexicon, and generated profile pages read back
# (benchmarks/names.py, benchmarks/pages.py); no database needed.
bench-names: $(STAMP)
	$(BIN)/python -m benchmarks.names
	$(BIN)/python -m benchmarks.pages

# Mixed load on gunicorn, PostgreSQL and Redis for SOAK_SECONDS, then the database, Redis
# and the job worker cut and restored in turn; every confirmed write is read back
# (benchmarks/soak.py, on a database of its own).
SOAK_SECONDS ?= 120
bench-soak: $(STAMP)
	$(BIN)/python -m benchmarks.soak --soak $(SOAK_SECONDS)

# The anonymous requests that once took over a second, one at a time: each must answer
# under 1 s at benchmark scale, or this fails (benchmarks/sweep.py).
bench-sweep: $(STAMP)
	$(BIN)/python -m benchmarks.sweep

# Lighthouse's four scores of the directory, a profile, a topic page and the network page,
# served by gunicorn with DEBUG off (benchmarks/lighthouse.py). Lighthouse 12.8.2 is
# pinned in benchmarks/node (13.x needs Node 22); npm installs it there from the lock
# file when it is missing, and Debian's Chromium runs it: no browser is downloaded.
bench-lighthouse: $(STAMP)
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }
	@test -d benchmarks/node/node_modules || (cd benchmarks/node && \
	  PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund)
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(BIN)/python -m benchmarks.lighthouse $(LIGHTHOUSE_ARGS)

clean:
	rm -rf $(VENV) var/staticfiles .pytest_cache
