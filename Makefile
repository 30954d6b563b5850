# Everything runs inside .venv, created on first use from pyproject.toml.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup site check serve test test-slow goldens schema clean

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

test: $(STAMP)  ## the whole suite except the slow, exhaustive runs
	$(PY) -m pytest -m "not slow"

test-slow: $(STAMP)  ## slow, exhaustive runs (CI runs them too)
	$(PY) -m pytest -m slow

clean:
	rm -rf build site .site-build-* .site-old-*

goldens: $(STAMP)  ## rewrite tests/golden/ after an intended change to the output
	$(PY) -m pytest tests/test_golden.py --update-goldens -q

schema: $(STAMP)  ## rewrite schema/inspection.schema.json after changing the record model
	$(PY) -m generator schema > schema/inspection.schema.json
