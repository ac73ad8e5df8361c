"""Every text field's command with every nasty string: stored exactly as typed (modulo the
documented cleaning), or refused with a message that names the limit, and nothing else lost."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from assistant.errors import InvalidInputError, JoinCodeError, WrongPinError
from assistant.forum import inputs
from assistant.store import commands, queries
from assistant.store import schema as s
from tests.hostile.strings import CASES, Nasty


def attempt(case: Nasty, limit: int, action, read_back, *, required: bool = True) -> None:
    """Run `action(case.typed)`; the field ends up as `case.stored` or is refused as the limit says."""
    expected = case.outcome(limit, required=required)
    if expected == "stored":
        action(case.typed)
        assert read_back() == case.stored, case.name
        return
    with pytest.raises(InvalidInputError) as refused:
        action(case.typed)
    assert refused.value.params["reason"] == expected, case.name
    if expected == "too_long":
        for language in ("he", "ar", "en"):
            message = refused.value.message(language)
            assert str(limit) in message and str(len(case.stored)) in message, (case.name, message)


def idea_text(store, forum_id: int, idea_id: int) -> str:
    with store.read() as session:
        return queries.get_idea(session, forum_id, idea_id).text


def counts(store) -> dict[str, int]:
    with store.read() as session:
        return {table.__tablename__: session.scalar(select(func.count()).select_from(table))
                for table in (s.Forum, s.Participant, s.Idea, s.Poll, s.Ballot)}


def test_ideas_sent_from_a_phone(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    commands.open_collection(store, fid, "challenge")
    person = commands.join(store, join_code=created.forum.join_code, sector="ngo", language="he").participant
    kept = commands.add_idea(store, fid, "רעיון שכבר נשמר", participant_id=person.id).idea
    for case in CASES:  # each from a phone of its own: one phone may send only IDEAS_PER_STEP
        sender = commands.join(store, join_code=created.forum.join_code, sector="ngo", language="he").participant
        before = counts(store)
        added = []
        attempt(case, inputs.IDEA_MAX,
                lambda text, added=added, sender=sender: added.append(
                    commands.add_idea(store, fid, text, participant_id=sender.id).idea),
                lambda added=added: idea_text(store, fid, added[-1].id) if added else None)
        assert counts(store)["ideas"] == before["ideas"] + len(added), case.name
    with store.read() as session:
        assert queries.get_idea(session, fid, kept.id).text == "רעיון שכבר נשמר"
    assert counts(store)["forums"] == 1  # the SQL-looking texts were only text


def test_ideas_edited_by_the_facilitator(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    idea = commands.add_idea(store, fid, "נוסח ראשון", kind="idea").idea
    for case in CASES:
        with store.read() as session:
            before = queries.get_idea(session, fid, idea.id).text
        attempt(case, inputs.IDEA_MAX, lambda text: commands.edit_idea(store, fid, idea.id, text),
                lambda: idea_text(store, fid, idea.id))
        if case.outcome(inputs.IDEA_MAX) != "stored":  # a refused edit keeps the previous wording
            assert idea_text(store, fid, idea.id) == before, case.name


def test_display_names(make_forum):
    store, created = make_forum()
    joined = []
    for case in CASES:
        attempt(case, inputs.NAME_MAX,
                lambda text: joined.append(commands.join(store, join_code=created.forum.join_code,
                                                         sector="ngo", language="he", display_name=text)),
                lambda: _name(store, created.forum.id, joined[-1].participant.id), required=False)


def _name(store, forum_id: int, participant_id: int) -> str | None:
    with store.read() as session:
        return queries.get_participant(session, forum_id, participant_id).display_name


@pytest.mark.parametrize("field", ["title", "locality"])
def test_forum_title_and_locality(make_forum, make_store, field):
    store = make_store()
    made = []
    for case in CASES:
        values = {"title": "פורום", "locality": "יישוב", field: case.typed}

        def create(_text, values=values):
            made.append(make_forum(store, **values)[1].forum)

        def read_back():
            with store.read() as session:
                return getattr(queries.get_forum(session, made[-1].id), field)

        attempt(case, inputs.TITLE_MAX, create, read_back)


def test_pins_unlock_with_what_was_typed(make_forum, make_store):
    """A PIN gets the same cleaning when it is set and when it is typed to unlock: typing it
    again exactly as before (bidi marks, spaces around it and all) unlocks; anything else does not."""
    store = make_store()
    for case in CASES:
        if case.outcome(inputs.PIN_MAX, required=False) == "too_long":
            with pytest.raises(InvalidInputError) as refused:
                make_forum(store, pin=case.typed)
            assert refused.value.params["reason"] == "too_long", case.name
            continue
        _, created = make_forum(store, pin=case.typed)
        fid = created.forum.id
        assert created.forum.has_pin is (case.stored is not None), case.name
        commands.check_pin(store, fid, case.typed)
        if case.stored is not None:
            with pytest.raises(WrongPinError):
                commands.check_pin(store, fid, case.stored + "0")
        commands.set_pin(store, fid, case.typed)
        commands.check_pin(store, fid, case.typed)


def test_poll_titles_and_option_labels(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    polls = []
    for case in CASES:
        attempt(case, inputs.TITLE_MAX,
                lambda text: polls.append(commands.create_poll(store, fid, title=text, method="dots",
                                                               labels=["א", "ב"])),
                lambda: polls[-1].title)
        attempt(case, inputs.IDEA_MAX,
                lambda text: polls.append(commands.create_poll(store, fid, title="סקר", method="dots",
                                                               labels=[text, "ב"])),
                lambda: polls[-1].options[0].label)


def test_join_codes_never_join_and_store_nothing(make_forum):
    store, _created = make_forum()
    before = counts(store)
    for case in CASES:
        with pytest.raises(JoinCodeError):
            commands.join(store, join_code=case.typed, sector="ngo", language="he")
    assert counts(store) == before


def test_a_join_code_pasted_from_a_chat_app_still_joins(make_forum):
    """WhatsApp and friends wrap Latin text in RTL messages with direction marks; people add
    spaces and dashes, or type in lower case."""
    store, created = make_forum()
    code = created.forum.join_code
    for pasted in (f"\u200f{code}\u200e", f"\u202b{code}\u202c", f" {code[:3]}-{code[3:]} ", code.lower(),
                   f"\u200b{code}\ufeff", f"\u00a0{code}\u2009"):
        joined = commands.join(store, join_code=pasted, sector="ngo", language="he")
        assert joined.participant.forum_id == created.forum.id, repr(pasted)
