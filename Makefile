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

.PHONY: run test lint install clean docs bench bench-quick bench-engines tools compile

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	@# setuptools' "Editable installation" notice is printed by every editable install of packages mapped from
	@# other folders (plangraph.* from ./server, ./ingest …): information, not a problem, so it is not shown
	PYTHONWARNINGS="ignore:Editable installation" $(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

$(VENDOR): web/package.json web/package-lock.json web/build.mjs web/src/codemirror.js web/src/views.js
	@command -v npm >/dev/null 2>&1 || { echo "the pages' front-end bundle is built with npm: install Node.js and npm first (Debian: apt-get install npm; .ci/run does)" >&2; exit 2; }
	cd web && npm ci --no-audit --no-fund --loglevel=error && node build.mjs

install: $(STAMP) $(VENDOR)

# plangraph's own modules byte-compiled, as a regular pip install does (an editable one does not): every process
# the server, the ingest and the tests start — query workers, reading processes — then reads them instead of
# compiling ~150 modules again, also where PYTHONDONTWRITEBYTECODE is set (one more document into a store: ~0.35 s).
# Only what changed since the last time is compiled again.
PACKAGES := language ontology ingest store cli server queries
compile: $(STAMP)
	@$(BIN)/python -m compileall -q -j 0 $(PACKAGES) >/dev/null

PORT  ?= 8000
# The shared corpus of other cities and the wild documents, when they are beside the checkout (read in place,
# never copied); `make run WILD=` leaves the wild documents out. Documents that are not official documents are
# listed with the reason and skipped.
CORPUS_EXTRA ?= $(wildcard ../shared/corpus/*.txt)
WILD ?= $(wildcard ../shared/wild)

run: $(STAMP) $(VENDOR) compile
	@test -f $(STORE).snapshots/CURRENT || $(BIN)/plangraph ingest --store $(STORE) --skip-refused corpus/*.txt $(CORPUS_EXTRA) $(WILD)
	$(BIN)/plangraph stats --store $(STORE)
	$(BIN)/plangraph serve --store $(STORE) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .

# The tests drive the pages in Debian's Chromium (Playwright, PLANGRAPH_CHROMIUM to point elsewhere) and the
# endpoint with curl as well as Python clients: say at once, in one line, what is missing, rather than fail
# minutes later in the browser tests.
CHROMIUM ?= $(or $(PLANGRAPH_CHROMIUM),/usr/bin/chromium)
tools:
	@missing=""; [ -x "$(CHROMIUM)" ] || missing="$$missing chromium"; \
	command -v curl >/dev/null 2>&1 || missing="$$missing curl"; command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  echo "make test needs$$missing: install first (Debian: apt-get install$$missing), or run .ci/run, which does" >&2; \
	  exit 2; fi

test: tools $(STAMP) $(VENDOR) lint compile
	$(BIN)/pytest

# How it grows: ingest, start-up, memory, the endpoint mix and every browse page at 0.3, 1 and 5 M quads, each beside
# `oxigraph load` and Oxigraph's server in the same run; CSV, tables and chart in bench/results/ (about an hour
# on 2 cores). `make bench BENCH_SIZES=0.3` for one size.
BENCH_SIZES ?= 0.3,1,5
bench: $(STAMP) compile
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python bench/bench_scale.py --sizes $(BENCH_SIZES)

# The endpoint mix and the browse pages on one small store (the seed copied per province), a few minutes.
bench-quick: $(STAMP)
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python bench/bench_endpoint.py
	$(BIN)/python bench/bench_pages.py

# The scale-out path (README "Scale-out"): the embedded store beside the Oxigraph server and Virtuoso (Debian's
# virtuoso-opensource) on the same generated documents; `make bench-engines SIZES=0.3,1` for more sizes.
SIZES ?= 0.3
bench-engines: $(STAMP)
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python bench/bench_engines.py --sizes $(SIZES)

docs: $(STAMP)
	$(BIN)/python -m plangraph.ontology.build

clean:
	rm -rf $(VENV) data build *.egg-info web/node_modules
	find server/static/vendor -mindepth 1 ! -name README.md -delete
