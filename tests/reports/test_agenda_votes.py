"""Every vote held appears in the shared agenda where its step's outputs are, and each of the
agenda's statements about voting agrees with the data. Seen before: a step whose ideas had
been voted on three times was said to be "not put to a vote"."""

from __future__ import annotations

import random

from assistant.exports.reading import read_snapshot
from assistant.forum.vocabulary import IdeaKind
from assistant.i18n import translate
from assistant.reports.agenda import shared_agenda
from assistant.reports.document import Heading, Paragraph, Table
from assistant.store import commands, queries
from tests.reports.texts import all_text as document_text

NOT_VOTED = translate("report.not_voted", "he")


def _step(created, key: str):
    return next(s for s in created.forum.steps if s.key == key)


def _vote(store, fid, created, step_key: str, kind: str, title: str, method: str, people, rng, *,
          ideas: list[str] | None = None, labels: list[str] | None = None):
    """Ideas of `kind` gathered at `step_key`, then a vote on them there, with every person's ballot."""
    commands.go_to_step(store, fid, _step(created, step_key).id)
    ids = []
    if ideas:
        commands.open_collection(store, fid, kind)
        ids = [commands.add_idea(store, fid, text, participant_id=people[n % len(people)]).idea.id
               for n, text in enumerate(ideas)]
        commands.close_collection(store, fid)
    poll = commands.create_poll(store, fid, title=title, method=method, idea_ids=ids, labels=labels or (),
                                open_now=True, params={"top_n": 2} if method == "ranking" else None)
    options = [o.id for o in poll.options]
    for person in people:
        if method == "dots":
            choice = {rng.choice(options): 2}
        elif method == "ranking":
            choice = rng.sample(options, 2)
        else:
            choice = {o: {"impact": rng.randint(1, 5), "feasibility": rng.randint(1, 5)} for o in options}
        commands.cast_ballot(store, fid, poll.id, person, choice)
    commands.close_poll(store, fid, poll.id)
    return poll


def test_every_vote_held_is_in_the_agenda_and_no_voted_section_says_otherwise(new_forum, playbook):
    store, created = new_forum()
    fid = created.forum.id
    rng = random.Random(11)
    people = [commands.join(store, join_code=created.forum.join_code, sector=s, language="he").participant.id
              for s in ("residents", "ngo", "municipality", "education")]
    polls = [
        # Meeting 1: principles voted at their own vote step, and again at the step that gathers them;
        # skills voted at the step that gathers them (not ranked in the playbook).
        _vote(store, fid, created, "m1-principles", "principle", "עקרונות: סבב ראשון", "dots", people, rng,
              ideas=["שקיפות", "שותפות", "התאמה לקהילה"]),
        _vote(store, fid, created, "m1-principles-vote", "principle", "עקרונות: סבב שני", "ranking", people, rng,
              ideas=["למידה מתמשכת", "אחריות משותפת"]),
        _vote(store, fid, created, "m1-skills", "skill", "מיומנויות מובילות", "dots", people, rng,
              ideas=["חשיבה ביקורתית", "עבודת צוות"]),
        # Meeting 2: challenges ranked, and a vote over typed options at the opening (no output there).
        _vote(store, fid, created, "m2-rank", "challenge", "דירוג האתגרים", "ranking", people, rng,
              ideas=["נשירה מלימודי מדעים", "מחסור במורים", "אין תחבורה לחוגים"]),
        _vote(store, fid, created, "m2-opening", "idea", "איך הגעתם היום?", "dots", people, rng,
              labels=["ברגל", "באוטובוס", "ברכב"]),
        # Meeting 3: the vision voted; meeting 4: tasks rated.
        _vote(store, fid, created, "m3-vision-vote", "vision", "תמונת העתיד", "dots", people, rng,
              ideas=["יישוב של סקרנות", "כל ילד מגיע לאוניברסיטה"]),
        _vote(store, fid, created, "m4-task-rating", "task", "דירוג המשימות", "rating", people, rng,
              ideas=["מרכז STEM יישובי", "תוכנית הכשרה למורים"]),
    ]
    commands.go_to_step(store, fid, _step(created, "m3-strengths").id)
    commands.open_collection(store, fid, "strength")
    commands.add_idea(store, fid, "קהילה מעורבת", participant_id=people[0])  # gathered, never voted on
    snapshot = read_snapshot(store, fid)
    document = shared_agenda(snapshot, playbook)
    text = document_text(document)

    for poll in polls:  # every vote held, by its title, with its voters
        assert poll.title in text, poll.title
    # Each output section: "not put to a vote" exactly when no vote was held on its items.
    sections = _sections(document)
    with store.read() as session:
        voted_kinds = {(p.meeting_number, IdeaKind(queries.get_idea(session, fid, p.options[0].idea_id).kind))
                       for p in polls if p.options[0].idea_id is not None}
    for title, blocks in sections.items():
        said_not_voted = any(isinstance(b, Paragraph) and NOT_VOTED in b.text for b in blocks)
        results = [b for b in blocks if isinstance(b, Table) and translate("results.rank", "he") in b.columns]
        if said_not_voted:
            assert not results, title  # no results table beside a claim that nothing was voted
    assert (1, IdeaKind.PRINCIPLE) in voted_kinds and (1, IdeaKind.SKILL) in voted_kinds
    principles = sections[translate_output(playbook, "local_principles")]
    assert not any(NOT_VOTED in getattr(b, "text", "") for b in principles)
    assert any("עקרונות: סבב ראשון" in getattr(b, "text", "") for b in principles)  # the other round is named
    skills = sections[translate_output(playbook, "leading_skills")]
    assert any(isinstance(b, Table) for b in skills) and not any(NOT_VOTED in getattr(b, "text", "") for b in skills)
    assert "איך הגעתם היום?" in text and translate("agenda.other_votes", "he") in text
    strengths = sections[translate_output(playbook, "strengths")]
    rank = translate("results.rank", "he")
    assert not any(isinstance(b, Table) and rank in b.columns for b in strengths)  # gathered, not voted: a list


def translate_output(playbook, key: str) -> str:
    for meeting in playbook.meetings:
        for output in meeting.outputs:
            if output.key == key:
                return output.title.render("he", playbook.domains["youth"].get("he"))
    raise KeyError(key)


def _sections(document) -> dict[str, list]:
    """The blocks under each second-level heading."""
    found: dict[str, list] = {}
    current = None
    for block in document.blocks:
        if isinstance(block, Heading) and block.level <= 2:
            current = block.text if block.level == 2 else None
            if current:
                found[current] = []
        elif current:
            found[current].append(block)
    return found
