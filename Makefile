# Two commands do everything on a fresh clone:
#   make run   - build the default store from the bundled corpus (and ../shared/corpus, ../shared/wild if
#                present) if missing,
#                and serve it
#   make test  - lint and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  ?= data/store
STAMP  := $(VENV)/.installed
# The SPARQL editor's front-end libraries, from the npm registry, bundled and served locally (no CDN).
# vendor/views.js (d3's scales and force layout, for the editor's result views) is built with it.
VENDOR := server/static/vendor/codemirror.js

.PHONY: run test lint install clean docs bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

$(VENDOR): web/package.json web/package-lock.json web/build.mjs web/src/codemirror.js web/src/views.js
	cd web && npm ci --no-audit --no-fund --loglevel=error && node build.mjs

install: $(STAMP) $(VENDOR)

PORT  ?= 8000
# The shared corpus of other cities and the wild documents, when they are beside the checkout (read in place,
# never copied); `make run WILD=` leaves the wild documents out. Documents that are not official documents are
# listed with the reason and skipped.
CORPUS_EXTRA ?= $(wildcard ../shared/corpus/*.txt)
WILD ?= $(wildcard ../shared/wild)

run: $(STAMP) $(VENDOR)
	@test -f $(STORE).snapshots/CURRENT || $(BIN)/plangraph ingest --store $(STORE) --skip-refused corpus/*.txt $(CORPUS_EXTRA) $(WILD)
	$(BIN)/plangraph stats --store $(STORE)
	$(BIN)/plangraph serve --store $(STORE) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP) $(VENDOR) lint
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python bench/bench_endpoint.py

docs: $(STAMP)
	$(BIN)/python -m plangraph.ontology.build

clean:
	rm -rf $(VENV) data build *.egg-info web/node_modules server/static/vendor
