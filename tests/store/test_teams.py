"""The teams' commands: each change checked against its forum and team, with explicit outcomes."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from assistant.errors import AccessDeniedError, InvalidInputError, NotFoundError, OtherTeamError
from assistant.forum.access import Role
from assistant.forum.teams import TargetStatus
from assistant.store import backup, commands, schema
from assistant.store import teams as t


def _forum_with_teams(make_forum):
    store, created = make_forum()
    token = created.facilitator_token
    first = t.create_team(store, created.forum.id, "מסגרות בלתי פורמליות", token, lead_name="דנה לוי")
    second = t.create_team(store, created.forum.id, "תעסוקת צעירים", token)
    return store, created, first, second


def test_a_lead_s_link_opens_its_own_team_and_no_other(make_forum):
    store, created, first, second = _forum_with_teams(make_forum)
    who = commands.authenticate(store, first.token)
    assert (who.role, who.forum_id, who.team_id) == (Role.TEAM_LEAD, created.forum.id, first.team.id)
    t.check_team_access(who, first.team.id)
    with pytest.raises(OtherTeamError) as caught:
        t.check_team_access(who, second.team.id)
    assert "צוות אחר" in caught.value.message("he")
    manager = commands.authenticate(store, created.manager_token)
    with pytest.raises(AccessDeniedError):
        t.check_team_access(manager, first.team.id)
    t.check_team_access(commands.authenticate(store, created.facilitator_token), second.team.id)


def test_a_team_is_not_made_twice_and_its_link_can_be_shown_again(make_forum):
    store, created, first, _ = _forum_with_teams(make_forum)
    again = t.create_team(store, created.forum.id, "מסגרות בלתי פורמליות", created.facilitator_token)
    assert again.outcome is t.Outcome.KEPT and again.token == first.token
    assert [team.name for team in t_teams(store, created.forum.id)] == ["מסגרות בלתי פורמליות", "תעסוקת צעירים"]


def t_teams(store, forum_id):
    with store.read() as session:
        return t.teams(session, forum_id)


def test_a_leaked_team_link_is_replaced_alone_and_a_new_facilitator_link_replaces_all(make_forum):
    store, created, first, second = _forum_with_teams(make_forum)
    replaced = t.replace_team_link(store, created.forum.id, first.team.id, created.facilitator_token)
    with pytest.raises(AccessDeniedError):
        commands.authenticate(store, first.token)
    assert commands.authenticate(store, replaced.token).team_id == first.team.id
    assert commands.authenticate(store, second.token).team_id == second.team.id
    links = commands.reissue_links(store, created.forum.id)
    for old in (replaced.token, second.token):
        with pytest.raises(AccessDeniedError):
            commands.authenticate(store, old)
    from assistant.forum.access import team_token_for

    fresh = team_token_for(links.facilitator_token, second.team.id, 1)
    assert commands.authenticate(store, fresh).team_id == second.team.id


def test_members_from_the_forum_and_by_name_with_the_names_erased(make_forum):
    store, created, first, _ = _forum_with_teams(make_forum)
    joined = commands.join(store, join_code=created.forum.join_code, sector="ngo", language="ar",
                           display_name="סמיר")
    forum_id, team_id = created.forum.id, first.team.id
    added = t.add_member(store, forum_id, team_id, participant_id=joined.participant.id)
    assert (added.member.name, added.member.sector, added.outcome) == ("סמיר", "ngo", t.Outcome.ADDED)
    assert t.add_member(store, forum_id, team_id, participant_id=joined.participant.id).outcome is t.Outcome.KEPT
    by_name = t.add_member(store, forum_id, team_id, name="רונית, רכזת נוער", sector="municipality")
    assert by_name.member.participant_id is None
    with pytest.raises(InvalidInputError) as caught:
        t.add_member(store, forum_id, team_id, name="x", sector="aliens")
    assert caught.value.params["field"] == "member_sector"
    with pytest.raises(InvalidInputError):
        t.add_member(store, forum_id, team_id, name="  ", sector="ngo")
    erased = commands.erase_names(store, forum_id)
    assert erased.count == 2
    members = t_teams(store, forum_id)[0].members
    assert [(m.name, m.sector) for m in members] == [(None, "ngo"), (None, "municipality")]
    assert t_teams(store, forum_id)[0].lead_name == "דנה לוי"
    t.remove_member(store, forum_id, team_id, by_name.member.id)
    assert len(t_teams(store, forum_id)[0].members) == 1


def test_a_target_s_plan_and_its_measurements(make_forum):
    store, created, first, second = _forum_with_teams(make_forum)
    forum_id, team_id = created.forum.id, first.team.id
    t.update_team(store, forum_id, team_id, lead_name="דנה לוי", plan_start=date(2027, 1, 1))
    target = t.save_target(store, forum_id, team_id, name="השתתפות בתנועות נוער", unit="%", baseline="17%",
                           baseline_year=2021).target
    with pytest.raises(InvalidInputError) as caught:
        t.set_control_point(store, forum_id, team_id, target.id, due=date(2026, 12, 1), planned="20")
    assert caught.value.params["reason"] == "before_plan"
    june = t.set_control_point(store, forum_id, team_id, target.id, due=date(2027, 6, 30), planned="21%").point
    t.set_control_point(store, forum_id, team_id, target.id, due=date(2028, 6, 30), planned=25)
    for typed, reason in (("עשרים", "number"), ("20 ילדים", "unit")):
        with pytest.raises(InvalidInputError) as caught:
            t.record_measurement(store, forum_id, team_id, june.id, typed)
        assert caught.value.params["reason"] == reason
    recorded = t.record_measurement(store, forum_id, team_id, june.id, "19.5%", measured_on=date(2027, 7, 2),
                                    note="נתוני משרד החינוך")
    assert recorded.point.actual == 19.5
    assert recorded.target.status(date(2027, 8, 1)) is TargetStatus.AT_RISK  # 2.5 of 4 points
    # a start after a control point is refused, the plan kept
    with pytest.raises(InvalidInputError):
        t.update_team(store, forum_id, team_id, lead_name="דנה לוי", plan_start=date(2027, 9, 1))
    # another team's control point is not this team's
    with pytest.raises(NotFoundError):
        t.record_measurement(store, forum_id, second.team.id, june.id, "20")
    with pytest.raises(NotFoundError):
        t.save_target(store, forum_id + 1, team_id, name="x", unit="", baseline=1)


def test_the_investment_map_is_replaced_whole_and_bad_lines_refused(make_forum):
    store, created, first, _ = _forum_with_teams(make_forum)
    forum_id, team_id = created.forum.id, first.team.id
    saved = t.save_investments(store, forum_id, team_id, [
        {"domain": "youth", "age_stage": "secondary", "amount": "120,000", "note": "מדריכים"},
        {"domain": None, "age_stage": None, "amount": ""},
        {"domain": "employment", "age_stage": "employment", "amount": 80000}])
    assert [i.amount for i in saved.investments] == [120000.0, 80000.0]
    with pytest.raises(InvalidInputError) as caught:
        t.save_investments(store, forum_id, team_id, [{"amount": "הרבה"}])
    assert caught.value.params["line"] == 1
    assert t_teams(store, forum_id)[0].budget == 200000.0


def test_teams_go_into_the_backup_and_come_back_with_new_links(make_forum):
    store, created, first, _ = _forum_with_teams(make_forum)
    forum_id, team_id = created.forum.id, first.team.id
    t.update_team(store, forum_id, team_id, lead_name="דנה", plan_start=date(2027, 1, 1))
    target = t.save_target(store, forum_id, team_id, name="יעד", unit="%", baseline=10).target
    point = t.set_control_point(store, forum_id, team_id, target.id, due=date(2027, 6, 1), planned=12).point
    t.record_measurement(store, forum_id, team_id, point.id, 11)
    t.add_member(store, forum_id, team_id, name="רונית", sector="ngo")
    t.save_investments(store, forum_id, team_id, [{"domain": "youth", "age_stage": "secondary", "amount": 5}])
    document = backup.parse_backup(backup.backup_bytes(store, forum_id))
    assert "lead_digest" not in document["tables"]["teams"][0]
    restored = backup.restore_forum(store, document)
    copy = t_teams(store, restored.forum.id)
    assert [(x.name, x.lead_name, x.plan_start) for x in copy] == [
        (x.name, x.lead_name, x.plan_start) for x in t_teams(store, forum_id)]
    assert copy[0].targets[0].points[0].actual == 11 and copy[0].budget == 5
    assert copy[0].members[0].name == "רונית"
    from assistant.forum.access import team_token_for

    who = commands.authenticate(store, team_token_for(restored.facilitator_token, copy[0].id, 1))
    assert (who.forum_id, who.team_id) == (restored.forum.id, copy[0].id)
    # a control point before its team's plan starts is a bad document
    document["tables"]["control_points"][0]["due"] = "2026-01-01"
    with pytest.raises(Exception) as caught:
        backup.restore_forum(store, document)
    assert "control_points" in str(caught.value.params)


def test_an_older_backup_without_teams_restores(make_forum):
    store, created, *_ = _forum_with_teams(make_forum)
    document = backup.parse_backup(backup.backup_bytes(store, created.forum.id))
    for name in ("teams", "team_members", "team_targets", "control_points", "investments"):
        del document["tables"][name]
    restored = backup.restore_forum(store, document)
    assert t_teams(store, restored.forum.id) == []
    with store.read() as session:
        assert session.scalars(select(schema.TeamRow).where(schema.TeamRow.forum_id == restored.forum.id)).all() == []


def test_a_team_saves_its_own_focus_area_and_leaves_the_others(make_forum):
    from assistant.errors import WorkPlanConflictError
    from assistant.forum.work_plan import FocusArea
    from assistant.store.work_plan import save_team_area, work_plan

    store, created, first, second = _forum_with_teams(make_forum)
    forum_id = created.forum.id
    draft = (FocusArea(title="תעסוקת צעירים", logic={"problem": "אבטלה"}),
             FocusArea(title="מסגרות בלתי פורמליות", operational=({"goal": "יותר חוגים"},)))
    mine = FocusArea(title="שם אחר", logic={"outcomes": "40% יותר משתתפים"}, timeline=({"action": "סקר"},))
    saved = save_team_area(store, forum_id, first.team.id, mine, draft)
    areas = saved.plan.focus_areas
    assert [a.title for a in areas] == ["תעסוקת צעירים", "מסגרות בלתי פורמליות"]  # its title stays the team's
    assert areas[0] == draft[0]
    assert areas[1].logic["outcomes"] == "40% יותר משתתפים" and areas[1].timeline[0]["action"] == "סקר"
    assert areas[1].operational == ()  # as the team wrote it
    with pytest.raises(WorkPlanConflictError):  # someone saved since this draft was read
        save_team_area(store, forum_id, second.team.id, mine, draft, expected_revision=0)
    with pytest.raises(NotFoundError):
        save_team_area(store, forum_id + 1, first.team.id, mine, draft)
    with store.read() as session:
        assert work_plan(session, forum_id).revision == 1


def test_a_team_s_own_meetings_are_a_forum_its_lead_runs(make_forum):
    from pathlib import Path

    from assistant.forum.access import meetings_token_for
    from assistant.playbook.loader import load_team_playbook
    from assistant.playbook.plan import forum_plan

    plan = forum_plan(load_team_playbook(Path(__file__).resolve().parents[2] / "prompts"))
    store, created, first, second = _forum_with_teams(make_forum)
    forum_id = created.forum.id
    with pytest.raises(AccessDeniedError):  # only the team's own lead link draws its meetings' link
        t.open_team_meetings(store, forum_id, first.team.id, second.token, plan)
    opened = t.open_team_meetings(store, forum_id, first.team.id, first.token, plan)
    meetings = opened.forum
    assert meetings.kind == "team" and meetings.title == first.team.name and meetings.id != forum_id
    assert meetings.current_step.key == "t1-opening" and meetings.join_code != created.forum.join_code
    assert opened.token == meetings_token_for(first.token)
    who = commands.authenticate(store, opened.token)
    assert (who.role, who.forum_id) == (Role.FACILITATOR, meetings.id)
    assert t.open_team_meetings(store, forum_id, first.team.id, first.token, plan).outcome is t.Outcome.KEPT
    assert t_teams(store, forum_id)[0].meetings_forum_id == meetings.id
    # members join the meetings from their phones, as in the forum
    joined = commands.join(store, join_code=meetings.join_code, sector="ngo", language="ar")
    assert commands.authenticate(store, joined.token).forum_id == meetings.id
    # a replaced lead link replaces its meetings' link; a new facilitator link replaces both
    replaced = t.replace_team_link(store, forum_id, first.team.id, created.facilitator_token)
    with pytest.raises(AccessDeniedError):
        commands.authenticate(store, opened.token)
    assert commands.authenticate(store, meetings_token_for(replaced.token)).forum_id == meetings.id
    links = commands.reissue_links(store, forum_id)
    new_lead = dict(links.team_tokens)[first.team.name]
    assert commands.authenticate(store, meetings_token_for(new_lead)).forum_id == meetings.id
    # the team removed, its meetings go with it; the forum deleted, its teams' meetings too
    t.remove_team(store, forum_id, first.team.id)
    with store.read() as session:
        assert session.get(schema.Forum, meetings.id) is None
    other = t.open_team_meetings(store, forum_id, second.team.id, dict(links.team_tokens)[second.team.name], plan)
    commands.delete_forum(store, forum_id, created.forum.join_code)
    with store.read() as session:
        assert session.get(schema.Forum, other.forum.id) is None


def test_a_progress_report_starts_where_the_report_before_today_s_did(make_forum):
    from assistant.exports.reading import read_snapshot

    store, created, *_ = _forum_with_teams(make_forum)
    forum_id = created.forum.id
    assert read_snapshot(store, forum_id).reported_since is None  # the first: from the plan's start
    assert t.progress_reported(store, forum_id, date(2027, 3, 1)).since is None
    assert t.progress_reported(store, forum_id, date(2027, 3, 1)).since is None  # again the same day
    assert t.progress_reported(store, forum_id, date(2027, 9, 1)).since == date(2027, 3, 1)
    assert t.progress_reported(store, forum_id, date(2027, 9, 1)).since == date(2027, 3, 1)
    assert t.progress_reported(store, forum_id, date(2028, 3, 1)).since == date(2027, 9, 1)


def test_a_join_code_taken_meanwhile_is_drawn_again_for_a_forum_and_a_team_s_meetings(make_forum, monkeypatch):
    from pathlib import Path

    from assistant.playbook.loader import load_team_playbook
    from assistant.playbook.plan import forum_plan
    from assistant.store import forum_rows

    store, created, first, _ = _forum_with_teams(make_forum)
    real = forum_rows.q.free_join_code
    draws = []

    def taken_first(session):  # another forum took the code between the draw and the write
        draws.append(1)
        return created.forum.join_code if len(draws) == 1 else real(session)

    monkeypatch.setattr(forum_rows.q, "free_join_code", taken_first)
    plan = forum_plan(load_team_playbook(Path(__file__).resolve().parents[2] / "prompts"))
    meetings = t.open_team_meetings(store, created.forum.id, first.team.id, first.token, plan).forum
    assert len(draws) == 2 and meetings.join_code != created.forum.join_code
    draws.clear()
    other = commands.create_forum(store, title="פורום", locality="עכו", domain="stem", language="he",
                                  plan=forum_plan(load_team_playbook(Path(__file__).resolve().parents[2] / "prompts")))
    assert len(draws) == 2 and other.forum.join_code not in (created.forum.join_code, meetings.join_code)


def test_the_public_s_worst_in_a_team_s_names_and_notes(make_forum):
    store, created, first, _ = _forum_with_teams(make_forum)
    forum_id, team_id = created.forum.id, first.team.id
    for call in (lambda: t.create_team(store, forum_id, "א" * 10_000, created.facilitator_token),
                 lambda: t.add_member(store, forum_id, team_id, name="ب" * 10_000, sector="ngo"),
                 lambda: t.save_target(store, forum_id, team_id, name="x" * 10_000, unit="%", baseline=1)):
        with pytest.raises(InvalidInputError) as caught:
            call()
        assert caught.value.params["reason"] == "too_long"
    added = t.add_member(store, forum_id, team_id, name="\u202eרונית\u202c\ufffe $$ <b>", sector="ngo").member
    assert "\u202e" not in added.name and "\ufffe" not in added.name and "$$ <b>" in added.name  # kept as text
