"""Benchmarks that take minutes run only under `make bench` (`-m benchmark`); the quick ones
(retrieval, exports, grouping) run with every `make test` too."""

import pytest


@pytest.fixture
def only_with_make_bench(request):
    if "benchmark" not in (request.config.getoption("-m") or ""):
        pytest.skip("minutes long: run with `make bench`")
