"""The nasty strings asked of the facilitation assistant (its page, offline answers):
the question is cleaned like everything people type and shown literally, the answer
as text, and nothing breaks."""

from __future__ import annotations

from assistant.forum import inputs
from assistant.ui import chat_page, state
from tests.apptest import assert_literal, render_page
from tests.hostile.strings import BY_NAME, CASES

ASKED = [c for c in CASES if c.stored is not None and len(c.stored) <= inputs.QUESTION_MAX]


def ask(at, question: str):
    at.chat_input(key=state.CHAT_INPUT).set_value(question).run()
    assert not at.exception, at.exception
    return at


def test_questions_are_shown_as_typed_and_answered_without_breaking(make_app_forum):
    forum = make_app_forum(step="m2-root-problems")
    at = render_page(chat_page.render, f=forum.created.facilitator_token)
    for case in ASKED:
        ask(at, case.typed)
        assert_literal(at, case.stored)
        assert at.session_state[state.CHAT_HISTORY][-1].kind in ("answer", "error"), case.name


def test_a_question_loses_its_bidi_overrides_like_everything_people_type(make_app_forum):
    forum = make_app_forum(step="m2-root-problems")
    at = render_page(chat_page.render, f=forum.created.facilitator_token)
    case = BY_NAME["bidi-override"]
    ask(at, case.typed)
    assert_literal(at, case.stored)
    assert not [body for body in (h.proto.body for h in at.get("html")) if "\u202e" in body]


def test_a_question_over_the_limit_is_refused_with_the_limit_and_kept(make_app_forum):
    forum = make_app_forum(step="m2-root-problems")
    at = render_page(chat_page.render, f=forum.created.facilitator_token)
    ask(at, "ש" * (inputs.QUESTION_MAX + 1))
    assert [e for e in at.error if str(inputs.QUESTION_MAX) in e.value]
