"""How long each page takes to show its content in a new browser on a warm server (one that
has run the app once: its first run starts importing what the facilitator's pages need, see
`navigation.WARM_MODULES`). Prints the figures (`make bench`,
test-output/first-load-benchmark.json); the target on this machine is 3 s for every page.
Before: console 8.7 s, manager 7.7 s, home 4.8 s (a page's libraries loaded by its first
visitor; the console also opened every search ranker to quote the guide)."""

from __future__ import annotations

import json
import time

import pytest

from assistant.config import Settings
from assistant.demo import create_demo
from assistant.playbook.loader import load_playbook
from assistant.store.database import open_store
from tests.conftest import PROJECT
from tests.live import CHROMIUM, CHROMIUM_ARGS, running_app

pytestmark = [pytest.mark.benchmark, pytest.mark.slow, pytest.mark.usefixtures("only_with_make_bench")]
OUT = PROJECT / "test-output" / "first-load-benchmark.json"


def test_first_load_of_every_page_on_a_warm_server(tmp_path):
    from playwright.sync_api import sync_playwright

    with running_app(tmp_path / "app") as app:
        store = open_store(Settings(data_dir=app.data_dir).resolved_database_url)
        demo = create_demo(store, load_playbook(PROJECT / "prompts"), participants=20, base_url=app.url)
        store.dispose()
        f = demo.facilitator_url.split("?", 1)[1]
        m = demo.manager_url.split("?", 1)[1]
        pages = {"home": ("", "[data-testid=stHeading]"), "console": (f"?{f}", "[role=tab]"),
                 "manager": (f"?{m}", "[data-testid=stHeading]"), "projector": (f"projector?{f}", ".projector-title"),
                 "assistant": (f"assistant?{f}", "[data-testid=stChatInput]"),
                 "workplan": (f"workplan?{f}", "[data-testid=stHeading]"),
                 "phone": (demo.join_url.split("/", 3)[3], "[data-testid=stHeading]")}
        figures: dict[str, float] = {}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

            def load(path: str, ready: str) -> float:
                context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="he-IL")
                page = context.new_page()
                started = time.perf_counter()
                page.goto(app.url + path)
                page.locator(ready).first.wait_for(timeout=60_000)
                took = time.perf_counter() - started
                context.close()
                return took

            load("", "[data-testid=stHeading]")  # the server's first run: the warm-up starts
            time.sleep(10)
            for name, (path, ready) in pages.items():
                figures[name] = round(load(path, ready), 2)
            browser.close()
    print("\nfirst load on a warm server (s): " + json.dumps(figures))
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=2))
    assert figures
