# Two commands for a newcomer: `make serve` (site at http://127.0.0.1:8000/) and `make test`.
# Both create .venv and install the pinned requirements on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PYTHONPATH := $(CURDIR)/hooks
export NO_MKDOCS_2_WARNING := 1
# Test-only npm tools (axe-core, vnu.jar), installed from package-lock.json by `make test` wherever
# node and npm exist, and again when the lock file changes (like the venv's stamp). `make serve`
# and `make build` never need them. Without node/npm the tests that need them skip with a reason
# (and fail under CI=true, see tests/tools.py).
NPM_STAMP := node_modules/.installed
HAVE_NPM := $(shell command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && echo yes)
TEST_TOOLS := $(if $(HAVE_NPM),$(NPM_STAMP))

.PHONY: help install test-tools serve build check check-github schemas due test bench audit clean

help:
	@echo "make serve   - run the site at http://127.0.0.1:8000/ (Chinese at /, English at /en/)"
	@echo "make test    - run all tests"
	@echo "make check   - validate data/ and print every problem"
	@echo "make due     - list the records whose review date has passed, oldest first"
	@echo "make build   - strict build into site/"

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

$(NPM_STAMP): package-lock.json package.json
	@echo "npm ci: test tools from package-lock.json (axe-core, vnu-jar)"
	@if npm ci --no-audit --no-fund --loglevel=error; then touch $@; else \
	  echo "warning: npm ci failed; the tests that need axe-core or vnu.jar will skip (and fail under CI=true)"; fi

test-tools: $(TEST_TOOLS)

check: $(STAMP)
	$(BIN)/python -m citysite.check

check-github: $(STAMP)
	$(BIN)/python -m citysite.check --format github

due: $(STAMP)
	$(BIN)/python -m citysite.due

schemas: $(STAMP)
	$(BIN)/python -m citysite.schemas --write

build: $(STAMP)
	$(BIN)/mkdocs build --strict

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

test: $(STAMP) $(TEST_TOOLS)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python tools/bench.py

audit: $(STAMP)
	$(BIN)/python tools/audit.py

clean:
	rm -rf site .pytest_cache
