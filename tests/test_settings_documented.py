"""Every setting of the typed config is documented for whoever runs the app, on one page."""

from __future__ import annotations

from assistant.config import Settings
from tests.conftest import PROJECT

CONFIGURATION = PROJECT / "docs" / "configuration.md"


def test_every_forum_setting_is_on_the_configuration_page():
    text = CONFIGURATION.read_text(encoding="utf-8")
    missing = [f"FORUM_{name.upper()}" for name in Settings.model_fields if f"`FORUM_{name.upper()}`" not in text]
    assert not missing, f"settings missing from docs/configuration.md: {missing}"


def test_the_configuration_page_names_no_setting_that_does_not_exist():
    import re

    text = CONFIGURATION.read_text(encoding="utf-8")
    known = {f"FORUM_{name.upper()}" for name in Settings.model_fields}
    named = set(re.findall(r"`(FORUM_[A-Z0-9_]+)`", text))
    assert not named - known, f"docs/configuration.md names settings the app does not read: {named - known}"
