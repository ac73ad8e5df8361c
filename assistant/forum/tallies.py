"""Poll results in pandas: scores per option, by sector, and cross-sector consensus.

Ordering is deterministic: score, then number of voters, then the option's
position in the poll. Ties are reported, not hidden.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import pandas as pd

from assistant.forum.ballots import borda_points
from assistant.forum.records import BallotRecord, PaperCount, ParticipantRecord, PollParams, PollRecord
from assistant.forum.vocabulary import VotingMethod

CONSENSUS_TOP_N = 3
PAPER = ""  # the sector of a paper ballot's entries: in the score, never in a sector
# Best first: score, then voters, then the option's position in the poll.
RANK_KEYS, RANK_ASCENDING = ["score", "voters", "position"], [False, False, True]


@dataclass(frozen=True)
class PollResult:
    poll: PollRecord
    table: pd.DataFrame  # one row per option, best first
    by_sector: pd.DataFrame  # options x sectors: the score each sector gave
    voters: int  # on phones and on paper
    voters_by_sector: dict[str, int]  # phones only: paper has no sector
    paper_voters: int = 0  # of `voters`: a dots poll's paper count, or the paper ballots typed in

    @property
    def winner(self) -> str | None:
        return None if self.table.empty or self.voters == 0 else str(self.table.iloc[0]["label"])

    @property
    def paper_dots(self) -> int:
        return int(self.table["paper_dots"].sum()) if "paper_dots" in self.table else 0

    def top(self, n: int) -> pd.DataFrame:
        return self.table.head(n)

    def leaders(self, n: int) -> tuple[tuple[str, float], ...]:
        """The `n` best options as (label, score rounded to two places), best first; none
        before anyone voted."""
        if not self.voters:
            return ()
        return tuple((str(row["label"]), round(float(row["score"]), 2)) for _, row in self.top(n).iterrows())


def _entries(poll: PollRecord, ballots: Iterable[BallotRecord], sectors: Mapping[int, str]) -> pd.DataFrame:
    """One row per ballot entry. A paper ballot stands for a voter of its own (a negative id,
    which no participant has) and has no sector."""
    rows = [
        {"participant_id": -b.id if b.on_paper else b.participant_id,
         "sector": PAPER if b.on_paper else sectors.get(b.participant_id, "other"),
         "option_id": e.option_id, "criterion": e.criterion, "value": e.value}
        for b in ballots if b.poll_id == poll.id for e in b.entries
    ]
    return pd.DataFrame(rows, columns=["participant_id", "sector", "option_id", "criterion", "value"])


def _score_and_voters(entries: pd.DataFrame, method: VotingMethod, params: PollParams,
                      keys: list[str]) -> pd.DataFrame:
    """Score and voters per group of `keys` (the option; or the sector and the option).
    A rating's score is the mean of its criteria's means."""
    groups = [entries[k] for k in keys]
    voters = entries["participant_id"].groupby(groups).nunique().rename("voters")
    if method is VotingMethod.DOTS:
        score = entries["value"].groupby(groups).sum()
    elif method is VotingMethod.RANKING:
        score = borda_points(entries["value"], params.top_n).groupby(groups).sum()
    else:
        means = entries.groupby([*keys, "criterion"])["value"].mean().unstack("criterion")
        score = means.reindex(columns=list(params.criteria)).mean(axis=1)
    return pd.concat([score.astype(float).rename("score"), voters], axis=1)


def _scores(entries: pd.DataFrame, method: VotingMethod, params: PollParams) -> pd.DataFrame:
    """Per option: score, voters and the method's own columns (indexed by option_id)."""
    if entries.empty:
        return pd.DataFrame(columns=["score", "voters"])
    base = _score_and_voters(entries, method, params, ["option_id"])
    if method is VotingMethod.DOTS:
        return base.assign(dots=entries.groupby("option_id")["value"].sum())
    if method is VotingMethod.RANKING:
        borda = borda_points(entries["value"], params.top_n).groupby(entries["option_id"]).sum()
        first = (entries["value"] == 1).groupby(entries["option_id"]).sum()
        return base.assign(borda=borda, first_choices=first)
    stats = entries.pivot_table(index="option_id", columns="criterion", values="value",
                                aggfunc=["mean", "std"], dropna=False)  # keep std when one person rated
    frame = pd.DataFrame(index=stats.index)
    for criterion in params.criteria:
        frame[f"mean_{criterion}"] = stats["mean"][criterion] if criterion in stats["mean"] else float("nan")
        frame[f"std_{criterion}"] = (stats["std"][criterion].fillna(0.0)
                                     if criterion in stats["std"] else float("nan"))
    return pd.concat([frame, base], axis=1)


def _with_paper(scores: pd.DataFrame, counted: PaperCount | None) -> pd.DataFrame:
    """The scores with the dots stuck on paper added (a paper_dots column)."""
    if counted is None:
        return scores
    paper = pd.Series(dict(counted.dots), dtype=float, name="paper_dots")
    scores = scores.reindex(scores.index.union(paper.index))
    paper = paper.reindex(scores.index).fillna(0.0)
    return scores.assign(score=scores["score"].astype(float).fillna(0.0) + paper,
                         dots=scores.get("dots", pd.Series(0.0, index=scores.index)).astype(float).fillna(0.0) + paper,
                         voters=scores["voters"].fillna(0), paper_dots=paper)


def _ranked(options: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    table = options.join(scores, on="option_id")
    table["score"] = table["score"].astype(float).fillna(0.0)
    table["voters"] = table["voters"].fillna(0).astype(int)
    for dots in {"dots", "paper_dots"} & set(table):  # options nobody put a dot on
        table[dots] = table[dots].astype(float).fillna(0.0)
    table = table.sort_values(RANK_KEYS, ascending=RANK_ASCENDING, kind="mergesort")
    table.insert(0, "rank", range(1, len(table) + 1))
    table["tied"] = table.duplicated("score", keep=False) & (table["score"] > 0)
    return table.reset_index(drop=True)


def _by_sector(entries: pd.DataFrame, options: pd.DataFrame, option_ids: pd.Series, sectors: list[str],
               method: VotingMethod, params: PollParams, top_n: int) -> tuple[pd.DataFrame, pd.Series]:
    """Options x sectors scores, and in how many sectors' top `top_n` each option is.

    Each sector ranks as the whole poll does: score, voters, then position."""
    by_sector = pd.DataFrame(index=option_ids)
    if entries.empty:
        return by_sector, pd.Series(0, index=option_ids)
    scores = _score_and_voters(entries, method, params, ["sector", "option_id"])
    wide = scores["score"].unstack("sector").reindex(index=option_ids).fillna(0.0)
    for sector in sectors:
        by_sector[sector] = wide.get(sector, 0.0)  # 0.0: its ballots name no option of the poll
    order = options.assign(order=range(len(options))).set_index("option_id")[["position", "order"]]
    ranked = scores[scores["score"] > 0].reset_index().join(order, on="option_id", how="inner")
    ranked = ranked.sort_values([*RANK_KEYS, "order"], ascending=[*RANK_ASCENDING, True], kind="mergesort")
    return by_sector, ranked.groupby("sector").head(top_n)["option_id"].value_counts()


def quadrant(impact: float, feasibility: float, scale: int = 5) -> str:
    """The 2x2 of impact against feasibility, split at the scale's midpoint."""
    mid = (1 + scale) / 2
    high_i, high_f = impact >= mid, feasibility >= mid
    return {(True, True): "quick_win", (True, False): "major_project",
            (False, True): "fill_in", (False, False): "reconsider"}[(high_i, high_f)]


# The same tally is asked for again and again: a team lead's page tallies the forum's votes for
# its trail at every run, the console its results at every refresh, each document its own. A
# tally is kept by everything it is computed from (the poll, every ballot as read, each voter's
# sector), so a changed ballot, a paper count or a sector is a new tally; each caller gets its
# own copy of the tables.
KEPT_TALLIES = 256
_kept: OrderedDict[tuple, PollResult] = OrderedDict()
_kept_lock = threading.Lock()


def tally(poll: PollRecord, ballots: Iterable[BallotRecord],
          participants: Iterable[ParticipantRecord] = (), consensus_top_n: int = CONSENSUS_TOP_N) -> PollResult:
    ballots = tuple(ballots)
    sectors = {p.id: p.sector.value for p in participants}
    paper = (poll.paper.voters, tuple(poll.paper.dots.items())) if poll.paper is not None else None
    key = (replace(poll, paper=None), paper, ballots, tuple(sectors.items()), consensus_top_n)
    with _kept_lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
    if found is None:
        found = _tally(poll, ballots, sectors, consensus_top_n)
        with _kept_lock:
            _kept[key] = found
            while len(_kept) > KEPT_TALLIES:
                _kept.popitem(last=False)
    return replace(found, table=found.table.copy(), by_sector=found.by_sector.copy(),
                   voters_by_sector=dict(found.voters_by_sector))


def _tally(poll: PollRecord, ballots: tuple[BallotRecord, ...], sectors: dict[int, str],
           consensus_top_n: int) -> PollResult:
    params = poll.params
    entries = _entries(poll, list(ballots), sectors)
    options = pd.DataFrame([{"option_id": o.id, "idea_id": o.idea_id, "label": o.label, "position": o.position}
                            for o in poll.options], columns=["option_id", "idea_id", "label", "position"])
    paper = poll.paper if poll.method is VotingMethod.DOTS else None  # a count only a dots poll can have
    table = _ranked(options, _with_paper(_scores(entries, poll.method, params), paper))
    if (poll.method is VotingMethod.RATING and {"impact", "feasibility"} <= set(params.criteria)
            and not entries.empty):  # no ballots, no means
        table["quadrant"] = [
            quadrant(i, f, params.scale) if pd.notna(i) and pd.notna(f) else None
            for i, f in zip(table["mean_impact"], table["mean_feasibility"], strict=True)
        ]

    phones = entries[entries["sector"] != PAPER]
    voters_by_sector = {str(k): int(v) for k, v in phones.groupby("sector")["participant_id"].nunique().items()}
    by_sector, in_top = _by_sector(phones, options, table["option_id"], list(voters_by_sector),
                                   poll.method, params, consensus_top_n)
    n_sectors = len(voters_by_sector)
    table["sectors_in_top"] = table["option_id"].map(in_top).fillna(0).astype(int)
    table["consensus"] = table["sectors_in_top"] / n_sectors if n_sectors else 0.0
    by_sector.insert(0, "label", table.set_index("option_id")["label"])
    voters = int(entries["participant_id"].nunique()) if not entries.empty else 0
    paper_ballots = int(entries.loc[entries["sector"] == PAPER, "participant_id"].nunique())
    counted = paper.voters if paper else 0
    return PollResult(poll=poll, table=table, by_sector=by_sector.reset_index(), voters=voters + counted,
                      voters_by_sector=voters_by_sector, paper_voters=counted + paper_ballots)
