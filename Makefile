# Everything a fresh machine needs, from Python 3.11, make and git alone.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: serve test lint typecheck install schema clean

serve: $(STAMP)  ## Migrate, load seeds/ into an empty database, serve on 127.0.0.1:8000
	$(BIN)/papergraph serve

test: $(STAMP) lint typecheck  ## The whole suite: lint, types, tests on SQLite and PostgreSQL
	$(BIN)/pytest -n 2

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

schema: $(STAMP)  ## Regenerate schema.graphql from the code
	$(BIN)/papergraph schema > schema.graphql

install: $(STAMP)

# The stamp is named after the lock's checksum, so a changed lock reinstalls.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-virtualenv -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
