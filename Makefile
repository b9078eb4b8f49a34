# review-tools: `make run` sets up and runs the demo review; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup lint bench clean browser sqlite-shell postgresql a11y

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# uv (from PyPI) installs the dependencies in parallel, several times faster than pip; pip is the fallback.
# --compile-bytecode writes the .pyc files at install time as pip does: without them every kernel of a run
# compiles pandas, scikit-learn and matplotlib again where PYTHONDONTWRITEBYTECODE is set (sklearn: 6.6 s vs 2.0 s).
$(STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing review-tools and its dependencies into $(VENV) ..."
	@($(BIN)/python -m pip install --quiet --disable-pip-version-check uv 2>/dev/null && \
	  $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -e ".[dev]") || \
	  $(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/review-tools run --name demo

# The tests run on one pytest-xdist worker per core (TEST_WORKERS=0 runs them in this process). --dist loadfile keeps
# each test file, and the files that read one shared demo run, on one worker; the files with slow tests are handed
# out first (tests/conftest.py), in that order (--no-loadscope-reorder). The log ends with the 30 slowest steps.
TEST_WORKERS ?= auto

test: setup browser sqlite-shell postgresql a11y
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder --durations=30

# The browser tests (the report page; the screening and coding views in JupyterLab) use Debian's headless
# Chromium, driven by Playwright from PyPI (a dev extra, installed by `setup`; Playwright's own browser
# download is not used). Where apt or the package is unavailable the tests are skipped with the reason.
browser: setup
	@command -v chromium >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1) \
	  || echo "chromium not installed: the browser tests will be skipped"; }
	@$(BIN)/python -c "import playwright.sync_api" 2>/dev/null || \
	  echo "playwright not importable in $(VENV): the JupyterLab browser test will be skipped (make setup installs it)"

# axe-core (npm, pinned in tests/a11y/package.json and package-lock.json) for the accessibility test, which
# injects its axe.min.js into the report and stage pages in Chromium. Installed from the registry here, once;
# the test itself uses no network. Without node/npm the test is skipped with the reason.
A11Y := tests/a11y/node_modules/axe-core/axe.min.js
$(A11Y): tests/a11y/package.json tests/a11y/package-lock.json
	@command -v npm >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null 2>&1); }
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/a11y --no-audit --no-fund --silent && touch $(A11Y); \
	  else echo "npm not installed: the accessibility test will be skipped"; fi

a11y: $(A11Y)

# The sqlite3 shell (Debian package): the database test opens the review database from it beside a kernel.
sqlite-shell:
	@command -v sqlite3 >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 >/dev/null 2>&1) \
	  || echo "sqlite3 shell not installed: the database test runs its other processes only"; }

# PostgreSQL (Debian package) for the shared-database tests: they start a throwaway server of their own
# (initdb in a temporary folder, a free 127.0.0.1 port) and stop it; skipped with the reason where absent.
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || { \
	  command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1) \
	  || echo "postgresql not installed: the PostgreSQL tests will be skipped"; }

lint: setup
	$(BIN)/ruff check src tests benchmarks

bench: setup
	$(BIN)/python benchmarks/dedup_bench.py
	$(BIN)/python benchmarks/screening_bench.py
	$(BIN)/python benchmarks/coding_bench.py
	$(BIN)/python benchmarks/indicators_bench.py

clean:
	rm -rf outputs/*
