# Two commands on a fresh machine: `make demo` and `make test`. Each sets up .venv itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BENCH_ARGS ?=
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

demo: $(STAMP)
	$(BIN)/booklet build examples/club --out build
	@echo "Open build/site/index.html; PDFs are in build/pdf/."

test: $(STAMP)
	$(BIN)/ruff check booklet tests
	$(BIN)/python -m pytest

# The roster benchmark (issue 7); `make bench BENCH_ARGS=--quick` for a 4-athlete smoke test.
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check booklet tests benchmarks

clean:
	rm -rf build $(VENV)
