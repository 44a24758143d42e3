# Forprev — the few verbs people use. `make run` and `make test` are the two commands.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PYTHON_CANDIDATES := python3.13 python3.12 $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python) $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python) /usr/bin/python3 python3
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test quality fix demo bench venv deps test-deps system-deps worker scheduler clean

$(VENV)/.created:
	@set -e; for candidate in $(PYTHON_CANDIDATES); do \
	  if command -v $$candidate >/dev/null 2>&1 && $$candidate -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then \
	    echo "Using $$candidate ($$($$candidate --version))"; $$candidate -m venv $(VENV); touch $@; exit 0; fi; \
	done; \
	echo "Forprev needs Python >= 3.12 (Django 6.1). Install it (Debian 13 / Ubuntu 24.04: apt install python3; or pyenv install 3.12) and run make again." >&2; exit 1

venv: $(VENV)/.created

$(VENV)/.deps: $(VENV)/.created pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test-deps: $(VENV)/.deps pyproject.toml package.json
	$(PY) -m pip install --quiet -e '.[test]'
	npm install --silent --no-audit --no-fund
	touch $@

deps: $(VENV)/.deps
test-deps: $(VENV)/.test-deps

system-deps:
	@./scripts/system-deps.sh

run: deps system-deps
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) demo_data --if-empty
	@echo "Forprev: http://$(HOST):$(PORT)/  (demo accounts: see README)"
	@trap 'kill 0' EXIT; $(MANAGE) db_worker --queue-name default & $(MANAGE) crontask --no-heartbeat & $(MANAGE) runserver $(HOST):$(PORT)

worker: deps
	$(MANAGE) db_worker --queue-name default

scheduler: deps
	$(MANAGE) crontask --no-heartbeat

demo: deps
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) demo_data

# The suite on every core (pytest-xdist); PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto
test: test-deps system-deps
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

quality: test-deps
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.prod SECRET_KEY=$$(printf 'quality-check-%.0s' {1..5}) \
	  ALLOWED_HOSTS=forprev.example.fr DATABASE_URL=sqlite:///var/quality.sqlite3 \
	  $(MANAGE) check --deploy --fail-level WARNING

fix: test-deps
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: deps
	@mkdir -p var
	DATABASE_URL=$${BENCH_DATABASE_URL:-sqlite:///var/bench.sqlite3} $(MANAGE) migrate --noinput -v0
	DATABASE_URL=$${BENCH_DATABASE_URL:-sqlite:///var/bench.sqlite3} $(MANAGE) bench --scale $${SCALE:-1} $(BENCH_ARGS)
	@# Duplicate detection on the synthetic 1,000,000-person file (precision, recall, F1, time, memory).
	$(MANAGE) bench_duplicates --size $${DUPLICATES_SIZE:-1000000}
	@# The switch-over: Forprev 1 export generated, conformity check and migration into an empty base.
	DATABASE_URL=$${BENCH_DATABASE_URL:-sqlite:///var/bench.sqlite3} $(MANAGE) bench_switchover --scale $${SCALE:-1}

clean:
	rm -rf $(VENV) node_modules var
