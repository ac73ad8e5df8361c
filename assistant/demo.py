"""A realistic demo forum: participants from every sector, ideas in all four
meetings, and closed polls with ballots, built through the same commands the
pages use. Deterministic for a given seed."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from assistant import links
from assistant.errors import InvalidPollError
from assistant.forum.indicator_file import sample_indicators
from assistant.forum.vocabulary import IdeaKind, Sector, VotingMethod
from assistant.i18n import translate
from assistant.playbook.cards import step_card
from assistant.playbook.models import Playbook
from assistant.playbook.plan import forum_plan
from assistant.store import commands, queries
from assistant.store import teams as team_commands
from assistant.store.database import Store
from assistant.store.indicators import import_indicators, indicators, link_indicators

IDEAS: dict[IdeaKind, tuple[str, ...]] = {
    IdeaKind.IDEA: ("מרכז מדע קהילתי פתוח אחר הצהריים", "שיתוף פעולה עם התעשייה באזור", "תחרות רובוטיקה בין-יישובית",
                    "נתוני המיפוי מראים פערים בין השכונות", "מעט בנות בוחרות במגמות מדעיות"),
    IdeaKind.SKILL: ("חשיבה ביקורתית", "עבודת צוות", "יצירתיות", "פתרון בעיות", "אוריינות דיגיטלית", "תקשורת בין-אישית"),
    IdeaKind.PRINCIPLE: ("שקיפות בקבלת ההחלטות", "נגישות לכל הילדים, בכל השכונות", "שיתוף תושבים לאורך כל הדרך",
                         "רצף מהגן ועד התעסוקה", "החלטות על בסיס נתונים"),
    IdeaKind.CHALLENGE: ("נשירה של בני נוער מלימודי מדעים", "מחסור במורים למתמטיקה ולפיזיקה",
                         "אין תחבורה ציבורית למרכזי ההעשרה", "פערים בין שכונות בהישגים",
                         "מעט תוכניות בשפה הערבית", "חוסר תיאום בין הגורמים ביישוב"),
    IdeaKind.TASK: ("הקמת מרכז STEM יישובי", "תוכנית הכשרה למורים", "הסעות לחוגי העשרה", "מיפוי שנתי של הנתונים",
                    "פורום הורים מוביל"),
    IdeaKind.STRENGTH: ("קהילה מעורבת ומגויסת", "מכללה אזורית קרובה", "צוות חינוך מסור", "חברות הייטק באזור התעשייה"),
    IdeaKind.VISION: ("כל ילד ביישוב מגיע לבגרות מדעית", "היישוב מוביל חדשנות בגליל", "בני הנוער חוזרים לגור ולעבוד ביישוב"),
    IdeaKind.COMMITMENT: ("אלווה קבוצת תלמידים בפרויקט מחקר", "אגייס שתי חברות לחונכות", "אפתח את המעבדה שלנו בימי שישי",
                          "أتطوع لتنسيق مجموعة الأهالي"),
}
SECTOR_WEIGHTS = {Sector.MUNICIPALITY: 5, Sector.RESIDENTS: 6, Sector.NGO: 4, Sector.GOVERNMENT: 2,
                  Sector.BUSINESS: 2, Sector.PHILANTHROPY: 1, Sector.ACADEMIA: 1, Sector.EDUCATION: 4}


@dataclass(frozen=True)
class DemoForum:
    forum_id: int
    facilitator_url: str
    join_url: str
    manager_url: str

    def as_dict(self) -> dict:
        return {"forum_id": self.forum_id, "facilitator_url": self.facilitator_url, "join_url": self.join_url,
                "manager_url": self.manager_url}


def _choices(rng: random.Random, method: VotingMethod, params, option_ids: list[int]):
    if method is VotingMethod.DOTS:
        ballot: dict[int, int] = {}
        for _ in range(params.budget):
            oid = rng.choice(option_ids)
            if ballot.get(oid, 0) < params.cap:
                ballot[oid] = ballot.get(oid, 0) + 1
        return ballot
    if method is VotingMethod.RANKING:
        return rng.sample(option_ids, params.top_n)
    return {oid: {c: rng.randint(1, params.scale) for c in params.criteria} for oid in option_ids}


def _paper_votes(store: Store, forum_id: int, poll, params, rng: random.Random) -> None:
    voters = rng.randint(2, 4)
    dots: Counter[int] = Counter()
    for _ in range(voters):
        dots.update(_choices(rng, poll.method, params, [o.id for o in poll.options]))
    commands.record_paper_votes(store, forum_id, poll.id, voters, dict(dots))


# Where the demo asks the room which indicators worry it most: the situation picture's step.
WORRY_STEP = "m2-situation-report"
WORRY_TITLE = translate("indicators.worry_title", "he")  # as the console titles it
# Challenges the facilitator linked to the indicators that show them.
# Challenges, and an action arena (its focus area's problem cell in the work plan draws on
# them), linked to the indicators that show them.
DEMO_LINKS = {"פערים בין שכונות בהישגים": ("אשכול חברתי-כלכלי", "מדד הפריפריאליות"),
              "נשירה של בני נוער מלימודי מדעים": ("אקדמאים",),
              "הקמת מרכז STEM יישובי": ("השתתפות בתנועות נוער", "אקדמאים")}


def _link_challenges(store: Store, forum_id: int) -> None:
    with store.read() as session:
        by_name = {i.indicator.name: i.id for i in indicators(session, forum_id)}
        linkable = [*queries.ideas(session, forum_id, kind=IdeaKind.CHALLENGE),
                    *queries.ideas(session, forum_id, kind=IdeaKind.TASK, meeting=2)]
    for idea in linkable:
        if idea.text in DEMO_LINKS:
            link_indicators(store, forum_id, idea.id, [by_name[name] for name in DEMO_LINKS[idea.text]])


def _worry_vote(store: Store, forum_id: int, people, rng: random.Random) -> None:
    """The vote the console's data tab opens over the indicators (up to three, one dot each)."""
    found = sample_indicators()
    poll = commands.create_poll(store, forum_id, title=WORRY_TITLE, method=VotingMethod.DOTS,
                                labels=[i.name for i in found], params={"budget": 3, "cap": 1}, open_now=True)
    ids = [o.id for o in poll.options]
    weights = [1 + (3 if i.comparison is not None or i.age_stage else 0) for i in found]
    for person in people:
        if rng.random() < 0.85:
            picked = set()
            while len(picked) < 3:
                picked.add(rng.choices(ids, weights=weights)[0])
            commands.cast_ballot(store, forum_id, poll.id, person.id, dict.fromkeys(picked, 1))
    commands.close_poll(store, forum_id, poll.id)


# After the forum: two professional teams, each around one of the plan's focus areas, with
# targets drawn from the situation picture, control points and a first measurement.
DEMO_LEADS = ("מיכל אברהם, מנהלת מחלקת החינוך", "סאמר חוּרי, רכז הנוער")
DEMO_GUESTS = (("רונית כהן, מפקחת משרד החינוך", "government"), ("יוסי מזרחי, חברת אלפא-טק", "business"))
# (indicator, planned gain in a year); control points today, in half a year and in a year.
DEMO_TARGETS = (("השתתפות בתנועות נוער", 6.0), ("אקדמאים", 4.0), ("ילדים עד גיל 6 במסגרות מפוקחות", 8.0))
DEMO_POINTS = ((0, 0.25), (182, 0.5), (365, 1.0))
DEMO_INVESTMENTS = ((("stem", "secondary", 180_000, "מרכז STEM: ציוד והפעלה"),
                     ("stem", "elementary", 60_000, "חוגי העשרה")),
                    (("employment", "employment", 90_000, "חונכות בתעשייה"),
                     ("higher_education", "higher_education", 45_000, "מלגות")))


def _teams(store: Store, playbook: Playbook, fid: int, token: str, rng: random.Random, today: date,
           team_playbook: Playbook | None) -> None:
    from assistant.exports.reading import read_snapshot
    from assistant.reports.seed import seed_plan

    plan = seed_plan(read_snapshot(store, fid), playbook)  # the draft: the facilitator has not saved it
    with store.read() as session:
        people = queries.participants(session, fid)
        situation = {i.indicator.name: i.indicator for i in indicators(session, fid)}
    for number, area in enumerate(plan.focus_areas[:2]):
        created = team_commands.create_team(store, fid, area.title, token, idea_id=area.idea_id,
                                            lead_name=DEMO_LEADS[number])
        team = created.team
        if number == 0 and team_playbook is not None:
            _team_meeting(store, fid, team.id, created.token, team_playbook, rng)
        team_commands.update_team(store, fid, team.id, lead_name=DEMO_LEADS[number], plan_start=today)
        for person in rng.sample(people, min(9, len(people))):
            team_commands.add_member(store, fid, team.id, participant_id=person.id)
        name, sector = DEMO_GUESTS[number]
        team_commands.add_member(store, fid, team.id, name=name, sector=sector)
        for name, gain in DEMO_TARGETS[number::2]:
            found = situation.get(name)
            if found is None:
                continue
            target = team_commands.save_target(store, fid, team.id, name=name, unit=found.unit,
                                               baseline=found.value, baseline_year=found.year).target
            points = [team_commands.set_control_point(store, fid, team.id, target.id, due=today + timedelta(days=d),
                                                      planned=found.value + share * gain).point
                      for d, share in DEMO_POINTS]
            actual = found.value + rng.choice((0.2, 0.6, 1.0)) * (points[0].planned - found.value)
            team_commands.record_measurement(store, fid, team.id, points[0].id, round(actual, 1),
                                             measured_on=today, note="מדידה ראשונה")
        team_commands.save_investments(store, fid, team.id, [
            {"domain": d, "age_stage": a, "amount": amount, "note": note}
            for d, a, amount, note in DEMO_INVESTMENTS[number]])


DEMO_ROOT_PROBLEMS = ("אין הסעות לחוגים בשכונות הצפון", "מעט מדריכים שמלמדים מדעים",
                      "الأهالي لا يعرفون عن البرامج", "החוגים מתקיימים בשעות העבודה של ההורים")


def _team_meeting(store: Store, fid: int, team_id: int, lead_token: str, team_playbook: Playbook,
                  rng: random.Random) -> None:
    """The team's first meeting, held: members' phones send root problems and rank them."""
    meetings = team_commands.open_team_meetings(store, fid, team_id, lead_token, forum_plan(team_playbook)).forum
    members = [commands.join(store, join_code=meetings.join_code, language="ar" if n == 2 else "he",
                             sector=sector).participant
               for n, sector in enumerate(("municipality", "education", "ngo", "residents", "government"))]
    steps = {step.key: step for step in meetings.steps}
    commands.go_to_step(store, meetings.id, steps["t1-root-problems"].id)
    commands.open_collection(store, meetings.id, IdeaKind.CHALLENGE)
    for member, text in zip(members, DEMO_ROOT_PROBLEMS, strict=False):
        commands.add_idea(store, meetings.id, text, participant_id=member.id)
    commands.close_collection(store, meetings.id)
    vote = steps["t1-rank"]
    commands.go_to_step(store, meetings.id, vote.id)
    title = step_card(team_playbook, 1, vote.key, "he", meetings.domain).title
    poll = commands.open_step_poll(store, meetings.id, title=title, spec=vote.phone["poll"])
    for member in members:
        commands.cast_ballot(store, meetings.id, poll.id, member.id,
                             _choices(rng, poll.method, poll.params, [o.id for o in poll.options]))
    commands.close_poll(store, meetings.id, poll.id)
    commands.add_note(store, meetings.id, "לבקש ממשרד החינוך נתוני השתתפות לפי שכונה")
    commands.go_to_step(store, meetings.id, steps["t1-close"].id)


def create_demo(store: Store, playbook: Playbook, *, participants: int = 40, base_url: str,
                seed: int = 7, teams: bool = True, team_playbook: Playbook | None = None) -> DemoForum:
    """The forum at its fourth meeting; with `teams`, gone on into two professional teams, and
    with `team_playbook`, the first team's first meeting held (its root problems ranked)."""
    rng = random.Random(seed)
    paper_rng = random.Random(seed + 1)  # its own draws: the phones' ballots stay what they were
    today = date.today()  # the demo stands at meeting 4, held today, the others a week apart
    created = commands.create_forum(store, title="פורום העיצוב: STEM ומיומנויות המאה ה-21", locality="בית הכרם",
                                    domain="stem", language="he", plan=forum_plan(playbook),
                                    meeting_dates={n: today - timedelta(weeks=4 - n) for n in range(1, 5)})
    fid = created.forum.id
    import_indicators(store, fid, sample_indicators())  # the situation picture of meeting 2
    sectors = list(SECTOR_WEIGHTS)
    people = [commands.join(store, join_code=created.forum.join_code, language="ar" if n % 5 == 0 else "he",
                            sector=rng.choices(sectors, weights=list(SECTOR_WEIGHTS.values()))[0],
                            display_name=None if n % 3 else f"משתתף/ת {n + 1}").participant
              for n in range(participants)]
    for step in created.forum.steps:
        commands.go_to_step(store, fid, step.id)
        if step.key == WORRY_STEP:
            _worry_vote(store, fid, people, rng)
        action = step.phone.get("action")
        if action == "collect":
            kind = IdeaKind(step.phone["kind"])
            commands.open_collection(store, fid, kind)
            for text in IDEAS[kind]:
                commands.add_idea(store, fid, text, participant_id=rng.choice(people).id)
            commands.close_collection(store, fid)
        elif action == "vote":
            title = step_card(playbook, step.meeting_number, step.key, "he", created.forum.domain).title
            try:
                poll = commands.open_step_poll(store, fid, title=title, spec=step.phone["poll"])
            except InvalidPollError as exc:
                if exc.params.get("reason") != "options<2":
                    raise
                continue  # fewer than two ideas of its kind: nothing to vote on
            params = poll.params
            for person in people:
                if rng.random() < 0.9:
                    commands.cast_ballot(store, fid, poll.id, person.id,
                                         _choices(rng, poll.method, params, [o.id for o in poll.options]))
            if poll.method is VotingMethod.DOTS:  # a few without phones voted with stickers
                _paper_votes(store, fid, poll, params, paper_rng)
            commands.close_poll(store, fid, poll.id)
    _link_challenges(store, fid)
    for number in (1, 2, 3):  # counted in the room; meeting 4, today, not yet
        by_sector = Counter(p.sector.value for p in people if rng.random() < 0.85)
        commands.record_attendance(store, fid, number, sum(by_sector.values()) + rng.randint(2, 8), by_sector)
    commands.go_to_meeting(store, fid, 4)
    if teams:
        _teams(store, playbook, fid, created.facilitator_token, rng, today, team_playbook)
    return DemoForum(forum_id=fid,
                     facilitator_url=links.facilitator_url(base_url, created.facilitator_token),
                     join_url=links.join_url(base_url, created.forum.join_code),
                     manager_url=links.manager_url(base_url, created.manager_token))
