"""A forum's indicators in the store: one query and named commands.

An import replaces the forum's indicators in one transaction (all or nothing: the file was
read whole before, `assistant.forum.indicator_file`); one indicator may be added, replaced
or removed from the console.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from assistant.errors import InvalidInputError, NotFoundError
from assistant.forum.indicators import MAX_INDICATORS, AgeStage, Comparison, Indicator, check_indicator
from assistant.store import schema as s
from assistant.store.database import Store
from assistant.store.queries import forum_row


@dataclass(frozen=True)
class StoredIndicator:
    id: int
    indicator: Indicator


@dataclass(frozen=True)
class IndicatorsImported:
    indicators: tuple[StoredIndicator, ...]
    replaced: int  # how many the forum had before


@dataclass(frozen=True)
class IndicatorSaved:
    indicator: StoredIndicator
    added: bool


@dataclass(frozen=True)
class IndicatorRemoved:
    indicator_id: int


@dataclass(frozen=True)
class IndicatorShown:
    indicator_id: int | None  # None: the projector shows what it showed before


@dataclass(frozen=True)
class IndicatorsLinked:
    idea_id: int
    indicator_ids: tuple[int, ...]


def _record(row: s.IndicatorRow) -> StoredIndicator:
    return StoredIndicator(row.id, Indicator(
        name=row.name, value=row.value, unit=row.unit or "", domain=row.domain,
        age_stage=AgeStage(row.age_stage) if row.age_stage else None, comparison=row.comparison,
        compared_to=Comparison(row.compared_to) if row.compared_to else None, year=row.year,
        source=row.source or ""))


def _values(indicator: Indicator) -> dict:
    return {"name": indicator.name, "value": indicator.value, "unit": indicator.unit, "domain": indicator.domain,
            "age_stage": indicator.age_stage.value if indicator.age_stage else None,
            "comparison": indicator.comparison,
            "compared_to": indicator.compared_to.value if indicator.compared_to else None,
            "year": indicator.year, "source": indicator.source}


def indicators(session: Session, forum_id: int) -> list[StoredIndicator]:
    rows = session.scalars(select(s.IndicatorRow).where(s.IndicatorRow.forum_id == forum_id)
                           .order_by(s.IndicatorRow.position))
    return [_record(row) for row in rows]


def import_indicators(store: Store, forum_id: int, found: Sequence[Indicator]) -> IndicatorsImported:
    """The forum's indicators become `found`, in that order (the old ones are replaced)."""
    checked = [check_indicator(i) for i in found]
    with store.write() as session:
        forum_row(session, forum_id, lock=True)
        before = session.scalar(select(func.count()).where(s.IndicatorRow.forum_id == forum_id)) or 0
        session.execute(delete(s.IndicatorRow).where(s.IndicatorRow.forum_id == forum_id))
        rows = [s.IndicatorRow(forum_id=forum_id, position=n, **_values(i)) for n, i in enumerate(checked)]
        session.add_all(rows)
        session.flush()
        return IndicatorsImported(indicators=tuple(_record(r) for r in rows), replaced=before)


def save_indicator(store: Store, forum_id: int, indicator: Indicator,
                   indicator_id: int | None = None) -> IndicatorSaved:
    """Adds `indicator` at the end, or replaces the one with `indicator_id`."""
    indicator = check_indicator(indicator)
    with store.write() as session:
        forum_row(session, forum_id, lock=True)
        if indicator_id is None:
            count = session.scalar(select(func.count()).where(s.IndicatorRow.forum_id == forum_id)) or 0
            if count >= MAX_INDICATORS:
                raise InvalidInputError(field="indicator_name", reason="too_many_indicators", limit=MAX_INDICATORS)
            last = session.scalar(select(func.max(s.IndicatorRow.position))
                                  .where(s.IndicatorRow.forum_id == forum_id))
            row = s.IndicatorRow(forum_id=forum_id, position=(last + 1) if last is not None else 0,
                                 **_values(indicator))
            session.add(row)
        else:
            row = session.get(s.IndicatorRow, indicator_id)
            if row is None or row.forum_id != forum_id:
                raise NotFoundError(what="indicator")
            for name, value in _values(indicator).items():
                setattr(row, name, value)
        session.flush()
        return IndicatorSaved(indicator=_record(row), added=indicator_id is None)


def remove_indicator(store: Store, forum_id: int, indicator_id: int) -> IndicatorRemoved:
    with store.write() as session:
        forum_row(session, forum_id)
        row = session.get(s.IndicatorRow, indicator_id)
        if row is None or row.forum_id != forum_id:
            raise NotFoundError(what="indicator")
        session.delete(row)
        return IndicatorRemoved(indicator_id=indicator_id)



def show_indicator(store: Store, forum_id: int, indicator_id: int | None) -> IndicatorShown:
    """Puts one of the forum's indicators on the projector (None: takes it off)."""
    with store.write() as session:
        forum = forum_row(session, forum_id, lock=True)
        if indicator_id is not None:
            row = session.get(s.IndicatorRow, indicator_id)
            if row is None or row.forum_id != forum_id:
                raise NotFoundError(what="indicator")
        forum.shown_indicator_id = indicator_id
        return IndicatorShown(indicator_id=indicator_id)


def links(session: Session, forum_id: int) -> dict[int, tuple[int, ...]]:
    """Each linked challenge's indicators, by idea id, in the indicators' order."""
    rows = session.execute(select(s.IdeaIndicator.idea_id, s.IdeaIndicator.indicator_id)
                           .join(s.IndicatorRow, s.IndicatorRow.id == s.IdeaIndicator.indicator_id)
                           .where(s.IndicatorRow.forum_id == forum_id).order_by(s.IndicatorRow.position))
    found: dict[int, list[int]] = {}
    for idea_id, indicator_id in rows:
        found.setdefault(idea_id, []).append(indicator_id)
    return {idea: tuple(ids) for idea, ids in found.items()}


def link_indicators(store: Store, forum_id: int, idea_id: int, indicator_ids) -> IndicatorsLinked:
    """The indicators that show a challenge become `indicator_ids` (none: unlinked)."""
    wanted = tuple(dict.fromkeys(int(i) for i in indicator_ids))
    with store.write() as session:
        forum_row(session, forum_id)
        idea = session.get(s.Idea, idea_id)
        if idea is None or idea.forum_id != forum_id:
            raise NotFoundError(what="idea")
        known = set(session.scalars(select(s.IndicatorRow.id).where(s.IndicatorRow.forum_id == forum_id,
                                                                    s.IndicatorRow.id.in_(wanted))))
        if known != set(wanted):
            raise NotFoundError(what="indicator")
        session.execute(delete(s.IdeaIndicator).where(s.IdeaIndicator.idea_id == idea_id))
        session.add_all(s.IdeaIndicator(idea_id=idea_id, indicator_id=i) for i in wanted)
        return IndicatorsLinked(idea_id=idea_id, indicator_ids=wanted)
