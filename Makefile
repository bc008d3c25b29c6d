# The two commands of the README:
#   make serve   build the help center and serve it at http://127.0.0.1:8000
#   make test    run the whole test suite (installs what it needs first)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test bench install system-deps browser-deps clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# A local preview: its public URL is the address it is served at (production: README, "Serving in production").
serve: $(STAMP)
	$(BIN)/helpcenter build --site-url http://127.0.0.1:8000/
	$(BIN)/helpcenter serve

system-deps:
	.ci/system-deps

# axe-core for the accessibility tests, pinned by tests/browser/package-lock.json.
BROWSER_DEPS := tests/browser/node_modules/.installed
$(BROWSER_DEPS): tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund
	touch $(BROWSER_DEPS)

browser-deps: $(BROWSER_DEPS)

test: $(STAMP) system-deps browser-deps
	eval "$$(.ci/postgres)" && $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	command -v wrk >/dev/null 2>&1 || .ci/system-deps wrk || echo "wrk unavailable: the HTTP figures use the Python client"
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/versus_tantivy.py --articles 1000 --queries 280
	$(BIN)/python bench/search_bench.py --articles 1000 10000

clean:
	rm -rf output .pytest_cache
