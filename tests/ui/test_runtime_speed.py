"""Streamlit's two per-run costs taken out (`assistant/ui/runtime_speed.py`): what the
replacements return is what Streamlit's own functions return."""

from __future__ import annotations

import pytest
from streamlit import config, emojis, string_util
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime import app_session

from assistant.ui import runtime_speed
from tests.conftest import PROJECT

LABELS = ["", "Residents", "תושבים", "עמותות וארגונים", "المجتمع المدني", "🚨 Error occurred", "🚨", "🚨Error",
          "ℹ️ info", "ℹ info", "1️⃣ one", "#️⃣", "🇮🇱 ישראל", "👩\u200d👩\u200d👧 משפחות", "👍🏽 כן", "✅ בוצע", "© 2026",
          ":material/check: סומן", " 🚨 leading space", "\u200fתושבים", "٣ أفكار", "🚨 - dash", "🚨_underscore"]


def _originals():
    assert runtime_speed.apply()
    return (string_util.extract_leading_emoji.__wrapped__, app_session._populate_theme_msg.__wrapped__)


def test_the_emoji_check_returns_what_streamlits_returns():
    original, _ = _originals()
    patched = string_util.extract_leading_emoji
    assert patched is not original
    for label in LABELS:
        assert patched(label) == original(label), label
    assert patched("🚨 Error occurred") == ("🚨", "Error occurred")
    assert string_util.extract_leading_icon("🚨 Error") == ("🚨", "Error")  # the caller goes through it
    assert runtime_speed._leading_emoji(emojis.EMOJI_EXTRACTION_REGEX)("תושבים") == ("", "תושבים")


def _theme(populate) -> bytes:
    msg = ForwardMsg()
    theme = msg.new_session.custom_theme
    populate(theme)
    for section, part in (("light", theme.light), ("dark", theme.dark), ("sidebar", theme.sidebar),
                          ("light.sidebar", theme.light.sidebar), ("dark.sidebar", theme.dark.sidebar)):
        populate(part, f"theme.{section}")
    return msg.SerializeToString(deterministic=True)


@pytest.fixture
def themed():
    """A configured theme (as a config.toml would set it), put back as it was afterwards."""
    config.get_config_options()
    keys = ("theme.primaryColor", "theme.base", "theme.sidebar.backgroundColor", "theme.dark.textColor",
            "theme.dark.sidebar.showWidgetBorder")
    before = {key: (config._config_options[key].value, config._config_options[key].where_defined) for key in keys}
    # The last is set to its protocol's default: its section is sent, and sent empty.
    values = dict(zip(keys, ("#0b5394", "light", "#f4f1ea", "#fafafa", False), strict=True))
    for key, value in values.items():
        config._set_option(key, value, "test")
    yield values
    for key, (value, where) in before.items():
        config._config_options[key].set_value(value, where)


def test_the_theme_is_built_once_and_sent_as_streamlit_builds_it(themed, monkeypatch):
    _, original = _originals()
    calls = []

    def counted(msg, section="theme"):
        calls.append(section)
        original(msg, section)

    once = runtime_speed._theme_once(counted, config)
    expected = _theme(original)
    assert _theme(once) == expected and b"#0b5394" in expected and b"#f4f1ea" in expected
    shown = ForwardMsg.FromString(expected).new_session.custom_theme
    assert shown.dark.HasField("sidebar") and not shown.light.HasField("sidebar")
    assert len(calls) == 6
    assert _theme(once) == expected and len(calls) == 6  # the next runs copy what was built

    fresh = dict(config._config_options)  # the configuration read again: a new dictionary
    monkeypatch.setattr(config, "_config_options", fresh)
    config._set_option("theme.primaryColor", "#990000", "test")
    changed = _theme(once)
    assert b"#990000" in changed and changed == _theme(original) and len(calls) == 12


def test_a_section_streamlit_no_longer_has_is_built_as_before_every_time():
    calls = []
    once = runtime_speed._theme_once(lambda msg, section="theme": calls.append(section), config)
    msg = ForwardMsg().new_session.custom_theme
    once(msg, "theme.nowhere")
    once(msg, "theme.nowhere")
    assert calls == ["theme.nowhere", "theme.nowhere"]


def test_the_app_applies_them_before_any_page_runs():
    source = (PROJECT / "streamlit_app.py").read_text()
    assert source.index("runtime_speed.apply()") < source.index("navigation.run()")


@pytest.mark.parametrize("serving", [True, False])
def test_the_first_element_skips_the_repl_check_only_under_a_server(monkeypatch, serving):
    from streamlit import delta_generator, env_util, runtime

    runtime_speed.apply()
    monkeypatch.setattr(runtime_speed, "_applied", False)
    monkeypatch.setattr(runtime, "exists", lambda: serving)
    monkeypatch.setattr(delta_generator, "_use_warning_has_been_displayed", False)
    asked = []
    monkeypatch.setattr(env_util, "is_repl", lambda: asked.append(1) or False)
    assert runtime_speed.apply()
    delta_generator._maybe_print_use_warning()
    assert asked == ([] if serving else [1])  # outside a server Streamlit still asks, and warns
