# Two commands on a fresh machine: `make run` and `make test`. Each sets itself up.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
# uv installs the dependencies several times faster than pip (pip installs uv itself), compiled
# to bytecode as pip does: with PYTHONDONTWRITEBYTECODE set, nothing would compile them later
INSTALL := $(BIN)/python -m uv pip install --quiet --compile-bytecode --python $(BIN)/python
SCENARIOS := $(wildcard scenarios/ukraine/[1-5]-*.yaml)

.PHONY: run test lint bench setup system-deps clean

run: $(STAMP)
	$(BIN)/coalition validate $(SCENARIOS)
	mkdir -p reports
	$(BIN)/coalition compare $(SCENARIOS) --html reports/compare.html

# The Python environment and the system packages are set up side by side.
test:
	$(MAKE) --no-print-directory -j2 $(STAMP) system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n auto --dist worksteal --durations=10

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	$(INSTALL) -e '.[test,bench]'
	$(BIN)/python bench/bench_engine.py
	$(BIN)/python bench/bench_planner.py

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv
	$(INSTALL) -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

# System packages the tests need (a real PostgreSQL server).
system-deps:
	scripts/system-deps

clean:
	rm -rf $(VENV) reports .pytest_cache .ruff_cache
