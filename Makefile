# scopelab — the two commands of the README:
#   make lab    create the environment and open JupyterLab on the tutorials
#   make test   create the environment and run every test (unit, property, CUDA simulator,
#               notebooks under nbval, real-browser widget tests, docs build)
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
CHROMIUM ?= /usr/bin/chromium
PORT ?= 8888
# Tests run CUDA kernels in Numba's simulator; a fixed hash seed keeps notebook output stable.
TEST_ENV := NUMBA_ENABLE_CUDASIM=1 PYTHONHASHSEED=0 SCOPELAB_CHROMIUM=$(CHROMIUM)

.PHONY: env lab test test-unit test-notebooks test-browser docs bench notebooks lint lint-imports chromium bubblewrap clean

env: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,docs]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (scopelab)" >/dev/null
	touch $@

# Without a GPU the CUDA tutorial runs in Numba's CUDA simulator.
LAB_ENV := $(if $(shell command -v nvidia-smi),,NUMBA_ENABLE_CUDASIM=1)

lab: env
	$(LAB_ENV) $(BIN)/jupyter lab --notebook-dir=notebooks --port=$(PORT) $(if $(filter 0,$(shell id -u)),--allow-root,)

# Debian's Chromium for the browser tests (never a Playwright-downloaded browser).
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || { echo "could not install chromium"; exit 1; }; \
	  else echo "Install Debian's chromium (sudo apt-get install chromium) for the browser tests"; exit 1; fi; \
	fi

# Debian's bubblewrap: scopelab grade runs every submission in a bwrap sandbox (tests/test_grade*.py).
bubblewrap:
	@if ! command -v bwrap >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && apt-get install -y -qq bubblewrap >/dev/null) || { echo "could not install bubblewrap"; exit 1; }; \
	  else echo "Install Debian's bubblewrap (sudo apt-get install bubblewrap) for the grading tests"; exit 1; fi; \
	fi

test: env chromium bubblewrap lint lint-imports test-unit test-notebooks test-browser docs
	@echo "make test: all suites passed"

# ruff (pyflakes, bugbear, naming ... and no unused noqa) over everything; mypy over the package,
# strict on the core layers (the configuration of both is in pyproject.toml)
lint: env
	$(BIN)/ruff check .
	$(BIN)/mypy

lint-imports: env
	$(BIN)/lint-imports

test-unit: env bubblewrap
	$(TEST_ENV) $(BIN)/python -m pytest -m "not browser" tests

test-notebooks: env
	$(TEST_ENV) $(BIN)/python -m pytest --nbval --nbval-current-env \
	  --nbval-sanitize-with notebooks/nbval_sanitize.cfg --nbval-cell-timeout=300 \
	  notebooks

test-browser: env chromium
	$(TEST_ENV) $(BIN)/python -m pytest -m browser tests

docs: env
	$(BIN)/sphinx-build -W --keep-going -q -b html docs docs/_build/html

bench: env
	$(BIN)/scopelab bench

# Rebuild every tutorial from its jupytext source (notebooks/NN_*.py) and execute it; regenerate and
# execute the exercise notebooks from the exercise registry.
notebooks: env
	$(BIN)/python tools/execute_notebooks.py
	$(BIN)/python notebooks/exercises/make_exercise_notebooks.py

clean:
	rm -rf $(VENV) docs/_build .pytest_cache test-artifacts .mypy_cache .ruff_cache
	find . -name __pycache__ -prune -exec rm -rf {} +
