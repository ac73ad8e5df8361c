# Two entry points for a fresh machine: `make run` and `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
STAMP  := $(VENV)/.installed
PYTHON ?= python3

.PHONY: run test bench index screenshots clean-data

$(PY):
	$(PYTHON) -m venv $(VENV)

# CPU torch first, so sentence-transformers never pulls CUDA packages.
$(STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -e ".[test]"
	touch $(STAMP)

index: $(STAMP)
	$(VENV)/bin/forum-assistant index

run: $(STAMP) index
	$(VENV)/bin/streamlit run streamlit_app.py

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) -m pytest -q -s -m benchmark tests/benchmarks

# The README's pictures (docs/img/), from a demo forum in Chromium.
screenshots: $(STAMP)
	$(PY) docs/screenshots.py

clean-data:
	rm -rf .forum-data
