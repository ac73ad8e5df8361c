"""What a phone sends and how it reads its page (no server)."""

from __future__ import annotations

import pytest
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.NumberInput_pb2 import NumberInput

from assistant.forum.inputs import IDEA_MAX
from assistant.loadtest import phone
from assistant.loadtest.page import PageModel
from tests.loadtest.test_page import alert, element, feed, finish, start, wid


def test_personas_are_deterministic_and_every_idea_is_distinct():
    people = [phone.persona(n) for n in range(200)]
    assert people == [phone.persona(n) for n in range(200)]
    texts = [t for p in people for t in p.ideas]
    assert len(texts) == len(set(texts)) == 600
    assert all(0 < len(t) <= IDEA_MAX for t in texts)
    assert {p.language for p in people} == {"he", "ar"}
    assert {p.sector for p in people} == set(phone.SECTORS)
    assert len(phone.persona(3, ideas=5).ideas) == 5


def test_token_comes_from_the_participant_link():
    assert phone.token_of("p=abc_DEF-123") == "abc_DEF-123"
    assert phone.token_of("join=AB12CD") == ""
    assert phone.token_of("") == ""


def ballot_page(poll_id: int = 7, options=(31, 32, 33)) -> PageModel:
    msgs = [start()]
    for n, oid in enumerate(options):
        msgs.append(element((0, 2 + n), "number_input", id=wid(f"phone.ballot.{poll_id}.{oid}"),
                            data_type=NumberInput.INT, default=0))
    msgs += [element((0, 9), "button", id=wid(f"phone.ballot.{poll_id}.send"), label="שליחה"), finish()]
    return feed(PageModel(), *msgs)


def test_the_ballot_screen_is_recognised_with_its_options():
    found = phone.ballot_screen(ballot_page())
    assert found is not None
    poll_id, send, inputs = found
    assert poll_id == 7 and send.key == "phone.ballot.7.send"
    assert [phone.option_of(w) for w in inputs] == [31, 32, 33]
    idea_page = feed(PageModel(), start(), element((0, 1), "text_area", id=wid("phone.idea_text")), finish())
    assert phone.ballot_screen(idea_page) is None
    running = feed(ballot_page(), start())
    assert phone.ballot_screen(running) is None  # not until the run that draws it has finished


def test_a_pick_lists_ticks_are_the_ballots_inputs():
    msgs = [start()]
    for n, oid in enumerate((41, 42, 43, 44)):
        msgs.append(element((0, 2 + n), "checkbox", id=wid(f"phone.ballot.9.{oid}"), label=f"מדד {n}"))
    msgs += [element((0, 9), "button", id=wid("phone.ballot.9.send"), label="שליחה"), finish()]
    poll_id, send, inputs = phone.ballot_screen(feed(PageModel(), *msgs))
    assert (poll_id, send.key) == (9, "phone.ballot.9.send")
    assert [(phone.option_of(w), w.kind) for w in inputs] == [(41, "checkbox"), (42, "checkbox"),
                                                              (43, "checkbox"), (44, "checkbox")]


def test_a_confirmation_counts_only_when_it_is_the_expected_one_and_new():
    page = feed(ballot_page(), start(), alert((0, 10), Alert.SUCCESS, "ההצבעה שלך נקלטה."), finish())
    assert phone._answer(page, 0, "ההצבעה שלך נקלטה.") is not None
    assert phone._answer(page, page.runs_begun, "ההצבעה שלך נקלטה.") is None
    assert phone._answer(page, 0, "something else") is None
    feed(page, start(), alert((0, 10), Alert.ERROR, "הסקר סגור"), finish())
    with pytest.raises(phone.PageError, match="הסקר סגור"):
        phone._answer(page, page.runs_begun - 1, "ההצבעה שלך נקלטה.")
