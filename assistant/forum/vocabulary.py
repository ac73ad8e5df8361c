"""Closed vocabularies shared by the playbook, the store, the tallies and the reports.

Values are stable identifiers (stored in the database and in playbook files);
user-facing labels come from the translation catalog under `<vocabulary>.<value>`.
"""

from __future__ import annotations

from enum import StrEnum


class MobilityDomain(StrEnum):
    STEM = "stem"
    EARLY_CHILDHOOD = "early_childhood"
    INFORMAL_EDUCATION = "informal_education"
    YOUTH = "youth"
    HIGHER_EDUCATION = "higher_education"
    EMPLOYMENT = "employment"


class Sector(StrEnum):
    MUNICIPALITY = "municipality"
    RESIDENTS = "residents"
    NGO = "ngo"
    GOVERNMENT = "government"
    BUSINESS = "business"
    PHILANTHROPY = "philanthropy"
    ACADEMIA = "academia"
    EDUCATION = "education"
    OTHER = "other"


class IdeaKind(StrEnum):
    IDEA = "idea"
    CHALLENGE = "challenge"
    STRENGTH = "strength"
    PRINCIPLE = "principle"
    VISION = "vision"
    TASK = "task"
    COMMITMENT = "commitment"
    SKILL = "skill"


class IdeaStatus(StrEnum):
    VISIBLE = "visible"
    HIDDEN = "hidden"
    MERGED = "merged"
    WITHDRAWN = "withdrawn"  # by its author, from their phone


class VotingMethod(StrEnum):
    DOTS = "dots"  # a budget of N dots, at most `cap` on one option
    RANKING = "ranking"  # rank the top N; Borda score N, N-1, ..., 1
    RATING = "rating"  # 1-5 on each criterion (e.g. impact, feasibility)


class PollStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


MEETING_NUMBERS = (1, 2, 3, 4)
