# Pause Before You Post: the two commands are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= $(shell $(PYTHON) -c 'import os; print(max(2, os.cpu_count() or 1))')
THREADS ?= 8

.PHONY: run dev test test-sqlite test-postgres lint clean lock translations translations-extract translations-init

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Dependencies come from the lock files, each pinned with its hashes; the app itself is installed on top.
$(VENV)/.runtime: pyproject.toml requirements/runtime.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/runtime.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev: pyproject.toml requirements/dev.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.runtime

## lock: pin every dependency again from pyproject.toml (newest versions that fit), with hashes
lock: | $(BIN)/python
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes --upgrade -o requirements/runtime.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes --upgrade -o requirements/dev.lock

instance:
	mkdir -p -m 700 instance

## translations: compile the interface catalogues (translations/*/LC_MESSAGES/messages.po -> .mo, not committed)
translations: $(VENV)/.runtime
	$(BIN)/pybabel compile -d translations

## translations-extract: collect the interface strings again and merge them into every .po file
translations-extract: $(VENV)/.runtime
	$(BIN)/pybabel extract -F babel.cfg -k lazy_gettext -k _l -k N_ -k t --no-location --sort-output -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete

## translations-init LANG=xx: start the catalogue of a new language
translations-init: $(VENV)/.runtime
	$(BIN)/pybabel init -i translations/messages.pot -d translations -l $(LANG)

## run: install, check content, upgrade the database and serve with granian on http://$(HOST):$(PORT)
run: $(VENV)/.runtime translations | instance
	$(FLASK) course check
	$(FLASK) db upgrade
	$(FLASK) addresses --host $(HOST) --port $(PORT)
	$(BIN)/python -m course.serve --host $(HOST) --port $(PORT) --workers $(WORKERS) --threads $(THREADS)

## dev: the Flask debug server, reloading on code and content changes
dev: $(VENV)/.dev translations | instance
	$(FLASK) db upgrade
	$(FLASK) run --debug --host $(HOST) --port $(PORT) \
		--extra-files "$$(find lessons quizzes -type f | tr '\n' ':')"

## test: the whole suite on SQLite, then again on PostgreSQL when TEST_DATABASE_URL is set
test: test-sqlite test-postgres

test-sqlite: $(VENV)/.dev translations
	env -u TEST_DATABASE_URL $(BIN)/python -m pytest

test-postgres: $(VENV)/.dev translations
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== the suite again on PostgreSQL (browser tests ran above)"; \
		$(BIN)/python -m pytest -m "not browser"; \
	else echo "TEST_DATABASE_URL is not set: skipping the PostgreSQL run"; fi

lint: $(VENV)/.dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
