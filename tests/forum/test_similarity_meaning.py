"""Near-duplicates and themes by meaning: given the ideas' embeddings, pairs come from their
cosine, and a pair in two scripts is marked as maybe the same idea in another language."""

from datetime import UTC, datetime

import numpy as np

from assistant.chat.converge import group_themes
from assistant.forum.records import IdeaRecord
from assistant.forum.similarity import near_duplicates
from assistant.forum.vocabulary import IdeaKind, IdeaStatus


def _idea(idea_id: int, text: str) -> IdeaRecord:
    now = datetime.now(UTC)
    return IdeaRecord(id=idea_id, forum_id=1, meeting_number=2, step_id=1, participant_id=idea_id,
                      kind=IdeaKind.CHALLENGE, text=text, status=IdeaStatus.VISIBLE, merged_into_id=None,
                      created_at=now, updated_at=now)


def _unit(*rows):
    m = np.asarray(rows, dtype=float)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


IDEAS = [_idea(1, "אין מספיק מורים למתמטיקה"), _idea(2, "نقص في معلمي الرياضيات"),
         _idea(3, "חסרים מורי מתמטיקה"), _idea(4, "אין תחבורה ציבורית לחוגים")]
# 1, 2 and 3 say one thing (2 in Arabic), 4 another; the letters alone can't see 1 = 2.
VECTORS = _unit([1, 0.05, 0], [1, 0.55, 0], [1, 0.1, 0.02], [0, 0, 1])


def test_pairs_by_meaning_include_the_same_idea_in_another_language():
    pairs = {(p.first_id, p.second_id): p for p in near_duplicates(IDEAS, vectors=VECTORS)}
    assert (1, 3) in pairs and not pairs[(1, 3)].across_languages
    assert (1, 2) in pairs and pairs[(1, 2)].across_languages  # cosine 0.90, across scripts
    assert all(4 not in key for key in pairs)
    by_letters = {(p.first_id, p.second_id) for p in near_duplicates(IDEAS)}
    assert (1, 2) not in by_letters  # n-grams share no letter between Hebrew and Arabic


def test_themes_by_meaning_group_across_languages():
    themes = group_themes(IDEAS, vectors=VECTORS)
    grouped = [{i.id for i in theme.ideas} for theme in themes.themes]
    assert {1, 2, 3} in grouped and [i.id for i in themes.ungrouped] == [4]


def test_vectors_of_another_length_are_ignored_for_the_letters():
    assert near_duplicates(IDEAS, vectors=VECTORS[:2]) == near_duplicates(IDEAS)
