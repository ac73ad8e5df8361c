"""Every setting of the typed config is documented for whoever runs the app."""

from __future__ import annotations

from assistant.config import Settings
from tests.conftest import PROJECT


def test_every_forum_setting_is_documented():
    text = (PROJECT / "README.md").read_text(encoding="utf-8") + "".join(
        page.read_text(encoding="utf-8") for page in sorted((PROJECT / "docs").glob("*.md")))
    missing = [f"FORUM_{name.upper()}" for name in Settings.model_fields if f"FORUM_{name.upper()}" not in text]
    assert not missing, f"settings with no word in README.md or docs/: {missing}"
