"""A whole forum as one JSON document: to keep as a backup, or to move the forum to
another server (a laptop's SQLite to the municipality's PostgreSQL, say).

`dump_forum` reads every row that belongs to the forum. `restore_forum` writes them back
as a new forum in one transaction, with new ids, and reads the document as untrusted
input: every column is checked against its type, its length and the vocabulary, every
reference must point at a row of the same document, and a bad document writes nothing.

What a restored forum keeps and what it gets anew:
- new facilitator and manager links (the restorer gets them; the PIN, if any, stays unless
  the restorer clears it);
- the join code, unless another forum on this server has it, or had it and gave it up because
  it leaked (then a new one); a restore from the home page always gets a new one, so that nobody
  can put a look-alike forum behind the cards and QR codes of a code that was replaced;
- the participants' personal links, unless this server already knows one of them (a forum
  restored beside its original): then every participant of the copy gets a new, unknown
  link, and phones rejoin the copy by its join code as newcomers.
"""

from __future__ import annotations

import json
import math
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    String,
    Table,
    Text,
    bindparam,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.exc import DataError, IntegrityError, OperationalError, StatementError
from sqlalchemy.sql import Select

from assistant.errors import (
    BackupError,
    ForumGoneError,
    InvalidBallotError,
    InvalidInputError,
    InvalidPollError,
)
from assistant.forum import access
from assistant.forum.attendance import check_attendance
from assistant.forum.ballots import ballot_entries, choices_from_entries, poll_params
from assistant.forum.indicators import AgeStage, Comparison
from assistant.forum.inputs import IDEA_MAX, NOTE_MAX, strip_unsafe
from assistant.forum.paper import check_paper_count
from assistant.forum.plan import MeetingPlan, StepPlan, check_plan
from assistant.forum.records import BallotEntry, ForumRecord
from assistant.forum.vocabulary import IdeaKind, IdeaStatus, MobilityDomain, PollStatus, Sector, VotingMethod
from assistant.forum.work_plan import SECTIONS, FocusArea, clean_plan
from assistant.i18n import LANGUAGES, translate
from assistant.store import queries as q
from assistant.store import schema as s
from assistant.store.database import Store, room_changed
from assistant.store.teams import relink_teams

FORMAT = "forum-assistant/forum-backup"
# A migration that adds a nullable or defaulted column keeps VERSION (older files lack it and
# get the default); one that renames, drops or requires a column bumps it and converts older
# documents here. tests/data/forum-backup-v1.json holds the first format.
VERSION = 1
# A 300-person forum with four meetings of ideas and votes is about 3 MB; reading a file of
# this size costs the server some 150 MB for a few seconds (tests/benchmarks prints it).
MAX_BYTES = 16 * 1024 * 1024
DEPTH_MAX = 8  # of nested objects and lists; a backup this app writes goes 6 deep
TEXT_MAX = 20_000  # a Text column's bound when read from a document (ideas are 500, cells 2000)
# Text columns held to the bound their page puts on them.
TEXT_LIMITS = {("ideas", "text"): IDEA_MAX, ("notes", "text"): NOTE_MAX, ("poll_options", "label"): IDEA_MAX}

# Parents before children, so each row's references are known when it is written.
TABLES: tuple[Table, ...] = tuple(m.__table__ for m in (
    s.Forum, s.Meeting, s.Step, s.Participant, s.Idea, s.Note, s.Poll, s.PollOption, s.Ballot,
    s.BallotEntryRow, s.WorkPlan, s.WorkPlanFocusArea, s.WorkPlanRow, s.IndicatorRow, s.IdeaIndicator,
    s.TeamRow, s.TeamMemberRow, s.TargetRow, s.ControlPointRow, s.InvestmentRow))
# Tables added after a backup format was fixed: a document without one has none of its rows.
ADDED_LATER = frozenset({"indicators", "idea_indicators", "teams", "team_members", "team_targets",
                         "control_points", "investments"})
# References that may point forward (or at the same table): set once every row exists.
DEFERRED = {("forums", "current_step_id"), ("forums", "shown_indicator_id"), ("ideas", "merged_into_id")}
# A child table's way up to its forum: (its column, the parent table).
PARENT = {"steps": ("meeting_id", "meetings"), "poll_options": ("poll_id", "polls"),
          "ballots": ("poll_id", "polls"), "ballot_entries": ("ballot_id", "ballots"),
          "work_plan_focus_areas": ("plan_id", "work_plans"),
          "work_plan_rows": ("focus_area_id", "work_plan_focus_areas"), "idea_indicators": ("idea_id", "ideas"),
          "team_members": ("team_id", "teams"), "team_targets": ("team_id", "teams"),
          "control_points": ("target_id", "team_targets"), "investments": ("team_id", "teams")}
CHOICES: dict[tuple[str, str], frozenset[str]] = {
    ("forums", "domain"): frozenset(MobilityDomain), ("forums", "language"): frozenset(LANGUAGES),
    ("forums", "collecting_kind"): frozenset(IdeaKind), ("participants", "sector"): frozenset(Sector),
    ("participants", "language"): frozenset(LANGUAGES), ("ideas", "kind"): frozenset(IdeaKind),
    ("ideas", "status"): frozenset(IdeaStatus), ("polls", "method"): frozenset(VotingMethod),
    ("polls", "status"): frozenset(PollStatus), ("indicators", "domain"): frozenset(MobilityDomain),
    ("indicators", "age_stage"): frozenset(AgeStage), ("indicators", "compared_to"): frozenset(Comparison),
    ("forums", "kind"): frozenset({"forum", "team"}), ("team_members", "sector"): frozenset(Sector), ("investments", "domain"): frozenset(MobilityDomain),
    ("investments", "age_stage"): frozenset(AgeStage),
}
# Never copied: new links (the team leads' are drawn from the new facilitator link), and which
# device joined (a digest only the forum's key makes sense of).
SECRETS = {("forums", "facilitator_digest"), ("forums", "manager_digest"), ("forums", "device_salt"),
           ("participants", "device"), ("teams", "lead_digest"),
           ("teams", "meetings_forum_id")}  # another forum's (the team's own meetings): backed up on its own
RESTORE_ATTEMPTS = 5


@dataclass(frozen=True)
class ForumRestored:
    forum: ForumRecord
    facilitator_token: str
    manager_token: str
    previous_join_code: str
    phone_links_kept: bool
    counts: dict[str, int]  # rows per table
    join_code_asked: bool = True  # False: restored under a new code whatever (from the home page)

    @property
    def join_code_kept(self) -> bool:
        return self.forum.join_code == self.previous_join_code

    def notes(self, language: str | None) -> list[str]:
        """What the restore kept and changed, said in `language` (the CLI and the home page)."""
        if self.join_code_kept:
            lines = [translate("backup.join_code_kept", language, code=self.forum.join_code)]
        elif not self.join_code_asked:
            lines = [translate("backup.join_code_fresh", language, old=self.previous_join_code,
                               code=self.forum.join_code)]
        else:
            lines = [translate("backup.join_code_new", language, old=self.previous_join_code,
                               code=self.forum.join_code)]
        if not self.phone_links_kept:
            lines.append(translate("backup.phones_new", language))
        return lines


# Writing ----------------------------------------------------------------------


def _owned(table: Table, forum_id: int) -> Select:
    if table.name == "forums":
        return select(table).where(table.c.id == forum_id)
    if "forum_id" in table.c:
        return select(table).where(table.c.forum_id == forum_id)
    column, parent = PARENT[table.name]
    parents = _owned(s.Base.metadata.tables[parent], forum_id).with_only_columns(
        s.Base.metadata.tables[parent].c.id)
    return select(table).where(table.c[column].in_(parents))


def _to_json(value: Any, column) -> Any:
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        return q.aware(value).isoformat()
    if isinstance(column.type, Date):
        return value.isoformat()
    return value


def dump_forum(store: Store, forum_id: int) -> dict[str, Any]:
    """Every row of the forum, table by table, as JSON-ready values (one read transaction)."""
    from assistant.store.migrate import head_revision

    tables: dict[str, list[dict[str, Any]]] = {}
    with store.read() as session:
        forum = session.get(s.Forum, forum_id)
        if forum is None:
            raise ForumGoneError()
        for table in TABLES:
            rows = session.execute(_owned(table, forum_id).order_by(table.c.id)).mappings()
            tables[table.name] = [
                {c.name: _to_json(row[c.name], c) for c in table.columns if (table.name, c.name) not in SECRETS}
                for row in rows]
        title, join_code = forum.title, forum.join_code
    return {"format": FORMAT, "version": VERSION, "schema": head_revision(),
            "exported_at": datetime.now(UTC).isoformat(), "forum": {"title": title, "join_code": join_code},
            "tables": tables}


def encode(document: Mapping[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def backup_bytes(store: Store, forum_id: int) -> bytes:
    return encode(dump_forum(store, forum_id))


def backup_filename(forum_id: int) -> str:
    return f"forum-{forum_id}-backup.json"


# Reading ----------------------------------------------------------------------


def too_large(size: int) -> bool:
    return size > MAX_BYTES


def parse_backup(data: bytes | str) -> dict[str, Any]:
    """The document in a backup file, or a BackupError saying why it is not one."""
    if too_large(len(data)):
        raise BackupError(reason="too_large", limit=MAX_BYTES // (1024 * 1024))
    try:
        document = json.loads(data)
    except RecursionError as exc:  # nested deeper than Python's parser goes
        raise BackupError(reason="invalid", where="(depth)") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(reason="not_json") from exc
    if _depth(document) > DEPTH_MAX:
        raise BackupError(reason="invalid", where="(depth)")
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(reason="not_backup")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BackupError(reason="not_backup")
    if version > VERSION:
        raise BackupError(reason="newer", version=version, supported=VERSION)
    return document


def _depth(document: Any) -> int:
    """How deep objects and lists nest in `document` (without recursion)."""
    deepest, stack = 0, [(document, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
        else:
            continue
        deepest = max(deepest, depth + 1)
    return deepest


def _invalid(where: str) -> BackupError:
    return BackupError(reason="invalid", where=where)


def _json(value: Any, where: str) -> Any:
    """A JSON column's value with its text cleaned as typed text is (keys and strings alike)."""
    if isinstance(value, str):
        return strip_unsafe(value)
    if isinstance(value, dict):
        return {strip_unsafe(k) if isinstance(k, str) else k: _json(v, where) for k, v in value.items()}
    if isinstance(value, list):
        return [_json(v, where) for v in value]
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    raise _invalid(where)


def _value(table: Table, column, value: Any, where: str) -> Any:
    """A document's value for `column`, checked and converted; raises BackupError."""
    kind = column.type
    if value is None:
        if not column.nullable:
            raise _invalid(where)
        return None
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise _invalid(where)
        return value
    if isinstance(kind, Integer):
        if not isinstance(value, int) or isinstance(value, bool) or abs(value) > 2**31 - 1:
            raise _invalid(where)
        return value
    if isinstance(kind, Float):
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise _invalid(where)
        return float(value)
    if isinstance(kind, DateTime):
        try:
            moment = datetime.fromisoformat(value)
        except (TypeError, ValueError) as exc:
            raise _invalid(where) from exc
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if isinstance(kind, Date):
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError) as exc:
            raise _invalid(where) from exc
    if isinstance(kind, JSON):
        if not isinstance(value, dict):
            raise _invalid(where)
        return _json(value, where)
    if isinstance(kind, String | Text):
        if not isinstance(value, str):
            raise _invalid(where)
        value = strip_unsafe(value)
        limit = TEXT_LIMITS.get((table.name, column.name)) or kind.length or TEXT_MAX
        choices = CHOICES.get((table.name, column.name))
        if len(value) > limit or (choices is not None and value not in choices):
            raise _invalid(where)
        return value
    raise _invalid(where)  # a column type this format does not know


def _rows(document: Mapping[str, Any], table: Table) -> list[dict[str, Any]]:
    """A table's rows, each checked column by column (ids and references still the document's)."""
    rows = document.get("tables", {}).get(table.name) if isinstance(document.get("tables"), dict) else None
    if rows is None and table.name in ADDED_LATER and isinstance(document.get("tables"), dict):
        return []
    if not isinstance(rows, list):
        raise _invalid(table.name)
    checked, seen = [], set()
    for index, row in enumerate(rows):
        where = f"{table.name}[{index}]"
        if not isinstance(row, dict):
            raise _invalid(where)
        unknown = set(row) - set(table.c.keys())
        if unknown:
            raise _invalid(f"{where}.{min(unknown)}")
        values = {}
        for column in table.columns:
            if (table.name, column.name) in SECRETS:
                continue
            if column.name not in row:
                if column.nullable or column.default is not None or column.server_default is not None:
                    continue
                raise _invalid(f"{where}.{column.name}")
            values[column.name] = _value(table, column, row[column.name], f"{where}.{column.name}")
        if values["id"] in seen:
            raise _invalid(f"{where}.id")
        seen.add(values["id"])
        checked.append(values)
    return checked


PHONE_KEYS = {"action", "kind", "poll", "results_of"}


def _phone_ok(phone: dict[str, Any]) -> bool:
    """A step's phone spec as `playbook.plan.phone_spec` writes it."""
    poll = phone.get("poll")
    return (set(phone) <= PHONE_KEYS and isinstance(phone.get("action", ""), str)
            and phone.get("kind", IdeaKind.IDEA.value) in frozenset(IdeaKind)
            and isinstance(phone.get("results_of", ""), str)
            and (poll is None or (isinstance(poll, dict) and poll.get("method") in frozenset(VotingMethod)
                                  and poll.get("kind", IdeaKind.IDEA.value) in frozenset(IdeaKind))))


def _check_work_plan(rows: dict[str, list[dict[str, Any]]]) -> None:
    """The work plan's cells by the rules its page saves them with (`forum.work_plan.clean_plan`)."""
    areas = []
    for index, area in enumerate(rows["work_plan_focus_areas"]):
        where = f"work_plan_focus_areas[{index}]"
        lines = [r for r in rows["work_plan_rows"] if r["focus_area_id"] == area["id"]]
        cells = [area.get("logic") or {}, area.get("infrastructures") or {}, *(r.get("cells") or {} for r in lines)]
        if any(not (value is None or isinstance(value, str)) for c in cells for value in c.values()):
            raise _invalid(where)
        by_section = {section: tuple(r.get("cells") or {} for r in sorted(lines, key=lambda r: r["position"])
                                     if r["section"] == section) for section in SECTIONS}
        try:
            areas.append(FocusArea(title=area["title"], logic=area.get("logic") or {},
                                   infrastructures=area.get("infrastructures") or {}, **by_section))
        except ValueError as exc:
            raise _invalid(where) from exc
    try:
        clean_plan(areas)
    except InvalidInputError as exc:
        raise _invalid("work_plan_focus_areas") from exc


def _check_shape(rows: dict[str, list[dict[str, Any]]]) -> None:
    """What the app relies on beyond the columns: one forum, its four meetings each with steps
    as the playbook describes them, polls whose settings fit their options, a work plan its
    page can show."""
    if len(rows["forums"]) != 1:
        raise _invalid("forums")
    try:  # the rule a new forum's plan is held to: meetings 1-4, each with steps, their keys unique
        check_plan(tuple(MeetingPlan(number=m["number"], steps=tuple(
            StepPlan(key=step["key"]) for step in rows["steps"] if step["meeting_id"] == m["id"]))
            for m in rows["meetings"]))
    except ValueError as exc:
        raise _invalid("meetings") from exc
    for index, step in enumerate(rows["steps"]):
        if not _phone_ok(step.get("phone") or {}):
            raise _invalid(f"steps[{index}].phone")
    if rows["forums"][0].get("pin_hash") is not None and not access.is_pin_hash(rows["forums"][0]["pin_hash"]):
        raise _invalid("forums[0].pin_hash")
    for index, meeting in enumerate(rows["meetings"]):
        try:
            check_attendance(meeting.get("attendance_total"), meeting.get("attendance_by_sector"))
        except InvalidInputError as exc:
            raise _invalid(f"meetings[{index}].attendance") from exc
    _check_votes(rows)
    _check_work_plan(rows)
    _check_teams(rows)


def _check_teams(rows: dict[str, list[dict[str, Any]]]) -> None:
    """A control point on or after its team's plan starts, as the team's page keeps them."""
    starts = {team["id"]: team.get("plan_start") for team in rows["teams"]}
    team_of = {target["id"]: target["team_id"] for target in rows["team_targets"]}
    for index, point in enumerate(rows["control_points"]):
        start = starts.get(team_of.get(point["target_id"]))
        if start is not None and point["due"] < start:
            raise _invalid(f"control_points[{index}].due")


def _grouped(rows: list[dict[str, Any]], column: str) -> dict[Any, list[tuple[int, dict[str, Any]]]]:
    """Rows (with their index) by the value of `column`."""
    groups: dict[Any, list[tuple[int, dict[str, Any]]]] = {}
    for index, row in enumerate(rows):
        groups.setdefault(row.get(column), []).append((index, row))
    return groups


def _check_votes(rows: dict[str, list[dict[str, Any]]]) -> None:
    """Each vote's settings against its options, its paper count and every ballot by the rules a
    phone's ballot or a typed-in paper slip is held to: a ballot names only its own vote's
    options, a dot ballot stays within its budget, a ranking has no gaps, ratings on the scale."""
    options = _grouped(rows["poll_options"], "poll_id")
    ballots = _grouped(rows["ballots"], "poll_id")
    entries = _grouped(rows["ballot_entries"], "ballot_id")
    for index, poll in enumerate(rows["polls"]):
        own = options.get(poll["id"], [])
        method = VotingMethod(poll["method"])
        try:
            params = poll_params(method, poll.get("params"), len(own))
        except InvalidPollError as exc:
            raise _invalid(f"polls[{index}].params") from exc
        option_ids = [o["id"] for _, o in own]
        dots = {o["id"]: o.get("paper_dots") for _, o in own if o.get("paper_dots") is not None}
        try:
            if method is VotingMethod.DOTS:
                check_paper_count(method, params, option_ids, poll.get("paper_voters"), dots)
            elif poll.get("paper_voters") is not None or dots:
                raise InvalidInputError(field="paper_votes", reason="paper_not_dots")
        except InvalidInputError as exc:
            raise _invalid(f"polls[{index}].paper_voters") from exc
        for ballot_index, ballot in ballots.get(poll["id"], []):
            stored = entries.get(ballot["id"], [])
            for entry_index, entry in stored:
                if entry["option_id"] not in option_ids:
                    raise _invalid(f"ballot_entries[{entry_index}].option_id")
            cast = [BallotEntry(option_id=e["option_id"], value=e["value"], criterion=e.get("criterion") or "")
                    for _, e in stored]
            try:
                again = ballot_entries(method, params, option_ids, choices_from_entries(method, cast))
            except InvalidBallotError as exc:
                raise _invalid(f"ballots[{ballot_index}]") from exc
            if sorted(again, key=_entry_order) != sorted(cast, key=_entry_order):
                raise _invalid(f"ballots[{ballot_index}]")


def _entry_order(entry: BallotEntry) -> tuple[int, str, int]:
    return entry.option_id, entry.criterion, entry.value


def _taken(session, column, values) -> bool:
    values = list(values)
    return bool(values) and session.scalar(select(column).where(column.in_(values)).limit(1)) is not None


def _write(store: Store, rows: dict[str, list[dict[str, Any]]], token: str, clear_pin: bool,
           keep_join_code: bool) -> ForumRestored:
    tables = s.Base.metadata.tables
    with store.write() as session:
        room_changed(session)  # a join code names the restored forum at once
        forum = rows["forums"][0]
        join_code_kept = keep_join_code and q.join_code_free(session, forum["join_code"], reclaim_deleted=True)
        if join_code_kept:  # a deleted forum's code, back with its forum (rolled back to a backup)
            session.execute(delete(s.RetiredJoinCode).where(s.RetiredJoinCode.code == forum["join_code"]))
        phone_links_kept = not _taken(session, s.Participant.token_digest,
                                      [p["token_digest"] for p in rows["participants"]])
        ids: dict[str, dict[int, int]] = {}
        deferred: dict[tuple[str, str], list[tuple[int, int]]] = {}  # (table, column): (old id, old reference)
        for table in TABLES:
            ids[table.name] = {}
            batches: list[list[tuple[int, dict[str, Any]]]] = []  # runs of rows giving the same columns
            for index, row in enumerate(rows[table.name]):
                values = dict(row)
                old_id = values.pop("id")
                for column in table.columns:
                    reference = values.get(column.name)
                    if not column.foreign_keys or reference is None:
                        continue
                    if (table.name, column.name) in DEFERRED:
                        values[column.name] = None
                        deferred.setdefault((table.name, column.name), []).append((old_id, reference))
                        continue
                    parent = next(iter(column.foreign_keys)).column.table.name
                    if reference not in ids.get(parent, {}):
                        raise _invalid(f"{table.name}[{index}].{column.name}")
                    values[column.name] = ids[parent][reference]
                if table.name == "forums":
                    values["join_code"] = values["join_code"] if join_code_kept else q.free_join_code(session)
                    values["facilitator_digest"] = access.digest(token)
                    values["manager_digest"] = access.digest(access.manager_token_for(token))
                    values["device_salt"] = secrets.token_hex(16)
                    if clear_pin:
                        values["pin_hash"] = None
                if table.name == "participants" and not phone_links_kept:
                    values["token_digest"] = access.digest(access.new_token())
                if batches and set(batches[-1][0][1]) == set(values):
                    batches[-1].append((old_id, values))
                else:
                    batches.append([(old_id, values)])
            # One INSERT per run (a whole table, from a backup this app wrote), new ids in the rows' order.
            for batch in batches:
                statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
                new_ids = session.execute(statement, [values for _, values in batch]).scalars().all()
                ids[table.name].update(zip((old_id for old_id, _ in batch), new_ids, strict=True))
        for (table_name, column), pairs in deferred.items():
            table = tables[table_name]
            parent = next(iter(table.c[column].foreign_keys)).column.table.name
            if any(reference not in ids[parent] for _, reference in pairs):
                raise _invalid(f"{table_name}.{column}")
            statement = update(table).where(table.c.id == bindparam("row_id")).values({column: bindparam("target")})
            session.connection().execute(statement, [{"row_id": ids[table_name][old_id], "target": ids[parent][ref]}
                                                     for old_id, ref in pairs])
        forum_id = ids["forums"][forum["id"]]
        relink_teams(session, forum_id, token)
        record = q.forum_record(session.get(s.Forum, forum_id))
    return ForumRestored(forum=record, facilitator_token=token, manager_token=access.manager_token_for(token),
                         previous_join_code=forum["join_code"], phone_links_kept=phone_links_kept,
                         counts={name: len(table_rows) for name, table_rows in rows.items()},
                         join_code_asked=keep_join_code)


def restore_forum(store: Store, document: Mapping[str, Any], *, clear_pin: bool = False,
                  keep_join_code: bool = True) -> ForumRestored:
    """Write the backup `document` (from `parse_backup`) as a new forum on this store; with
    `clear_pin`, without the console's PIN (for someone restoring it who does not know it);
    without `keep_join_code` (a restore from the home page), under a new join code."""
    rows = {table.name: _rows(document, table) for table in TABLES}
    _check_shape(rows)
    token = access.new_token()
    for attempt in range(RESTORE_ATTEMPTS):
        try:
            return _write(store, rows, token, clear_pin, keep_join_code)
        except IntegrityError as exc:  # a join code drawn at the same moment elsewhere, or a bad document
            if attempt == RESTORE_ATTEMPTS - 1:
                raise _invalid(type(exc.orig).__name__) from exc
        except (DataError, StatementError) as exc:  # a value the database refuses that no check above caught
            if isinstance(exc, OperationalError):
                raise
            raise _invalid(type(getattr(exc, "orig", exc)).__name__) from exc
    raise AssertionError("unreachable")
