"""Fixtures for the playbook: the shipped corpus passages and a copy of the playbook to break."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from assistant.config import Settings
from assistant.playbook.evidence import corpus_passages
from assistant.playbook.loader import PLAYBOOK_DIR

PROJECT = Path(__file__).resolve().parents[2]
SHIPPED_PROMPTS = PROJECT / "prompts"


@pytest.fixture(scope="session")
def shipped_passages(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("playbook-data"), corpus_dir=PROJECT / "corpus")
    return corpus_passages(settings)


@pytest.fixture(scope="session")
def shipped_playbook(shipped_passages):
    from assistant.playbook.loader import load_playbook

    return load_playbook(SHIPPED_PROMPTS, shipped_passages)


@pytest.fixture
def prompts_copy(tmp_path) -> Path:
    root = tmp_path / "prompts"
    shutil.copytree(SHIPPED_PROMPTS / PLAYBOOK_DIR, root / PLAYBOOK_DIR)
    return root


@pytest.fixture
def edit_meeting(prompts_copy) -> Callable[[int, Callable[[dict], None]], Path]:
    """Apply `change(data)` to meeting `number` of the copied playbook and write it back."""

    def edit(number: int, change: Callable[[dict], None]) -> Path:
        path = prompts_copy / PLAYBOOK_DIR / f"meeting-{number}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return prompts_copy

    return edit
