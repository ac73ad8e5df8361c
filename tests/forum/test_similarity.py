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


def _pair_by_pair(ideas, threshold=None, vectors=None):
    """The rule, one pair at a time, as it was written before it was done for every pair at once."""
    from assistant.forum import similarity as sim
    from assistant.text.normalize import dominant_script

    by_meaning = vectors is not None
    matrix = vectors @ vectors.T if by_meaning else sim.similarity_matrix([i.text for i in ideas])
    scripts = [dominant_script(i.text) for i in ideas]
    pairs = []
    for a in range(len(ideas)):
        for b in range(a + 1, len(ideas)):
            across = by_meaning and scripts[a] != scripts[b] and "other" not in (scripts[a], scripts[b])
            needed = threshold if threshold is not None else (
                (sim.ACROSS_LANGUAGES_THRESHOLD if across else sim.MEANING_THRESHOLD) if by_meaning
                else sim.DUPLICATE_THRESHOLD)
            if matrix[a, b] >= needed:
                pairs.append(sim.DuplicatePair(ideas[a].id, ideas[b].id, round(float(matrix[a, b]), 3), across))
    return sorted(pairs, key=lambda p: (-p.similarity, p.first_id, p.second_id))


def test_every_pair_at_once_finds_what_the_pair_by_pair_rule_finds():
    """Hundreds of ideas in Hebrew, Arabic, Latin letters and digits, with and without vectors
    (near ones made on purpose, so that every threshold is crossed)."""
    import random

    import numpy as np

    rng = random.Random(7)
    words = ["תחבורה", "ציבורית", "מורים", "חוגים", "نقص", "المواصلات", "معلمين", "bus", "2030", "!!"]
    ideas = [idea(n, " ".join(rng.choice(words) for _ in range(rng.randint(1, 5)))) for n in range(1, 301)]
    base = np.random.default_rng(7).normal(size=(60, 16))
    vectors = base[[n % 60 for n in range(300)]] + np.random.default_rng(8).normal(scale=0.35, size=(300, 16))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    for threshold, given in ((None, None), (0.3, None), (None, vectors), (0.95, vectors)):
        expected = _pair_by_pair(ideas, threshold, given)
        assert expected, (threshold, given is None)
        assert near_duplicates(ideas, threshold, vectors=given) == expected
    assert any(p.across_languages for p in near_duplicates(ideas, vectors=vectors))


def test_the_most_similar_pairs_are_the_first_of_all_and_are_counted_all():
    """A room sending the same few ideas again and again (ties everywhere), listed out of id order:
    the first pairs asked for are the first of the whole list, and the count is the whole list's."""
    import random

    from assistant.forum.similarity import most_similar_pairs

    texts = ["אין הסעות לחוגים", "אין הסעות לחוגים בצפון", "نقص في المواصلات", "מחסור במורים"]
    ids = list(range(1, 81))
    random.Random(3).shuffle(ids)
    ideas = [idea(ids[n], texts[n % len(texts)]) for n in range(80)]
    everything = _pair_by_pair(ideas)
    assert len(everything) > 500
    for limit in (0, 1, 10, len(everything) + 5):
        assert most_similar_pairs(ideas, limit=limit) == (everything[:limit], len(everything))
    assert most_similar_pairs(ideas) == (everything, len(everything))
    assert most_similar_pairs(ideas[:1], limit=10) == ([], 0)
