# Two commands for a newcomer: `make serve` (site at http://127.0.0.1:8000/) and `make test`.
# Both create .venv and install the pinned requirements on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PYTHONPATH := $(CURDIR)/hooks
export NO_MKDOCS_2_WARNING := 1

.PHONY: help install serve build check check-github schemas due test bench audit clean

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

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python tools/bench.py

audit: $(STAMP)
	$(BIN)/python tools/audit.py

clean:
	rm -rf site .pytest_cache
