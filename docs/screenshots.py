"""Take the README's pictures from a running demo forum: `make screenshots`.

Starts the app on a throw-away data folder, fills it with `forum-assistant demo-session`,
and photographs, in Hebrew, a participant's phone (390x844), the facilitator's console
(1366x768) and the projector (1920x1080) with Debian's Chromium, into docs/img/.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from assistant.i18n import translate  # noqa: E402
from tests.browser.harness import choose, key  # noqa: E402
from tests.live import running_app  # noqa: E402

OUT = PROJECT / "docs" / "img"
CHROMIUM = {"executable_path": "/usr/bin/chromium", "args": ["--headless", "--no-sandbox", "--disable-gpu"]}


def demo_forum(app) -> dict:
    done = subprocess.run([sys.executable, "-m", "assistant.cli", "demo-session", "--participants", "40", "--json"],
                          env=app.env, cwd=PROJECT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, running_app(Path(folder)) as app, sync_playwright() as pw:
        demo = demo_forum(app)
        browser = pw.chromium.launch(**CHROMIUM)

        console = browser.new_context(viewport={"width": 1366, "height": 768}, locale="he-IL").new_page()
        console.goto(demo["facilitator_url"])
        console.wait_for_timeout(6000)
        console.screenshot(path=OUT / "console.png")

        projector = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="he-IL").new_page()
        projector.goto(demo["facilitator_url"].replace("/?", "/projector?"))
        projector.wait_for_timeout(6000)
        projector.screenshot(path=OUT / "projector.png")

        phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="he-IL",
                                    is_mobile=True, has_touch=True).new_page()
        phone.goto(demo["join_url"])
        phone.locator(key("phone.name") + " input").fill("נועה")
        choose(phone, "phone.sector", translate("sector.residents", "he"))
        phone.locator(key("phone.join")).get_by_role("button").click()
        phone.wait_for_timeout(6000)
        phone.screenshot(path=OUT / "phone.png")
        browser.close()
    for name in ("phone", "console", "projector"):
        print(OUT / f"{name}.png")
    return 0


if __name__ == "__main__":
    os.chdir(PROJECT)
    raise SystemExit(main())
