# The two commands a new user needs: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Local development: debug on, embedded PostgreSQL unless DATABASE_URL is set.
DEV_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-true}
TEST_ENV := DJANGO_DEBUG=false DJANGO_SECRET_KEY=test-only-secret-key DJANGO_HTTPS=false \
	DJANGO_PLAYWRIGHT_BROWSER=$${DJANGO_PLAYWRIGHT_BROWSER:-/usr/bin/chromium}
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install install-dev run serve worker test fuzz lint format migrate demo superuser clean-db scale bench load backup restore

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/activate
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/activate
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(DEV_ENV) $(MANAGE) migrate --noinput

demo: migrate
	$(DEV_ENV) $(MANAGE) load_demo

## Serve the demo network at http://127.0.0.1:8000 with the task worker; Ctrl-C stops everything.
run: migrate
	$(DEV_ENV) $(MANAGE) load_demo --if-empty
	@echo "Serving the MMIN Directory at http://$(HOST):$(PORT)/ (Ctrl-C stops the site, the worker and the database)"
	@export $(DEV_ENV); \
	$(MANAGE) db_worker & worker=$$!; \
	trap 'kill -INT $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(MANAGE) runserver $(HOST):$(PORT)

## Production-like server: gunicorn with static files from whitenoise (needs DJANGO_SECRET_KEY).
serve: install
	$(MANAGE) collectstatic --noinput
	$(MANAGE) migrate --noinput
	$(VENV)/bin/gunicorn mmin.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-3} --access-logfile -

worker: install
	$(DEV_ENV) $(MANAGE) db_worker

superuser: migrate
	$(DEV_ENV) $(MANAGE) createsuperuser

test: install-dev
	$(TEST_ENV) $(VENV)/bin/pytest $(PYTEST_ARGS)

## Hypothesis sends 1,000 generated, often hostile, requests to each public form, query string and API parameter.
fuzz: install-dev
	$(TEST_ENV) MMIN_FUZZ_EXAMPLES=$${MMIN_FUZZ_EXAMPLES:-1000} $(VENV)/bin/pytest tests/fuzz -q -p no:randomly $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## A separate database (mmin_scale) with 100,000 synthetic members and 1,000,000 publications.
SCALE_ENV := $(DEV_ENV) MMIN_DATABASE_NAME=$${MMIN_DATABASE_NAME:-mmin_scale}
SCALE_MEMBERS ?= 100000
SCALE_PUBLICATIONS ?= 1000000
scale: install
	$(SCALE_ENV) $(MANAGE) migrate --noinput -v0
	time $(SCALE_ENV) $(MANAGE) seed_scale --members $(SCALE_MEMBERS) --publications $(SCALE_PUBLICATIONS)

## Search and profile page timings on the scale database (run `make scale` first); prints JSON.
bench: install
	@$(SCALE_ENV) DJANGO_DEBUG=false DJANGO_SECRET_KEY=bench-only $(MANAGE) collectstatic --noinput -v0
	@$(SCALE_ENV) DJANGO_DEBUG=false DJANGO_SECRET_KEY=bench-only DJANGO_HTTPS=false \
		DJANGO_ALLOWED_HOSTS=testserver MMIN_PAGE_CACHE_SECONDS=0 MMIN_CACHE_DIR=$$(mktemp -d) $(PY) bench/search.py

## Load test: gunicorn on the scale database driven by wrk on 127.0.0.1 (run `make scale` first); prints JSON.
# Mixed traffic, then profile pages alone; LOAD_MIX, LOAD_CONNECTIONS, LOAD_SECONDS: see bench/load.py.
load: install
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null; \
	  else echo "make load needs wrk: sudo apt-get install wrk (Debian/Ubuntu), then run it again." >&2; exit 2; fi; }
	@$(SCALE_ENV) DJANGO_DEBUG=false $(PY) bench/load.py

## Dump the database (pg_dump -Fc, consistent while the site runs) to backups/<db>-<UTC time>.dump or BACKUP_FILE.
backup: install
	$(DEV_ENV) $(MANAGE) backup_db $(if $(BACKUP_FILE),--output "$(BACKUP_FILE)")

## Restore BACKUP_FILE into a fresh database (RESTORE_DATABASE, default the project's); FORCE=1 replaces one with tables.
restore: install
	@test -n "$(BACKUP_FILE)" || { echo "Usage: make restore BACKUP_FILE=backups/....dump [RESTORE_DATABASE=name] [FORCE=1] [JOBS=n]"; exit 2; }
	$(DEV_ENV) $(MANAGE) restore_db "$(BACKUP_FILE)" $(if $(RESTORE_DATABASE),--into "$(RESTORE_DATABASE)") \
		$(if $(FORCE),--force) $(if $(JOBS),--jobs $(JOBS))

## Delete the local embedded database (the demo network is reloaded by the next `make run`).
clean-db:
	rm -rf .pgdata
