"""Streamlit's lost-reply race (see `assistant/ui/runtime_fix.py`), with and without the fix."""

from __future__ import annotations

import subprocess
import sys

from tests.live import PROJECT


def _play(tmp_path, *options: str) -> str:
    done = subprocess.run([sys.executable, "-m", "tests.ui.lost_reply", str(tmp_path / "app.py"), *options],
                          cwd=PROJECT, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1]


def test_a_reply_drawn_just_before_the_next_request_reaches_the_phone(tmp_path):
    assert _play(tmp_path, "--fix") == "received"


def test_without_the_fix_streamlit_loses_it(tmp_path):
    """When this fails, Streamlit has fixed the race itself: runtime_fix.py can go."""
    assert _play(tmp_path) == "lost"


def test_the_app_applies_the_fix_before_any_page_runs():
    source = (PROJECT / "streamlit_app.py").read_text()
    assert source.index("runtime_fix.apply()") < source.index("navigation.run()")
