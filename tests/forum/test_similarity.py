from datetime import UTC, datetime

from assistant.forum.records import IdeaRecord
from assistant.forum.similarity import near_duplicates
from assistant.forum.vocabulary import IdeaKind, IdeaStatus

NOW = datetime(2026, 11, 21, tzinfo=UTC)


def idea(iid, text):
    return IdeaRecord(id=iid, forum_id=1, meeting_number=2, step_id=None, participant_id=None,
                      kind=IdeaKind.CHALLENGE, text=text, status=IdeaStatus.VISIBLE, merged_into_id=None,
                      created_at=NOW, updated_at=NOW)


def test_finds_rephrasings_and_ignores_different_ideas():
    ideas = [idea(1, "חוסר בתחבורה ציבורית לבתי הספר"), idea(2, "אין מספיק תחבורה ציבורית לבית הספר"),
             idea(3, "מחסור במורים למתמטיקה"), idea(4, "نقص في المواصلات العامة"), idea(5, "نقص المواصلات العامة")]
    pairs = near_duplicates(ideas)
    found = {(p.first_id, p.second_id) for p in pairs}
    assert (1, 2) in found and (4, 5) in found
    assert not any(3 in pair for pair in found)
    assert pairs == sorted(pairs, key=lambda p: -p.similarity)


def test_nothing_to_compare():
    assert near_duplicates([]) == [] and near_duplicates([idea(1, "x")]) == []
