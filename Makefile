# The two commands a new user needs: `make demo` and `make test`.
# Each creates the virtual environment on first use and installs the core
# and every province plugin under plugins/ in editable mode.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PLUGINS := $(sort $(wildcard plugins/*/pyproject.toml))
STAMP := $(VENV)/.installed

.PHONY: venv demo test lint typecheck unit docs bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml $(PLUGINS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,docs]' \
		$(foreach p,$(PLUGINS),-e $(dir $(p)))
	touch $(STAMP)

demo: venv
	$(BIN)/dtikit demo --force

lint: venv
	$(BIN)/ruff check src plugins tests $(wildcard benchmarks)
	$(BIN)/lint-imports

typecheck: venv
	$(BIN)/mypy

unit: venv
	$(BIN)/pytest

test: lint typecheck unit

docs: venv
	$(BIN)/sphinx-build -W --keep-going -q -b html docs docs/_build/html

# The performance harness (issue 6); not part of `make test`. The pandas
# comparison needs the bench extra, installed on first use.
# BENCH_ARGS, e.g. make bench BENCH_ARGS="--units 1000,10000,100000"
bench: venv
	$(BIN)/python -c "import pandas" 2>/dev/null || \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) demo-output docs/_build
