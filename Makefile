# Everything runs inside .venv, created on first use from pyproject.toml.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup site check serve test test-no-browser test-slow browser-deps goldens schema bench bench-draft clean lint typecheck mutants

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

site: $(STAMP)  ## validate content/, generate Markdown, build site/
	$(PY) -m generator build

check: $(STAMP)  ## validate content/ only
	$(PY) -m generator check

serve: $(STAMP)  ## live preview on http://127.0.0.1:8000/
	$(PY) -m generator serve

test: $(STAMP) browser-deps  ## the whole suite, browser tests included, except the slow runs
	$(PY) -m pytest -m "not slow"

test-no-browser: $(STAMP)  ## the suite without the browser tests, for machines without Chromium
	$(PY) -m pytest -m "not slow and not browser"

# The browser tests drive Debian's Chromium (Playwright's own browser downloads are not used).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Chromium: install it with 'sudo apt-get install chromium'," >&2; \
	    echo "or run the suite without them explicitly: make test-no-browser" >&2; exit 1; \
	  fi; }

test-slow: $(STAMP)  ## slow, exhaustive runs (CI runs them too)
	$(PY) -m pytest -m slow

clean:
	rm -rf build site .site-build-* .site-old-* .build.lock

goldens: $(STAMP)  ## rewrite tests/golden/ after an intended change to the output
	$(PY) -m pytest tests/test_golden.py tests/test_rendering_equivalence.py --update-goldens -q

schema: $(STAMP)  ## rewrite schema/inspection.schema.json after changing the record model
	$(PY) -m generator schema > schema/inspection.schema.json

bench: $(STAMP) browser-deps  ## benchmark 100 and 1,000 records (BENCH_SIZES="100 1000 10000" for the full run)
	$(PY) benchmarks/run.py $(BENCH_SIZES)

bench-draft: $(STAMP)  ## draft each report text in data/sources/hmip-report-texts/ and score it against its curated record
	$(PY) benchmarks/draft_bench.py

lint: $(STAMP)  ## ruff over the generator, benchmarks and tests
	$(VENV)/bin/ruff check generator benchmarks tests

typecheck: $(STAMP)  ## mypy, configured in pyproject.toml
	$(VENV)/bin/mypy

mutants: $(STAMP)  ## mutation testing of the validation rules (slow; see [tool.mutmut] in pyproject.toml)
	rm -rf mutants
	$(VENV)/bin/mutmut run --max-children 2
	$(VENV)/bin/mutmut results
