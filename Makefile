# Sổ tay nghiệp vụ — the menu. `make` builds everything, `make test` runs every test.
# Each target sets up what it needs (virtualenv, browser packages, system tools) on first use.

PYTHON  ?= python3
VENV    := .venv
PY      := $(VENV)/bin/python
export PYTHONPATH := $(CURDIR)/src
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := all
.PHONY: all build edition editions validate render serve export-xlsx check-xlsx import-xlsx test test-fast lint format search-eval bench update-golden schema lock clean help fonts test-tools

# Whether anything changed is decided by the build itself, from a fingerprint of the names and
# contents of every input (data, templates, guide pages, code, config, locks) recorded in site/:
# deletions and files copied with old dates count; nothing changed takes well under 1 s.
all: $(VENV)/.installed node_modules/.installed fonts ## Build everything from data/ (only if something changed): site/ with its PDFs and zip
	$(PY) -m sotay build --if-changed

build: $(VENV)/.installed node_modules/.installed fonts ## Rebuild site/ now, even if nothing changed
	$(PY) -m sotay build

# Provincial editions (data/provinces.yaml, data/provinces/<id>.yaml), each in editions/<id>/, sharing .cache/.
PROVINCE ?=

edition: $(VENV)/.installed node_modules/.installed fonts ## Build one province's edition into editions/$(PROVINCE)/ (make edition PROVINCE=hue)
	@test -n "$(PROVINCE)" || { echo "hãy ghi mã tỉnh: make edition PROVINCE=<mã trong data/provinces.yaml>" >&2; exit 2; }
	$(PY) -m sotay build --edition $(PROVINCE) --if-changed

editions: all ## Build every province's edition into editions/ (only those whose inputs changed), after the national one
	$(PY) -m sotay editions

validate: $(VENV)/.installed ## Check data/ and report every problem
	$(PY) -m sotay validate

render: $(VENV)/.installed node_modules/.installed ## Only write the Markdown pages into handbook/
	$(PY) -m sotay render

serve: $(VENV)/.installed node_modules/.installed ## Live preview on http://127.0.0.1:8000, re-rendered on every save
	$(PY) -m sotay serve

# The spreadsheet round trip for editors who prefer Excel or LibreOffice to YAML (data/README.md).
FILE ?= sotay-du-lieu.xlsx

export-xlsx: $(VENV)/.installed ## Write the data into $(FILE) for editing in Excel or LibreOffice
	$(PY) -m sotay export-xlsx $(FILE)

check-xlsx: $(VENV)/.installed ## Show what importing $(FILE) would change, and every mistake in it; writes nothing
	$(PY) -m sotay import-xlsx $(FILE) --dry-run

import-xlsx: $(VENV)/.installed ## Bring an edited $(FILE) into data/ (only if it has no mistakes)
	$(PY) -m sotay import-xlsx $(FILE)

test: $(VENV)/.installed node_modules/.installed fonts test-tools lint ## Run all tests (lint, unit, golden, end-to-end in Chromium)
	$(PY) -m pytest

test-fast: $(VENV)/.installed node_modules/.installed lint ## The tests that need no browser and no full PDF build (under 30 s)
	$(PY) -m pytest -m "not slow"

lint: $(VENV)/.installed ## Check code style (ruff); `make format` fixes it
	$(VENV)/bin/ruff check src tests scripts
	$(VENV)/bin/ruff format --check src tests scripts

format: $(VENV)/.installed ## Format the code with ruff
	$(VENV)/bin/ruff check --fix src tests scripts
	$(VENV)/bin/ruff format src tests scripts

search-eval: $(VENV)/.installed test-tools ## Measure search on site/ (after make): recall@1, recall@5, MRR, latency
	$(PY) scripts/search_eval.py

bench: $(VENV)/.installed node_modules/.installed fonts ## Time every stage at 1x and 10x the data (whole build vs bare MkDocs, provincial editions); writes BENCHMARKS.md (~45 min)
	$(PY) scripts/bench.py

update-golden: $(VENV)/.installed ## Rewrite the golden Markdown files (web pages and print pieces) from the fixture dataset; review with git diff
	$(PY) -m pytest tests/test_render.py tests/pdf/test_pieces.py --update-golden -q

schema: $(VENV)/.installed ## Regenerate data/schema/*.json and the field reference in data/README.md
	$(PY) -m sotay schema

lock: $(VENV)/.installed ## Re-pin requirements.lock (with hashes) from requirements.in
	$(VENV)/bin/pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
		--output-file requirements.lock requirements.in

clean: ## Remove generated pages, site/, the PDF cache and build leftovers (keeps .venv and node_modules)
	@if [ -f handbook/.generated ]; then cd handbook && xargs -r rm -f < .generated && rm -f .generated; fi
	find handbook -mindepth 1 -type d -empty -delete
	rm -rf site site.new* site.old* site.pdfs* editions .cache .pytest_cache .sotay-build.lock

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 16

# The virtualenv, installed exactly from the hashed lock; src/ goes on its path so that
# `mkdocs` run by hand finds the hook's package too.
$(VENV)/.installed: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	echo "$(CURDIR)/src" > "$$($(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/sotay-src.pth"
	touch $@

# Browser-side files (the iframe-worker shim for offline search) from the npm lock file.
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages, installed when missing (needs root or sudo): the PDF font for every build;
# Chromium, poppler-utils (pdfinfo, pdffonts, pdftotext) and zbar-tools (zbarimg) for the tests.
APT_INSTALL = SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	{ $$SUDO apt-get update -qq || true; } && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq

fonts:
	@test -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf || { $(APT_INSTALL) fonts-liberation2 >/dev/null; }

test-tools:
	@command -v chromium >/dev/null 2>&1 && command -v pdffonts >/dev/null 2>&1 && command -v zbarimg >/dev/null 2>&1 \
		&& command -v soffice >/dev/null 2>&1 && test -f /usr/share/java/epubcheck.jar \
		|| { $(APT_INSTALL) chromium poppler-utils zbar-tools libreoffice-calc-nogui epubcheck >/dev/null; }
