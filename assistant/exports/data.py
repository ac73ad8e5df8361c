"""The forum's data as tables: meetings, participants, ideas, ballots, poll results, the
facilitator's notes, the situation picture's indicators and, after the forum, the teams, their
members, targets and measurements.

Ballots are one row per choice (poll titles and meetings are in the results table).
Written as one .xlsx (`assistant.exports.xlsx`: a sheet per table, right-to-left in
Hebrew and Arabic) and as .csv files in UTF-8 with a byte-order mark, so Excel shows
Hebrew and Arabic. No token or digest is ever exported (the records carry none).
Ballots of anonymous polls leave out who cast them. Text is never turned into a formula:
.xlsx cells are typed as text, and a .csv cell that Excel would read as a formula
(=, +, -, @) gets a leading apostrophe.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

import pandas as pd

from assistant.exports import xlsx
from assistant.forum.tallies import PollResult
from assistant.forum.teams import TargetStatus, status_of, statuses
from assistant.forum.vocabulary import Sector, VotingMethod
from assistant.reports.document import RTL_LANGUAGES
from assistant.reports.snapshot import ForumSnapshot
from assistant.reports.wording import Wording

TABLES = ("meetings", "participants", "ideas", "ballots", "results", "notes", "indicators", "teams",
          "team_members", "targets", "measurements")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME_MAX = 31
COLUMN_WIDTH_MAX = 60


def _utc(moment):
    return moment.replace(tzinfo=None) if moment is not None else None


def _meetings(snapshot: ForumSnapshot) -> pd.DataFrame:
    """Per meeting: its date, the room's count (total and by sector, as the facilitator
    counted it; blank when not counted), who took part from a phone, ideas and votes."""
    by_sector = [f"in_room_{sector}" for sector in Sector]
    rows = []
    for meeting in snapshot.forum.meetings:
        counted = meeting.attendance
        row = {"meeting": meeting.number, "date": meeting.scheduled_on,
               "in_room": counted.total if counted else None,
               "took_part": len(snapshot.took_part(meeting.number)),
               "ideas": len(snapshot.visible(meeting.number)), "polls": len(snapshot.polls_of(meeting.number))}
        row.update({f"in_room_{s}": counted.by_sector.get(s) if counted else None for s in Sector})
        rows.append(row)
    columns = ["meeting", "date", "in_room", "took_part", "ideas", "polls", *by_sector]
    return pd.DataFrame(rows, columns=columns).astype(dict.fromkeys(("in_room", *by_sector), "Int64"))


def _participants(snapshot: ForumSnapshot, say: Wording) -> pd.DataFrame:
    sent = pd.Series([i.participant_id for i in snapshot.ideas if i.participant_id]).value_counts()
    cast = pd.Series([b.participant_id for bs in snapshot.ballots.values() for b in bs if not b.on_paper]).value_counts()
    rows = [{"participant": p.id, "name": p.display_name or "", "sector": say.sector(p.sector),
             "language": p.language, "ideas_sent": int(sent.get(p.id, 0)),
             "ballots_cast": int(cast.get(p.id, 0)), "joined_at": _utc(p.joined_at),
             "last_seen_at": _utc(p.last_seen_at)} for p in snapshot.participants]
    return pd.DataFrame(rows, columns=["participant", "name", "sector", "language", "ideas_sent",
                                       "ballots_cast", "joined_at", "last_seen_at"])


def _ideas(snapshot: ForumSnapshot, say: Wording) -> pd.DataFrame:
    rows = []
    for idea in snapshot.ideas:
        step = snapshot.step(idea.step_id)
        sector = snapshot.sector_of(idea.participant_id)
        rows.append({"idea": idea.id, "meeting": idea.meeting_number, "step": step.key if step else "",
                     "kind": say.kind(idea.kind), "text": idea.text, "status": say(f"status.{idea.status}"),
                     "merged_into": idea.merged_into_id, "participant": idea.participant_id,
                     "sector": say.sector(sector) if sector else "", "created_at": _utc(idea.created_at),
                     "updated_at": _utc(idea.updated_at)})
    return pd.DataFrame(rows, columns=["idea", "meeting", "step", "kind", "text", "status", "merged_into",
                                       "participant", "sector", "created_at", "updated_at"]).astype(
        {"merged_into": "Int64", "participant": "Int64"})


def _ballots(snapshot: ForumSnapshot, say: Wording) -> pd.DataFrame:
    rows = []
    for poll in snapshot.polls:
        labels = {o.id: o.label for o in poll.options}
        for ballot in snapshot.ballots.get(poll.id, ()):
            sector = snapshot.sector_of(ballot.participant_id)
            for entry in ballot.entries:
                rows.append({"ballot": ballot.id, "poll": poll.id,
                             "participant": None if poll.anonymous else ballot.participant_id,
                             "sector": say.sector(sector) if sector else "",
                             "cast_on": say("data.cast_on.paper" if ballot.on_paper else "data.cast_on.phone"),
                             "option": entry.option_id,
                             "option_label": labels.get(entry.option_id, ""),
                             "criterion": say.criterion(entry.criterion) if entry.criterion else "",
                             "value": entry.value, "cast_at": _utc(ballot.updated_at)})
    return pd.DataFrame(rows, columns=["ballot", "poll", "participant", "sector", "cast_on", "option", "option_label",
                                       "criterion", "value", "cast_at"]).astype({"participant": "Int64"})


def _results(snapshot: ForumSnapshot, say: Wording) -> pd.DataFrame:
    frames = []
    for poll in snapshot.polls:
        result: PollResult = snapshot.results[poll.id]
        table = result.table
        frame = pd.DataFrame({
            "poll": poll.id, "poll_title": poll.title, "meeting": poll.meeting_number,
            "method": say.method(poll.method), "status": say(f"poll_status.{poll.status}"),
            "rank": table["rank"], "option_label": table["label"], "score": table["score"].round(3),
            "voters": table["voters"], "sectors_in_top": table["sectors_in_top"],
            "consensus": table["consensus"].astype(float).round(3),
        })
        if poll.method is VotingMethod.DOTS:  # the dots stuck on paper, already in the score
            frame["paper_dots"] = pd.Series(table.get("paper_dots", 0), index=table.index).astype("Int64")
        if poll.method is VotingMethod.RANKING and "first_choices" in table:
            frame["first_choices"] = table["first_choices"].fillna(0).astype(int)
        for criterion in poll.params.criteria if poll.method is VotingMethod.RATING else []:
            if f"mean_{criterion}" in table:
                frame[f"mean_{criterion}"] = table[f"mean_{criterion}"].astype(float).round(3)
        if "quadrant" in table:
            frame["quadrant"] = [say(f"quadrant.{q}") if isinstance(q, str) else ""
                                 for q in table["quadrant"]]
        frames.append(frame)
    columns = ["poll", "poll_title", "meeting", "method", "status", "rank", "option_label", "score", "voters",
               "sectors_in_top", "consensus"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def _notes(snapshot: ForumSnapshot) -> pd.DataFrame:
    rows = []
    for note in snapshot.notes:
        step = snapshot.step(note.step_id)
        rows.append({"note": note.id, "meeting": note.meeting_number, "step": step.key if step else "",
                     "text": note.text, "created_at": _utc(note.created_at)})
    return pd.DataFrame(rows, columns=["note", "meeting", "step", "text", "created_at"])


def _indicators(snapshot: ForumSnapshot, say: Wording) -> pd.DataFrame:
    rows = [{"indicator_name": i.name, "domain": i.domain or "",
             "age_stage": say(f"indicators.stage.{i.age_stage}") if i.age_stage else "", "unit": i.unit,
             "locality_value": i.value, "comparison_value": i.comparison,
             "compared_to": say(f"indicators.compared.{i.compared_to}") if i.compared_to else "", "gap": i.gap,
             "year": i.year, "source": i.source} for i in snapshot.indicators]
    columns = ["indicator_name", "domain", "age_stage", "unit", "locality_value", "comparison_value", "compared_to",
               "gap", "year", "source"]
    return pd.DataFrame(rows, columns=columns).astype({"year": "Int64"})


def _teams(snapshot: ForumSnapshot, say: Wording) -> pd.DataFrame:
    today = snapshot.taken_at.date()
    rows = []
    for team in snapshot.teams:
        counted = statuses([team], today)
        rows.append({"team": team.id, "team_name": team.name, "lead": team.lead_name or "",
                     "members": len(team.members), "plan_start": team.plan_start, "targets": len(team.targets),
                     **{f"status_{s}": counted.get(s, 0) for s in TargetStatus}, "budget": team.budget})
    columns = ["team", "team_name", "lead", "members", "plan_start", "targets",
               *(f"status_{s}" for s in TargetStatus), "budget"]
    return pd.DataFrame(rows, columns=columns)


def _team_members(snapshot: ForumSnapshot, say: Wording) -> pd.DataFrame:
    rows = [{"team": team.id, "team_name": team.name, "member": m.id, "participant": m.participant_id,
             "name": m.name or "", "sector": say.sector(m.sector)} for team in snapshot.teams for m in team.members]
    return pd.DataFrame(rows, columns=["team", "team_name", "member", "participant", "name", "sector"]).astype(
        {"participant": "Int64"})


def _targets(snapshot: ForumSnapshot, say: Wording) -> pd.DataFrame:
    today = snapshot.taken_at.date()
    rows = []
    for team in snapshot.teams:
        for target in team.targets:
            status = target.status(today)
            rows.append({"team": team.id, "team_name": team.name, "target": target.id, "target_name": target.name,
                         "unit": target.unit, "baseline": target.baseline, "baseline_year": target.baseline_year,
                         "control_points": len(target.points),
                         "status": say(f"teams.status.{status}") if status else ""})
    return pd.DataFrame(rows, columns=["team", "team_name", "target", "target_name", "unit", "baseline",
                                       "baseline_year", "control_points", "status"]).astype({"baseline_year": "Int64"})


def _measurements(snapshot: ForumSnapshot, say: Wording) -> pd.DataFrame:
    """One row per control point: planned by its date, and the actual value once measured."""
    rows = [{"team": team.id, "target": target.id, "target_name": target.name, "unit": target.unit,
             "due": point.due, "planned": point.planned, "actual": point.actual, "measured_on": point.measured_on,
             "status": say(f"teams.status.{status_of(target.baseline, point.planned, point.actual)}")
             if point.actual is not None else "", "note": point.note}
            for team in snapshot.teams for target in team.targets for point in target.points]
    return pd.DataFrame(rows, columns=["team", "target", "target_name", "unit", "due", "planned", "actual",
                                       "measured_on", "status", "note"])


def _header(name: str, say: Wording) -> str:
    if name.startswith("status_"):
        return say(f"teams.status.{name.removeprefix('status_')}")
    if name.startswith("mean_"):
        return say("data.column.mean", criterion=say.criterion(name.removeprefix("mean_")))
    if name.startswith("in_room_"):
        return say("data.column.in_room_sector", sector=say.sector(name.removeprefix("in_room_")))
    return say(f"data.column.{name}")


# The tables that carry the names participants gave (erasing the names erases their copies).
NAMED_TABLES = ("participants", "team_members")


def tables(snapshot: ForumSnapshot) -> dict[str, pd.DataFrame]:
    """Each table with headers in the forum's language, by table name."""
    say = Wording(snapshot.language)
    built = {"meetings": _meetings(snapshot), "participants": _participants(snapshot, say), "ideas": _ideas(snapshot, say),
             "ballots": _ballots(snapshot, say), "results": _results(snapshot, say), "notes": _notes(snapshot),
             "indicators": _indicators(snapshot, say), "teams": _teams(snapshot, say),
             "team_members": _team_members(snapshot, say), "targets": _targets(snapshot, say),
             "measurements": _measurements(snapshot, say)}
    return {name: frame.rename(columns=lambda c: _header(c, say)) for name, frame in built.items()}


def sheet_name(name: str, say: Wording) -> str:
    text = say(f"data.sheet.{name}")
    return "".join(ch for ch in text if ch not in "[]:*?/\\")[:SHEET_NAME_MAX]


def xlsx_bytes(snapshot: ForumSnapshot, frames: dict[str, pd.DataFrame] | None = None) -> bytes:
    """A sheet per table: header frozen, readable widths, right-to-left in Hebrew and
    Arabic; every text cell typed as text (never a formula)."""
    say = Wording(snapshot.language)
    sheets = []
    for name, frame in (frames or tables(snapshot)).items():
        widths = [min(max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)]) + 2,
                      COLUMN_WIDTH_MAX) for column in frame.columns]
        plain = frame.astype(object).where(frame.notna(), None)
        sheets.append(xlsx.Sheet(sheet_name(name, say), list(frame.columns),
                                 plain.itertuples(index=False, name=None), widths,
                                 rtl=snapshot.language in RTL_LANGUAGES))
    return xlsx.workbook_bytes(sheets)


def csv_safe(value):
    """A text cell that Excel would run as a formula, made inert with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _texts(column: pd.Series) -> bool:
    return column.dtype == object or pd.api.types.is_string_dtype(column)


def csv_files(snapshot: ForumSnapshot, frames: dict[str, pd.DataFrame] | None = None) -> dict[str, bytes]:
    """`<table>.csv` in UTF-8 with a BOM, by file name."""
    files = {}
    for name, frame in (frames or tables(snapshot)).items():
        safe = frame.apply(lambda column: column.map(csv_safe) if _texts(column) else column)
        files[f"{name}.csv"] = safe.to_csv(index=False).encode("utf-8-sig")
    return files


def csv_zip(snapshot: ForumSnapshot) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in csv_files(snapshot).items():
            archive.writestr(name, data)
    return buffer.getvalue()
