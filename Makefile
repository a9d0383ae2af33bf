# Certif-UP — developer entry points. A fresh clone needs only `make run` and `make test`.
#
#   make run               embedded default: SQLite (var/db.sqlite3), mails to var/mail/, demo data
#   make test              whole pytest suite against PostgreSQL (TEST_DATABASE_URL), the Nu Html
#                          Checker over every page the browser tests visit (npm ci, java)
#   make faults            only the fault tests (part of make test too; docs/reliability.md)
#   make stack             the production processes of docker-compose.yml, here (Procfile, honcho):
#                          gunicorn, Celery worker and beat on PostgreSQL and Redis, an SMTP catcher
#   make lint              ruff (check, format), lint-imports (layers, no cycles), mypy (types)
#   make bench             benchmarks on gunicorn + PostgreSQL (loopback), see docs/performance.md
#   make migrations-check  fails when a model change has no migration
#   make backup            one dated archive (pg_dump -Fc + private files) in var/backups/
#   make restore FILE=…    that archive into an empty database and private folder
#   make clean             caches and generated files (keeps .venv and var/)
#   make distclean         clean + .venv, node_modules and var/ (local database, mails, uploads)

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.9
VENV := .venv
VENV_PY := $(VENV)/bin/python
PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/certifup
PYTEST_ARGS ?=
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/certifup_bench
BACKUP_DIR ?= var/backups

.PHONY: help venv node-tools run stack test faults lint migrations-check bench clean distclean

help:
	@echo "Certif-UP"
	@echo "  make run               serve the embedded default on http://127.0.0.1:$(PORT)/ (SQLite, demo data)"
	@echo "  make stack             the production processes (gunicorn, worker, beat) on PostgreSQL and Redis"
	@echo "  make test              run the test suite against PostgreSQL (TEST_DATABASE_URL=$(TEST_DATABASE_URL))"
	@echo "  make faults            only the fault tests: private Redis, real workers (also in make test)"
	@echo "  make lint              ruff, import-linter (apps in layers, no cycles), mypy (types, django-stubs)"
	@echo "  make migrations-check  fail if a model change has no migration"
	@echo "  make backup            database + private files in one archive (BACKUP_DIR=$(BACKUP_DIR))"
	@echo "  make restore FILE=…    restore an archive into an empty database and private folder"
	@echo "  make bench             benchmarks (a few minutes; BENCH_DATABASE_URL=$(BENCH_DATABASE_URL))"
	@echo "  make clean             remove caches and generated files"
	@echo "  make distclean         clean, and remove .venv, node_modules and var/ (local database and mails)"

# Create .venv and install the locked dependencies (the dev group included, uv's default).
# A `uv` of the pinned version on PATH is used when present; otherwise uv is installed into .venv
# with pip, so a fresh machine needs nothing but python3. --inexact: never uninstall what uv did
# not install (in particular uv itself).
venv:
	@set -euo pipefail; \
	if [ ! -x "$(VENV_PY)" ]; then \
		$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Certif-UP a besoin de Python ≥ 3.11 ($(PYTHON) est trop ancien ; make PYTHON=python3.11 …)." >&2; exit 1; }; \
		echo "Creating $(VENV) with $(PYTHON)…"; \
		$(PYTHON) -m venv $(VENV) || { echo "Impossible de créer $(VENV) avec $(PYTHON) (sous Debian/Ubuntu : apt-get install python3-venv)." >&2; exit 1; }; \
	fi; \
	uv=""; \
	if command -v uv >/dev/null 2>&1 && [ "$$(uv --version 2>/dev/null | cut -d' ' -f2)" = "$(UV_VERSION)" ]; then \
		uv="$$(command -v uv)"; \
	elif [ -x "$(VENV)/bin/uv" ] && [ "$$($(VENV)/bin/uv --version | cut -d' ' -f2)" = "$(UV_VERSION)" ]; then \
		uv="$(VENV)/bin/uv"; \
	else \
		echo "Installing uv $(UV_VERSION) into $(VENV)…"; \
		$(VENV_PY) -m pip --version >/dev/null 2>&1 || $(VENV_PY) -m ensurepip --upgrade >/dev/null; \
		$(VENV_PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"; \
		uv="$(VENV)/bin/uv"; \
	fi; \
	UV_PROJECT_ENVIRONMENT="$(CURDIR)/$(VENV)" "$$uv" sync --frozen --inexact

# The Nu Html Checker (vnu.jar) that the browser tests' markup check runs, installed from
# package-lock.json (pinned, integrity-checked) when missing or older than the lock. Without npm
# the check is skipped (it fails under CI=true, where .ci/run installs node and Java).
node-tools:
	@if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
		if command -v npm >/dev/null 2>&1; then \
			npm ci --no-audit --no-fund --loglevel=error; \
		else \
			echo "npm est absent : la vérification du HTML (vnu) sera ignorée." >&2; \
		fi; \
	fi

# The user's own DATABASE_URL (if any) is used as is; unset, settings fall back to SQLite.
# A Celery worker with its beat runs alongside on kombu's filesystem transport (no Redis): it
# sends the outbox's mails and runs the expiry and reminder sweeps. The beat reads its schedule
# from the database (django-celery-beat, migrated above), so it needs no file. Stopped with the
# server.
run: venv
	$(VENV_PY) manage.py migrate --noinput
	$(VENV_PY) manage.py load_demo
	@set -uo pipefail; \
	export SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}"; \
	mkdir -p var; \
	$(VENV)/bin/celery -A certifup worker --beat --pool=solo --loglevel=INFO \
		--without-gossip --without-mingle --without-heartbeat \
		--logfile=var/celery-worker.log & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	echo "Worker Celery (e-mails, expirations) : pid $$worker, journal var/celery-worker.log ; e-mails dans var/mail/"; \
	$(VENV_PY) manage.py runserver 127.0.0.1:$(PORT)

# The processes of docker-compose.yml's app services, from the same Procfile, with production
# settings (bin/stack: gunicorn.conf.py, a Celery worker and the beat) on this machine's
# PostgreSQL and Redis, mails over SMTP to a catcher writing to var/stack/mail/new/. Migrates and
# collects the static files first, as the compose file and the image do. STACK_PORT,
# STACK_SMTP_PORT, STACK_DATABASE_URL (created if missing), STACK_BROKER_URL: README « Déploiement ».
STACK_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/certifup_stack
stack: venv
	@$(VENV_PY) bin/wait-for-postgres --timeout 3 "$(STACK_DATABASE_URL)"
	STACK_DATABASE_URL="$(STACK_DATABASE_URL)" $(VENV_PY) bin/stack

# pytest's exit code is kept as is: 5 (no tests collected) fails the target too.
test: venv node-tools
	@$(VENV_PY) bin/wait-for-postgres --timeout 3 "$(TEST_DATABASE_URL)"
	DATABASE_URL="$(TEST_DATABASE_URL)" $(VENV)/bin/pytest $(PYTEST_ARGS)

# The fault tests alone, with their figures printed (-s). `make test` runs them too; the slow
# ones start a private redis-server on a free port and real Celery workers (~35 s).
faults: venv
	@$(VENV_PY) bin/wait-for-postgres --timeout 3 "$(TEST_DATABASE_URL)"
	DATABASE_URL="$(TEST_DATABASE_URL)" $(VENV)/bin/pytest -s tests/faults $(PYTEST_ARGS)

# lint-imports reads its contracts in pyproject.toml ([tool.importlinter]); --no-cache: it takes
# under a second and would otherwise leave .import_linter_cache/ in the work tree. mypy reads
# [tool.mypy] (the files it checks, the django-stubs plugin, which loads certifup.settings) and
# keeps its cache in .mypy_cache/ (ignored by git): a second run takes a few seconds.
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache --no-logo
	$(VENV)/bin/mypy

migrations-check: venv
	$(VENV_PY) manage.py makemigrations --check --dry-run

# Not part of `make test`: it generates 100,000 requests once (kept in its own database, reused
# while its data marker matches) and measures for a few minutes. Bounded by `timeout`.
bench: venv
	BENCH_DATABASE_URL="$(BENCH_DATABASE_URL)" timeout 1800 $(VENV_PY) -m bench.run

# The application's own database and private folder (DATABASE_URL, PRIVATE_STORAGE_ROOT).
# A cron line for a nightly backup: 30 2 * * * cd /srv/certifup && make backup >>var/backup.log 2>&1
.PHONY: backup restore
backup: venv
	$(VENV_PY) bin/backup --to "$(BACKUP_DIR)"

restore: venv
	@test -n "$(FILE)" || { echo "make restore FILE=var/backups/certifup-….tar" >&2; exit 2; }
	$(VENV_PY) bin/backup --restore "$(FILE)"

clean:
	rm -rf .pytest_cache .ruff_cache .mypy_cache .hypothesis staticfiles test-results
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) var node_modules
