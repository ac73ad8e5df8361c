"""Fixtures for the assistant: the shipped playbook over the shipped corpus,
one offline answerer for the session, forum contexts, and question files."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from assistant.chat.offline import OfflineAnswerer
from assistant.config import Settings
from assistant.forum.records import IdeaRecord
from assistant.forum.vocabulary import IdeaKind, IdeaStatus
from tests.conftest import DATA, PROJECT


@pytest.fixture(scope="session")
def shipped_playbook_for_chat(shipped_retriever):
    from assistant.playbook.loader import load_playbook

    return load_playbook(PROJECT / "prompts", shipped_retriever.passages)


@pytest.fixture(scope="session")
def offline(shipped_retriever, shipped_playbook_for_chat) -> OfflineAnswerer:
    """The offline answerer with the shipped defaults (threshold, passages per answer)."""
    defaults = Settings()
    return OfflineAnswerer(shipped_retriever, shipped_playbook_for_chat, threshold=defaults.chat_min_score,
                           passages=defaults.chat_passages)


def questions(name: str) -> list[str]:
    return [json.loads(line)["question"] for line in (DATA / name).read_text(encoding="utf-8").splitlines()
            if line.strip()]


def idea(idea_id: int, text: str, participant: int | None = 1,
         kind: IdeaKind = IdeaKind.CHALLENGE) -> IdeaRecord:
    now = datetime.now(UTC)
    return IdeaRecord(id=idea_id, forum_id=1, meeting_number=2, step_id=1, participant_id=participant,
                      kind=kind, text=text, status=IdeaStatus.VISIBLE, merged_into_id=None, created_at=now,
                      updated_at=now)


@pytest.fixture(scope="session")
def playbook_plan_for_chat():
    from assistant.playbook.loader import load_playbook
    from assistant.playbook.plan import forum_plan

    return forum_plan(load_playbook(PROJECT / "prompts"))


@pytest.fixture
def playbook_forum(make_store, playbook_plan_for_chat):
    """A forum whose steps are the shipped playbook's: (store, ForumCreated)."""
    from assistant.store import commands

    store = make_store()
    created = commands.create_forum(store, title="פורום STEM", locality="בית הכרם", domain="stem",
                                    language="he", plan=playbook_plan_for_chat)
    return store, created


def step_id(forum, key: str) -> int:
    return next(s.id for s in forum.steps if s.key == key)

