"""Fixtures of the load-test tests: the real playbook's plan, and a running app."""

from __future__ import annotations

import pytest

from tests.conftest import PROJECT


@pytest.fixture(scope="session")
def playbook_plan():
    from assistant.playbook.loader import load_playbook
    from assistant.playbook.plan import forum_plan

    return forum_plan(load_playbook(PROJECT / "prompts"))
