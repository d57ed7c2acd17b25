# The two commands a new user needs: `make run` serves the app, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-snapshot lint audit format install assets migrate demo worker bench bench-load clean

$(VENV)/.installed: pyproject.toml uv.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	UV_PROJECT_ENVIRONMENT=$(VENV) $(VENV)/bin/uv sync --frozen --python $(PY)
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Node.js and npm are needed for the front-end assets"; exit 1; }
	npm ci --no-audit --no-fund
	touch $@

static/dist/app.css: node_modules/.installed assets/scss/app.scss
	npm run --silent build

install: $(VENV)/.installed node_modules/.installed
assets: static/dist/app.css

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	@mkdir -p .celery-broker/out .celery-broker/processed  # the local broker's queue: the demo's emails wait there
	$(PY) manage.py seed_demo

run: install assets demo
	@scripts/run_local.sh $(HOST) $(PORT)

APPS := accounts audit children conferences config contextual core coreGroups enquiries feed plans reports returns scale timescales voice

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -q -r $(APPS) -x "*/migrations/*" -ll
	$(PY) scripts/lint_views.py
	$(MAKE) --no-print-directory audit

# Known vulnerabilities in the locked dependencies; skipped (saying so) when offline.
audit: install
	$(PY) scripts/audit_dependencies.py

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The suite runs on every core up to four (pytest-xdist, ADR 60); TEST_WORKERS=0 runs it in one
# process. Each worker has its own test database (cloned from one migrated template, ADR 69) and
# Redis database; a worker that runs out of tests takes some from the other (worksteal), so one
# long test near the end does not leave a core idle.
TEST_WORKERS ?= auto
test: install assets lint
	$(PY) manage.py makemigrations --check --dry-run --settings=config.settings.test
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --maxprocesses=4 --dist worksteal

# After adding or changing a migration (or the locked dependencies): dump a freshly migrated
# database for the test database's template to start from (ADR 71; needs pg_dump and PostgreSQL
# at SNAPSHOT_SERVER, default postgres://postgres@127.0.0.1:5432). A test says when it is due.
test-snapshot: install
	$(PY) scripts/write_test_snapshot.py

# The scale benchmark (issue 10, ADR 33): each size's children live in their own PostgreSQL
# database named after DATABASE_URL's (default bench_1000, bench_10000, bench_100000), generated
# on the first run and only measured after; it measures the pages, the sweep and 50 users under
# load, and writes docs/performance.md. For example: make bench SIZES="1000 10000".
SIZES ?= 1000 10000 100000
bench: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bench} $(PY) scripts/bench.py --sizes $(SIZES)

# Load driven by Debian's wrk (issue 25, ADR 70) against gunicorn at one size, written into
# docs/performance.md under a label, e.g. make bench-load LABEL=after SIZE=100000 (ROOT= another
# checkout to compare with; SESSION_BACKEND= the backend its settings list).
LABEL ?= after
SIZE ?= 100000
bench-load: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bench} $(PY) scripts/bench_wrk.py --size $(SIZE) --label $(LABEL) $(if $(ROOT),--root $(ROOT)) $(if $(SESSION_BACKEND),--session-backend $(SESSION_BACKEND))

worker: install
	$(VENV)/bin/celery -A config worker --beat --loglevel=INFO

clean:
	rm -rf $(VENV) node_modules static/dist staticfiles .celery-broker
