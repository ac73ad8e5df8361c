"""Benchmarks that take a minute or more run only under `make bench` (`-m benchmark`): the
retrieval one builds the index with the model to time it (about 70 s; what it asserts,
tests/retrieval/test_multilingual.py asserts in every `make test`). The quick ones (exports,
grouping) run with every `make test` too."""

import pytest


@pytest.fixture(scope="session")  # session-wide: set up before a module's index or server
def only_with_make_bench(request):
    if "benchmark" not in (request.config.getoption("-m") or ""):
        pytest.skip("minutes long: run with `make bench`")
