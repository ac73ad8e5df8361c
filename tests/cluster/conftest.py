from tests.browser.harness import browser, make_context, pytest_runtest_makereport  # noqa: F401
