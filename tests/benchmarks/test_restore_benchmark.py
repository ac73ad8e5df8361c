"""The largest backup the server takes (just under `backup.MAX_BYTES`), restored from the home
page in a real browser while a phone of another forum keeps sending ideas: prints how long the
restore took, the server's memory before, at its peak and after, and how long the phone waited
for each idea's confirmation meanwhile (`make bench`; test-output/restore-benchmark.json).
Figures, not timings: nothing here is asserted but that everything arrived."""

from __future__ import annotations

import asyncio
import json
import statistics
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.loadtest.phone import Phone, persona
from assistant.store import backup, commands
from assistant.store.database import open_store
from assistant.ui import state
from tests.browser.harness import key
from tests.conftest import PROJECT, simple_plan
from tests.live import CHROMIUM, CHROMIUM_ARGS, running_app
from tests.store.test_backup import full_forum, playbook  # noqa: F401 - fixtures

pytestmark = [pytest.mark.benchmark, pytest.mark.slow, pytest.mark.usefixtures("only_with_make_bench")]
OUT = PROJECT / "test-output" / "restore-benchmark.json"


def _largest_backup(document: dict) -> bytes:
    """The document with its ideas repeated (new ids) until the file is just under the limit."""
    ideas = document["tables"]["ideas"]
    template = next(i for i in ideas if i["status"] == "visible" and not i.get("merged_into_id"))
    next_id = max(i["id"] for i in ideas) + 1
    one = len(backup.encode({"x": [dict(template, id=next_id, text="ש" * 400)]}))
    room = backup.MAX_BYTES - len(backup.encode(document)) - 64 * 1024
    for n in range(room // one):
        ideas.append(dict(template, id=next_id + n, text=f"רעיון {n}: " + "ש" * 390, client_key=None))
    data = backup.encode(document)
    assert len(data) <= backup.MAX_BYTES
    return data


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def test_the_largest_allowed_restore(full_forum, tmp_path):  # noqa: F811
    from playwright.sync_api import sync_playwright

    store, forum_id, _ = full_forum
    path = tmp_path / "largest-backup.json"
    path.write_bytes(_largest_backup(backup.dump_forum(store, forum_id)))
    size_mb = path.stat().st_size / 2**20
    with running_app(tmp_path / "app") as app:
        server = open_store(Settings(data_dir=app.data_dir).resolved_database_url)
        other = commands.create_forum(server, title="פורום אחר", locality="לוד", domain="stem", language="he",
                                      plan=simple_plan())
        commands.open_collection(server, other.forum.id, "idea")
        waits: list[float] = []
        memory: list[float] = [_rss_mb(app.process.pid)]
        done = threading.Event()

        def phone_sends() -> None:
            async def run():
                phone, n = None, 0
                while not done.is_set():
                    if n % 15 == 0:  # a fresh participant before one person's limit of ideas
                        if phone is not None:
                            await phone.close()
                        phone = Phone(app.url, persona(n), step_timeout=60)
                        await phone.join(other.forum.join_code)
                    phone.who = replace(phone.who, ideas=(f"רעיון בזמן השחזור {n}",))
                    started = time.perf_counter()
                    await phone.send_ideas()
                    waits.append(time.perf_counter() - started)
                    n += 1
                    await asyncio.sleep(0.3)
                await phone.close()
            asyncio.run(run())

        def sample() -> None:
            while not done.is_set():
                memory.append(_rss_mb(app.process.pid))
                time.sleep(0.1)

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="he-IL")  # opens in the browser's language
            page.goto(app.url)
            page.get_by_text("שחזור פורום מגיבוי").click()
            page.locator(key(state.HOME_RESTORE_FILE)).locator("input[type=file]").set_input_files(str(path))
            page.wait_for_timeout(3000)
            threads = [threading.Thread(target=phone_sends), threading.Thread(target=sample)]
            for thread in threads:
                thread.start()
            time.sleep(3)  # the phone's ordinary waits first
            before = len(waits)
            at_click = _rss_mb(app.process.pid)  # the pages loaded and the file uploaded
            started = time.perf_counter()
            page.locator(key("home.restore_button")).locator("button").click()
            page.get_by_text("שוחזר").first.wait_for(timeout=180_000)
            seconds = time.perf_counter() - started
            during = waits[before:]
            time.sleep(2)
            done.set()
            for thread in threads:
                thread.join(60)
            browser.close()
        server.dispose()
    figures = {"file_mb": round(size_mb, 1), "restore_seconds": round(seconds, 1),
               "server_rss_at_start_mb": round(memory[0]), "server_rss_before_restore_mb": round(at_click),
               "server_rss_peak_mb": round(max(memory)),
               "server_rss_after_mb": round(memory[-1]),
               "phone_ack_before_median_ms": round(1000 * statistics.median(waits[:before])) if before else None,
               "phone_ack_during_max_ms": round(1000 * max(during)) if during else None,
               "phone_ideas_during": len(during)}
    print("\nlargest allowed restore: " + json.dumps(figures))
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=2))
    assert waits and memory
