"""Text that people typed, prepared for Streamlit's Markdown elements (the browser test
tests/browser/test_rendering.py shows what Chromium makes of it)."""

from __future__ import annotations

import re

import pytest

from assistant.ui.common import markdown_literal, version_of
from tests.apptest import shown
from tests.hostile.strings import CASES


def test_markdown_literal_keeps_every_character_and_escapes_all_markdown_punctuation():
    for case in CASES:
        escaped = markdown_literal(case.typed)
        assert shown(escaped) == case.typed, case.name
        assert not re.search(r"(?<!\\)[\[\]()*_`#!<>~$|&]", escaped.replace("\\\\", "")), case.name


def test_markdown_literal_breaks_what_markdown_would_link_by_itself():
    for text in ("https://evil.example/x", "http://evil.example", "www.evil.example", "me@evil.example"):
        escaped = markdown_literal(text)
        assert "\u2060" in escaped and shown(escaped) == text, text
    assert "\u2060" not in markdown_literal("שלום: סוף. 10:30")


def test_the_ui_draws_icons_from_its_icon_font_never_emoji():
    """Emoji need a colour-emoji font on the facilitator's laptop and show as empty boxes
    without one; Material Symbols come with Streamlit."""
    from tests.live import PROJECT

    pictograph = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF]")
    for path in sorted((PROJECT / "assistant" / "ui").glob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not pictograph.search(line), f"{path.name}:{number}: {line.strip()}"


def test_a_stored_values_version_changes_with_it_and_nothing_stored_has_its_own():
    assert version_of(None) == "-" and version_of([40, {"ngo": 7}]) == version_of([40, {"ngo": 7}])
    assert version_of([40, {"ngo": 7}]) != version_of([40, {"ngo": 8}]) != version_of([41, {"ngo": 8}])
    assert len(version_of({"b": 1, "a": 2})) == 8 and version_of({"b": 1, "a": 2}) == version_of({"a": 2, "b": 1})


def test_a_notice_stopped_while_it_is_drawn_is_still_there_for_the_next_run(monkeypatch):
    """Streamlit stops a run for a newer rerun inside an element call, before sending it: a
    confirmation must outlive such a run (under load, phones never saw their idea confirmed)."""
    from types import SimpleNamespace

    from assistant.ui import services, state

    class Stopped(Exception):
        pass

    def stopped(message):
        raise Stopped

    shown = []
    fake = SimpleNamespace(session_state={state.NOTICE: ("success", "נשמר")}, success=stopped)
    monkeypatch.setattr(services, "st", fake)
    with pytest.raises(Stopped):
        services.show_notice()
    assert fake.session_state[state.NOTICE] == ("success", "נשמר")  # kept for the next run
    fake.success = shown.append
    services.show_notice()
    assert shown == ["נשמר"] and state.NOTICE not in fake.session_state  # drawn once, then taken
    services.show_notice()
    assert shown == ["נשמר"]
