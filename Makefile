# vinculo: the two set-up commands are `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
DATA_DIR ?= var/demo
DEMO_URL ?= sqlite:///$(abspath $(DATA_DIR))/vinculo.db
HOST ?= 127.0.0.1
PORT ?= 8000
export VINCULO_TEST_PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: install install-dev demo serve test lint typecheck unit browser-deps clean bench-peers

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[postgres,spark]'
	touch $@

install: $(STAMP)

$(DEVSTAMP): $(STAMP)
	$(BIN)/pip install --quiet --group dev
	touch $@

install-dev: $(DEVSTAMP)

# Debian's chromium drives the browser tests (no browser download works here).
browser-deps:
	@test -x /usr/bin/chromium || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

demo: install
	$(BIN)/vinculo --database-url '$(DEMO_URL)' --data-dir '$(DATA_DIR)' demo --files '$(DATA_DIR)' --reset
	$(BIN)/vinculo --database-url '$(DEMO_URL)' --data-dir '$(DATA_DIR)' serve --host $(HOST) --port $(PORT)

lint: install-dev
	$(BIN)/ruff check vinculo tests benchmarks
	$(BIN)/ruff format --check vinculo tests benchmarks

typecheck: install-dev
	$(BIN)/mypy

unit: install-dev browser-deps
	$(BIN)/python -m pytest -n 2 --dist loadgroup -q

test: lint typecheck unit

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
