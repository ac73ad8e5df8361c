from tests.browser.harness import (  # noqa: F401
    browser,
    live_app,
    live_store,
    make_context,
    pytest_runtest_makereport,
)
