from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from assistant.forum.authorship import IdeaLock, author_lock
from assistant.forum.records import ForumRecord, IdeaRecord
from assistant.forum.vocabulary import IdeaKind, IdeaStatus

NOW = datetime(2026, 11, 21, 18, 30, tzinfo=UTC)
FORUM = ForumRecord(id=1, title="t", locality="l", domain="stem", language="he", join_code="C", created_at=NOW,
                    current_step_id=7, collecting_kind=IdeaKind.CHALLENGE, has_pin=False)
IDEA = IdeaRecord(id=3, forum_id=1, meeting_number=2, step_id=7, participant_id=5, kind=IdeaKind.CHALLENGE,
                  text="תחבורה", status=IdeaStatus.VISIBLE, merged_into_id=None, created_at=NOW, updated_at=NOW)


def test_an_idea_in_the_open_collection_it_was_sent_to_is_open_to_its_author():
    assert author_lock(IDEA, FORUM, in_poll=False) is None


@pytest.mark.parametrize("idea, forum, in_poll, lock", [
    (IDEA, replace(FORUM, collecting_kind=None), False, IdeaLock.CLOSED),
    (IDEA, replace(FORUM, collecting_kind=IdeaKind.VISION), False, IdeaLock.CLOSED),
    (IDEA, replace(FORUM, current_step_id=8), False, IdeaLock.CLOSED),
    (IDEA, FORUM, True, IdeaLock.IN_POLL),
    (replace(IDEA, status=IdeaStatus.HIDDEN), FORUM, False, IdeaLock.MODERATED),
    (replace(IDEA, status=IdeaStatus.MERGED), FORUM, True, IdeaLock.MODERATED),
    (replace(IDEA, status=IdeaStatus.WITHDRAWN), replace(FORUM, collecting_kind=None), True, IdeaLock.WITHDRAWN),
])
def test_what_locks_an_idea_and_which_reason_comes_first(idea, forum, in_poll, lock):
    assert author_lock(idea, forum, in_poll=in_poll) is lock
