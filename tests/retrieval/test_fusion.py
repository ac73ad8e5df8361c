from assistant.retrieval.base import Hit
from assistant.retrieval.fusion import reciprocal_rank_fusion


def hits(*indexes):
    return [Hit(i, 1.0) for i in indexes]


def test_agreement_beats_a_single_vote():
    fused = reciprocal_rank_fusion({"a": hits(1, 2, 3), "b": hits(2, 1, 4)}, {"a": 1, "b": 1})
    assert [h.index for h in fused[:2]] in ([1, 2], [2, 1])
    assert fused[0].score > fused[-1].score


def test_zero_weight_ranking_has_no_say():
    fused = reciprocal_rank_fusion({"a": hits(1, 2), "noise": hits(9, 8, 2)}, {"a": 1, "noise": 0})
    assert [h.index for h in fused] == [1, 2]


def test_ties_follow_the_primary_ranking_deterministically():
    fused = reciprocal_rank_fusion({"a": hits(5, 6), "b": hits(6, 5)}, {"a": 1, "b": 1})
    assert [h.index for h in fused] == [5, 6]


def test_weights_shift_the_order():
    rankings = {"a": hits(1, 2), "b": hits(2, 1)}
    assert reciprocal_rank_fusion(rankings, {"a": 1, "b": 3})[0].index == 2
