"""Real-browser fixtures: Debian's Chromium driven by Playwright against the app served
by `tests.live`. A folder's conftest imports the fixtures and the report hook from here.

Chromium is required when FORUM_TEST_REQUIRE_TOOLS=1 (as on CI); otherwise browser
tests are skipped where it is missing. A failing test leaves a screenshot of every
page it opened, and the server's log, under test-output/browser/<test name>/.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from assistant.i18n import translate
from tests.live import CHROMIUM, CHROMIUM_ARGS, PROJECT, LiveApp, running_app

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture then skips, or fails on CI, saying why
    PlaywrightError = expect = None

REQUIRE_TOOLS = os.environ.get("FORUM_TEST_REQUIRE_TOOLS") == "1"  # read before conftest clears FORUM_*
OUTPUT = PROJECT / "test-output" / "browser"
# Browsers set to Hebrew, as most in the room are: a page opened without a link speaks the
# browser's language (a test that wants another passes its own `locale`).
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2, "locale": "he-IL"}
DESKTOP = {"viewport": {"width": 1400, "height": 1000}, "locale": "he-IL"}
TIMEOUT_MS = 30_000
_REPORTS = pytest.StashKey[dict]()


def key(widget_key: str) -> str:
    """CSS selector of the container Streamlit renders for a widget with this key."""
    return ".st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", widget_key.strip())


def key_prefix(prefix: str) -> str:
    return f'[class*="st-key-{re.sub(r"[^a-zA-Z0-9_-]", "-", prefix)}"]'


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


def _failed(node) -> bool:
    return any(r.failed for r in node.stash.get(_REPORTS, {}).values())


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for the browser tests (never downloaded: Debian's). Package
    scope: while Playwright's sync API lives it keeps an event loop running in this
    thread, and other tests' `asyncio.run` would fail."""
    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "playwright is not installed (pip install -e '.[test]')"
    if reason is None and not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} is missing (Debian: apt-get install chromium)"
    if reason:
        if REQUIRE_TOOLS:
            pytest.fail(reason)
        pytest.skip(reason)
    expect.set_options(timeout=TIMEOUT_MS)  # for every test, not only those after a `make_context`
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def live_app(tmp_path_factory, browser) -> Iterator[LiveApp]:
    """The app served on a free port with its own data directory, for one test module."""
    with running_app(tmp_path_factory.mktemp("live-data")) as app:
        yield app


@pytest.fixture
def make_context(browser, request) -> Iterator[Callable[..., object]]:
    """Browser contexts: `make_context("phone")` (390x844, touch) or `make_context()` (desktop).
    Pages get generous auto-wait timeouts; on failure every page is photographed."""
    expect.set_options(timeout=TIMEOUT_MS)
    contexts = []
    consoles: dict[int, list[str]] = {}

    def watch(page) -> None:
        lines = consoles.setdefault(id(page), [])
        page.on("console", lambda message: lines.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: lines.append(f"pageerror: {error}"))

    def factory(kind: str = "desktop", **options):
        context = browser.new_context(**{**(PHONE if kind == "phone" else DESKTOP), **options})
        context.set_default_timeout(TIMEOUT_MS)
        context.on("page", watch)
        contexts.append((kind, context))
        return context

    yield factory
    if _failed(request.node):
        folder = OUTPUT / re.sub(r"[^\w.-]+", "_", request.node.name)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
        for n, (kind, context) in enumerate(contexts):
            for m, page in enumerate(context.pages):
                name = f"{n}-{kind}-{m}"
                lines = [page.url, *consoles.get(id(page), [])]
                (folder / f"{name}.console.txt").write_text("\n".join(lines))
                try:
                    page.screenshot(path=str(folder / f"{name}.png"), full_page=True, timeout=10_000)
                except Exception as exc:  # noqa: BLE001 - a broken page must not hide the real failure
                    (folder / f"{name}.txt").write_text(f"no screenshot: {exc}")
        if "live_app" in request.fixturenames:
            (folder / "server.log").write_text(request.getfixturevalue("live_app").log())
    for _, context in contexts:
        context.close()


def settled(page) -> None:
    """Wait until the page's script has run to its end (what a goto alone does not wait for)."""
    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_be_attached()


@contextmanager
def notices_on_failure(page) -> Iterator[None]:
    """A failing expectation inside says also what the page's notices (toasts, alerts) said: a
    step whose result never showed may have been refused with a reason (CI keeps no screenshot)."""
    try:
        yield
    except AssertionError as exc:
        said = page.locator('[data-testid="stToast"], [data-testid^="stAlertContent"]').all_inner_texts()
        raise AssertionError(f"{exc}\nnotices on the page: {said}") from exc


def no_exception(page) -> None:
    """No Streamlit exception element (a Python traceback) anywhere on the page."""
    expect(page.get_by_test_id("stException")).to_have_count(0, timeout=1_000)


def choose(page, widget_key: str, label: str, *, multiple: bool = False) -> None:
    """Pick an option of a selectbox or multiselect (its list can close under the pointer, a
    rerun or a phone's sidebar sliding away, so it is opened again if need be), or tap one of
    pills or a segmented control."""
    box = page.locator(key(widget_key))
    expect(box.locator("input, [role=radio]").first).to_be_attached()
    if box.locator("[role=radio]").count():  # buttons, each a radio for screen readers: one tap
        option = box.get_by_role("radio", name=label, exact=True)
        option.click()
        expect(option).to_be_checked()
        return
    option = page.get_by_role("option", name=label, exact=True)
    for attempt in range(3):
        if not option.is_visible():
            box.locator("input").click()
        try:
            option.click(timeout=5_000)
            break
        except PlaywrightError:
            if attempt == 2:
                raise
    if multiple:
        expect(box.get_by_text(label[:20])).to_be_visible()
    else:
        expect(box.get_by_role("combobox")).to_have_value(label)


@pytest.fixture(scope="module")
def live_store(live_app):
    """The served app's own database, for setting up and checking what was stored."""
    from assistant.store.database import open_store

    store = open_store(f"sqlite:///{live_app.data_dir / 'forum.db'}")
    yield store
    store.dispose()


def show_on_projector(page, mode: str) -> None:
    """The projector's display control, under the screen (the page opens without a sidebar)."""
    page.get_by_role("button", name=translate("projector.mode", "he")).click()
    page.get_by_text(translate(f"projector.mode_{mode}", "he"), exact=True).click()
    page.keyboard.press("Escape")
