# Two commands on a fresh machine: `make demo` and `make test`. Each installs the system
# packages it needs (scripts/setup-system) and sets up .venv itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BENCH_ARGS ?=
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test fuzz lint bench check-fresh clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

demo:
	PYTHON=$(PYTHON) scripts/setup-system run
	$(MAKE) --no-print-directory $(STAMP)
	$(BIN)/booklet build examples/club --out build
	@echo "Open build/site/index.html; PDFs are in build/pdf/."

test:
	PYTHON=$(PYTHON) scripts/setup-system test
	$(MAKE) --no-print-directory $(STAMP)
	$(BIN)/ruff check booklet tests benchmarks
	$(BIN)/python -m pytest

# The fuzz tests (marker `fuzz`) at length: FUZZ_MINUTES shared between them (default 10).
FUZZ_MINUTES ?= 10
fuzz:
	PYTHON=$(PYTHON) scripts/setup-system test
	$(MAKE) --no-print-directory $(STAMP)
	HYPOTHESIS_PROFILE=fuzz FUZZ_MINUTES=$(FUZZ_MINUTES) $(BIN)/python -m pytest -m fuzz -p no:cacheprovider

# The roster benchmark; `make bench BENCH_ARGS=--quick` for a 4-athlete smoke test. Then the
# cluster figure: the same roster on a local Dask scheduler and two workers vs --jobs 2.
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/cluster.py $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check booklet tests benchmarks

# A new user's first minutes: clone the committed tree into a temporary folder and run
# `make demo` there with a fresh .venv (tests/test_fresh.py runs it too, marked slow).
check-fresh:
	scripts/check-fresh

clean:
	rm -rf build $(VENV)
