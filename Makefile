# Everything a fresh machine needs, from Python 3.11, make and git alone.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: serve test lint typecheck install schema clean browser compose-tool lock conformance conformance-tools

serve: $(STAMP)  ## Migrate, load seeds/ into an empty database, serve on 127.0.0.1:8000
	$(BIN)/papergraph serve

test: $(STAMP) lint typecheck browser compose-tool conformance-tools  ## The whole suite: lint, types, tests on SQLite and PostgreSQL
	$(BIN)/pytest -n 2 --dist loadgroup

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

schema: $(STAMP)  ## Regenerate schema.graphql from the code
	$(BIN)/papergraph schema > schema.graphql

install: $(STAMP)

# The widget's browser test drives Debian's Chromium (Playwright uses it; nothing is downloaded).
CHROMIUM := /usr/bin/chromium
browser:  ## Install Debian's chromium when it is missing and we are root
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "$(CHROMIUM) is missing and we are not root: the browser tests will be skipped (apt-get install chromium)"; \
		fi; \
	fi

# The compose file is validated by Debian's docker-compose, which needs no Docker engine.
compose-tool:  ## Install Debian's docker-compose when it is missing and we are root
	@if ! command -v docker-compose >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null; \
		else \
			echo "docker-compose is missing and we are not root: the compose test will be skipped (apt-get install docker-compose)"; \
		fi; \
	fi

# graphql-http's GraphQL-over-HTTP audit, from its npm lock; tests/test_graphql_over_http_served.py
# runs it against a live server (skipped without npm, except with CI=true).
CONFORMANCE := tests/conformance
conformance-tools:  ## Install tests/conformance/node_modules when npm is there
	@if [ ! $(CONFORMANCE)/node_modules/.package-lock.json -nt $(CONFORMANCE)/package-lock.json ]; then \
		if command -v npm >/dev/null; then \
			npm ci --prefix $(CONFORMANCE) --no-audit --no-fund --loglevel=error; \
		else \
			echo "npm is missing: the GraphQL-over-HTTP audit test will be skipped"; \
		fi; \
	fi

# schemathesis against live servers on SQLite and PostgreSQL: at least 1,000 generated
# operations each, no 5xx, no response that breaks the schema (tests/conformance/fuzz.py).
conformance: $(STAMP)  ## Fuzz the GraphQL API with schemathesis on both backends
	$(BIN)/python -m tests.conformance.fuzz

# Both locks from pyproject.toml: everything for development, and the runtime subset (same
# pins) that the Docker image installs.
lock:  ## Regenerate requirements.lock and requirements-runtime.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev -o requirements.lock -q --python-version 3.11
	$(BIN)/uv pip compile pyproject.toml -c requirements.lock -o requirements-runtime.lock -q --python-version 3.11

# The server benchmark (bench/run_servers.py): Papergraph on SQLite and PostgreSQL, PostGraphile
# and a one-statement SQL floor; installs its own tools, writes bench/results/. Pass options
# with BENCH_ARGS, e.g. `make bench BENCH_ARGS="--quick"`.
.PHONY: bench bench-lock
bench: $(STAMP)  ## Benchmark against PostGraphile: bench/results/results.md and chart.png
	$(BIN)/python -m bench.run_servers $(BENCH_ARGS)

# The benchmark's own tools, pinned against requirements.lock so shared packages agree.
bench-lock:  ## Regenerate bench/requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra bench -c requirements.lock -o bench/requirements.lock -q --python-version 3.11

# The stamp is named after the lock's checksum, so a changed lock reinstalls.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-virtualenv -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
