"""Tables. Every row belongs to one forum, directly or through its parent."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Forum(Base):
    __tablename__ = "forums"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    locality: Mapped[str] = mapped_column(String(200))
    domain: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(8))
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    facilitator_digest: Mapped[str] = mapped_column(String(64), unique=True)
    manager_digest: Mapped[str] = mapped_column(String(64), unique=True)
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    current_step_id: Mapped[int | None] = mapped_column(
        ForeignKey("steps.id", use_alter=True, name="fk_forums_current_step_id_steps", ondelete="SET NULL"))
    collecting_kind: Mapped[str | None] = mapped_column(String(20))
    step_started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    schedule_revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # How many may join (None: the server's FORUM_MAX_PARTICIPANTS); the facilitator raises it.
    max_participants: Mapped[int | None] = mapped_column(Integer)
    # Key of the participants' device digests (see forum.guard.device_digest); never in a backup.
    device_salt: Mapped[str | None] = mapped_column(String(64))
    # The indicator the facilitator puts on the projector (meeting 2's situation picture), if any.
    shown_indicator_id: Mapped[int | None] = mapped_column(
        ForeignKey("indicators.id", use_alter=True, name="fk_forums_shown_indicator_id_indicators",
                   ondelete="SET NULL"))
    # "forum": a design forum; "team": a professional team's own four meetings after the forum
    # (the teams' playbook; its team row names it: TeamRow.meetings_forum_id).
    kind: Mapped[str] = mapped_column(String(10), default="forum", server_default="forum")
    # The day the last progress report was made, and the one before it: the report tells what
    # was measured and decided since the report before today's.
    progress_reported_on: Mapped[date | None] = mapped_column(Date)
    progress_reported_before: Mapped[date | None] = mapped_column(Date)

    meetings: Mapped[list[Meeting]] = relationship(
        back_populates="forum", order_by="Meeting.number", cascade="all, delete-orphan",
        foreign_keys="Meeting.forum_id")


class Meeting(Base):
    __tablename__ = "meetings"
    __table_args__ = (
        UniqueConstraint("forum_id", "number", name="uq_meetings_forum_number"),
        CheckConstraint("number BETWEEN 1 AND 4", name="number_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    scheduled_on: Mapped[date | None] = mapped_column(Date)
    attendance_total: Mapped[int | None] = mapped_column(Integer)  # counted in the room by the facilitator
    attendance_by_sector: Mapped[dict[str, int] | None] = mapped_column(JSON)

    forum: Mapped[Forum] = relationship(back_populates="meetings", foreign_keys=[forum_id])
    steps: Mapped[list[Step]] = relationship(
        back_populates="meeting", order_by="Step.position", cascade="all, delete-orphan")


class Step(Base):
    __tablename__ = "steps"
    __table_args__ = (
        UniqueConstraint("meeting_id", "position", name="uq_steps_meeting_position"),
        UniqueConstraint("meeting_id", "key", name="uq_steps_meeting_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(80))
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    phone: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    meeting: Mapped[Meeting] = relationship(back_populates="steps")


class Participant(Base):
    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    sector: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(8))
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Which device joined (a keyed digest of its network address and browser): groups one
    # phone's many identities for the flood alarm; never the address itself.
    device: Mapped[str | None] = mapped_column(String(32))


class Idea(Base):
    __tablename__ = "ideas"
    __table_args__ = (
        UniqueConstraint("participant_id", "client_key", name="uq_ideas_participant_client_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    step_id: Mapped[int | None] = mapped_column(ForeignKey("steps.id", ondelete="SET NULL"))
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"))
    client_key: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="visible")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Note(Base):
    """What the facilitator noted during a meeting (said in the room, agreed, to follow up)."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    step_id: Mapped[int | None] = mapped_column(ForeignKey("steps.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Poll(Base):
    __tablename__ = "polls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    step_id: Mapped[int | None] = mapped_column(ForeignKey("steps.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    method: Mapped[str] = mapped_column(String(10))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    anonymous: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    paper_voters: Mapped[int | None] = mapped_column(Integer)  # people who voted on paper, if counted

    options: Mapped[list[PollOption]] = relationship(
        order_by="PollOption.position", cascade="all, delete-orphan")


class PollOption(Base):
    __tablename__ = "poll_options"
    __table_args__ = (UniqueConstraint("poll_id", "position", name="uq_poll_options_poll_position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="SET NULL"))
    label: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)
    paper_dots: Mapped[int | None] = mapped_column(Integer)  # dots stuck on paper, if counted


class Ballot(Base):
    __tablename__ = "ballots"
    __table_args__ = (UniqueConstraint("poll_id", "participant_id", name="uq_ballots_poll_participant"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    # None: a paper ballot typed in at the console (NULLs never collide in the unique constraint)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    cast_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    entries: Mapped[list[BallotEntryRow]] = relationship(cascade="all, delete-orphan")


class BallotEntryRow(Base):
    __tablename__ = "ballot_entries"
    __table_args__ = (
        UniqueConstraint("ballot_id", "option_id", "criterion", name="uq_ballot_entries_ballot_option_criterion"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id", ondelete="CASCADE"), index=True)
    option_id: Mapped[int] = mapped_column(ForeignKey("poll_options.id", ondelete="CASCADE"))
    criterion: Mapped[str] = mapped_column(String(40), default="")
    value: Mapped[int] = mapped_column(Integer)


class WorkPlan(Base):
    """The collective work plan of a forum (one per forum); `revision` counts saves."""

    __tablename__ = "work_plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), unique=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    focus_areas: Mapped[list[WorkPlanFocusArea]] = relationship(
        order_by="WorkPlanFocusArea.position", cascade="all, delete-orphan")


class WorkPlanFocusArea(Base):
    """A focus area: its logic model and social-infrastructure cells (JSON, name -> text or null)."""

    __tablename__ = "work_plan_focus_areas"
    __table_args__ = (UniqueConstraint("plan_id", "position", name="uq_work_plan_focus_areas_plan_position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("work_plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="SET NULL"))
    logic: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    infrastructures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    rows: Mapped[list[WorkPlanRow]] = relationship(
        order_by="WorkPlanRow.position", cascade="all, delete-orphan")


class WorkPlanRow(Base):
    """One row of a focus area's operational, timeline or control-point table."""

    __tablename__ = "work_plan_rows"
    __table_args__ = (
        UniqueConstraint("focus_area_id", "section", "position", name="uq_work_plan_rows_area_section_position"),
        CheckConstraint("section IN ('operational', 'timeline', 'control')", name="section_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    focus_area_id: Mapped[int] = mapped_column(ForeignKey("work_plan_focus_areas.id", ondelete="CASCADE"),
                                               index=True)
    section: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer)
    cells: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class IndicatorRow(Base):
    """One indicator of the forum's situation picture (assistant.forum.indicators), in the
    order the facilitator gave them."""

    __tablename__ = "indicators"
    __table_args__ = (UniqueConstraint("forum_id", "position", name="uq_indicators_forum_position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(40), default="", server_default="")
    domain: Mapped[str | None] = mapped_column(String(40))
    age_stage: Mapped[str | None] = mapped_column(String(20))
    comparison: Mapped[float | None] = mapped_column(Float)
    compared_to: Mapped[str | None] = mapped_column(String(10))
    year: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(400), default="", server_default="")


class IdeaIndicator(Base):
    """A challenge linked to an indicator that shows it (the situation picture's evidence)."""

    __tablename__ = "idea_indicators"
    __table_args__ = (UniqueConstraint("idea_id", "indicator_id", name="uq_idea_indicators_idea_indicator"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)


class TeamRow(Base):
    """A professional team around one focus area, after the forum (assistant.forum.teams). Its
    lead's link is derived from the facilitator's (`access.team_token_for`): `lead_digest`
    holds its digest, and `link_generation` counts the times it was replaced."""

    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("forum_id", "position", name="uq_teams_forum_position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="SET NULL"))
    lead_name: Mapped[str | None] = mapped_column(String(200))
    lead_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    link_generation: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    plan_start: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The team's own meetings: a forum of kind "team" whose facilitator is the lead.
    meetings_forum_id: Mapped[int | None] = mapped_column(
        ForeignKey("forums.id", name="fk_teams_meetings_forum_id_forums", ondelete="SET NULL"), unique=True)


class TeamMemberRow(Base):
    """A team's member: a forum participant, or someone added by name and sector."""

    __tablename__ = "team_members"
    __table_args__ = (UniqueConstraint("team_id", "participant_id", name="uq_team_members_team_participant"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"),
                                                       index=True)
    name: Mapped[str | None] = mapped_column(String(200))
    sector: Mapped[str] = mapped_column(String(20))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class TargetRow(Base):
    """A target of a team's plan: what is measured, in which unit, from which baseline."""

    __tablename__ = "team_targets"
    __table_args__ = (UniqueConstraint("team_id", "position", name="uq_team_targets_team_position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40), default="", server_default="")
    baseline: Mapped[float] = mapped_column(Float)
    baseline_year: Mapped[int | None] = mapped_column(Integer)


class ControlPointRow(Base):
    """A control point of a target: the value planned by a date and, once measured, the actual."""

    __tablename__ = "control_points"
    __table_args__ = (UniqueConstraint("target_id", "due", name="uq_control_points_target_due"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("team_targets.id", ondelete="CASCADE"), index=True)
    due: Mapped[date] = mapped_column(Date)
    planned: Mapped[float] = mapped_column(Float)
    actual: Mapped[float | None] = mapped_column(Float)
    measured_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(500), default="", server_default="")


class InvestmentRow(Base):
    """A line of a team's investment map: a budget by mobility domain and age stage."""

    __tablename__ = "investments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    domain: Mapped[str | None] = mapped_column(String(40))
    age_stage: Mapped[str | None] = mapped_column(String(20))
    amount: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(String(500), default="", server_default="")


# The server's own tables: not a forum's, so not in its backup ----------------------------


class Guard(Base):
    """How often a client or a forum tried something guessable or costly (a PIN, a join code,
    a link, a join): the rate limits and lockouts of `forum.guard`, kept in the store so that
    they survive a restart and hold across server processes."""

    __tablename__ = "guards"

    scope: Mapped[str] = mapped_column(String(20), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    tokens: Mapped[float | None] = mapped_column(Float)  # a rate limit's bucket
    failures: Mapped[int] = mapped_column(Integer, default=0)  # a lockout's wrong tries in a row
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class RetiredJoinCode(Base):
    """A join code a forum no longer has (replaced or deleted): never drawn again, so old cards
    and QR codes cannot come to admit people into another forum."""

    __tablename__ = "retired_join_codes"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    reason: Mapped[str] = mapped_column(String(10))  # "replaced" (leaked) or "deleted"
    retired_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# Tables that belong to no forum: left out of a forum's backup.
SERVER_TABLES = frozenset({Guard.__tablename__, RetiredJoinCode.__tablename__})
