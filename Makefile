# Caselog. On a fresh machine with python3 and npm:
#   make run    set up, load the demo data and serve http://127.0.0.1:8000/
#   make test   set up and run the tests
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
# Loads the demo organisations, users and logs (caselog/cli). `make run DEMO=` skips it.
DEMO ?= $(VENV)/bin/caselog demo

.PHONY: help install govuk axe migrate run worker test screenshots lint clean

help:
	@echo "make run     set up, load the demo data and serve http://127.0.0.1:8000/"
	@echo "make test    run the tests (DATABASE_URL=postgres://... to run them on PostgreSQL)"
	@echo "make screenshots  run the browser tests and keep page PNGs in docs/screenshots/"
	@echo "make lint    ruff"
	@echo "make govuk   fetch GOV.UK Frontend and accessible-autocomplete into caselog/static/ (needs npm)"
	@echo "make clean   delete var/ (database, email, uploads)"

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the requirements or pyproject.toml are newer than the stamp.
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

install: $(STAMP)

govuk:
	scripts/fetch_govuk_frontend.sh
	scripts/fetch_accessible_autocomplete.sh

# axe-core for the browser tests' accessibility checks
axe:
	scripts/fetch_axe_core.sh

migrate: install
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable

# The worker runs in the background and is stopped when runserver exits (Ctrl-C).
run: export DEBUG := true
run: install govuk migrate
	$(DEMO)
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(MANAGE) db_worker --no-reload & worker=$$!; \
	$(PY) -c 'from caselog.accounts.demo import DEMO_EMAIL as e, DEMO_PASSWORD as p; \
	print(f"\nCaselog: http://127.0.0.1:8000/\nSign in as {e} with password {p}\nEmail is written to var/email/\n")'; \
	$(MANAGE) runserver 127.0.0.1:8000

worker: install
	$(MANAGE) db_worker

test: install govuk axe
	$(PY) -m pytest -q --ds=caselog.settings_test $(PYTEST_ARGS)

# the browser tests again, keeping a PNG of each page type they visit in docs/screenshots/
screenshots: install govuk axe
	SCREENSHOT_DIR=docs/screenshots $(PY) -m pytest -q --ds=caselog.settings_test tests/browser

lint: install
	$(VENV)/bin/ruff check .

clean:
	rm -rf var
