"""The page model: what a browser knows after the server's messages."""

from __future__ import annotations

import pytest
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.NumberInput_pb2 import NumberInput

from assistant.loadtest.page import PageModel, shown_text


def wid(key: str) -> str:
    return f"$$ID-0123456789abcdef-{key}"


def start(fragment: str = "", page_hash: str = "hash-phone") -> ForwardMsg:
    msg = ForwardMsg()
    msg.new_session.page_script_hash = page_hash
    if fragment:
        msg.metadata.run.fragment_ids.append(fragment)
    return msg


def finish(status=ForwardMsg.FINISHED_SUCCESSFULLY) -> ForwardMsg:
    msg = ForwardMsg()
    msg.script_finished = status
    return msg


def element(path: tuple[int, ...], kind: str, fragment: str = "", **fields) -> ForwardMsg:
    msg = ForwardMsg()
    msg.metadata.delta_path.extend(path)
    if fragment:
        msg.delta.fragment_id = fragment
    proto = getattr(msg.delta.new_element, kind)
    for name, value in fields.items():
        if isinstance(value, list):
            getattr(proto, name).extend(value)
        else:
            setattr(proto, name, value)
    if not fields:
        proto.SetInParent()
    return msg


def block(path: tuple[int, ...], form_id: str) -> ForwardMsg:
    msg = ForwardMsg()
    msg.metadata.delta_path.extend(path)
    msg.delta.add_block.form.form_id = form_id
    return msg


def query(text: str) -> ForwardMsg:
    msg = ForwardMsg()
    msg.page_info_changed.query_string = text
    return msg


def timer(fragment: str, seconds: float) -> ForwardMsg:
    msg = ForwardMsg()
    msg.auto_rerun.fragment_id, msg.auto_rerun.interval = fragment, seconds
    return msg


def alert(path, level, body) -> ForwardMsg:
    return element(path, "alert", format=level, body=body)


def feed(page: PageModel, *msgs, at: float = 0.0) -> PageModel:
    for msg in msgs:
        page.apply(msg, at)
    return page


def join_screen() -> list[ForwardMsg]:
    return [start(page_hash="hash-home"),
            element((0, 0), "heading", body="הצטרפות"),
            block((0, 1), "phone.join_form"),
            element((0, 1, 0), "text_input", id=wid("phone.join_code"), default="", set_value=True,
                    value="AB12CD", form_id="phone.join_form"),
            element((0, 1, 1), "selectbox", id=wid("phone.sector"), default=0, options=["רשות", "תושבים"],
                    form_id="phone.join_form"),
            element((0, 1, 2), "button", id=wid("phone.join"), label="הצטרפות", form_id="phone.join_form",
                    is_form_submitter=True),
            finish()]


def idea_screen(run_alerts=()) -> list[ForwardMsg]:
    return [start(),
            element((0, 0), "heading", body="הוספת משימה"),
            element((0, 1), "text_area", id=wid("phone.idea_text"), default=""),
            element((0, 2), "button", id=wid("phone.send"), label="שליחה"),
            *run_alerts,
            timer("frag-1", 3.0),
            finish()]


def test_widgets_are_found_by_their_keys_and_the_form_by_its_submitter():
    page = feed(PageModel("join=AB12CD", "phone"), *join_screen())
    assert page.settled and page.runs_started == page.runs_finished == 1
    assert page.widget("phone.join_code").kind == "text_input"
    assert page.value(page.widget("phone.join_code")) == "AB12CD"      # set by the server
    assert page.value(page.widget("phone.sector")) == "רשות"           # the default option
    assert page.form_submitter("phone.join_form").key == "phone.join"
    assert page.form_submitter("another.form") is None
    assert page.widget("no.such.key") is None
    assert page.page_script_hash == "hash-home"


def test_states_hold_every_value_and_a_button_press_only_once():
    page = feed(PageModel("join=AB12CD", "phone"), *join_screen())
    page.choose(page.widget("phone.sector"), 1)
    submit = page.form_submitter("phone.join_form")
    pressed = page.rerun_message(submit).rerun_script
    values = {w.id: w for w in pressed.widget_states.widgets}
    assert values[wid("phone.sector")].string_value == "תושבים"
    assert values[wid("phone.join_code")].string_value == "AB12CD"
    assert values[wid("phone.join")].trigger_value is True
    assert (pressed.query_string, pressed.page_name, pressed.page_script_hash) == (
        "join=AB12CD", "phone", "hash-home")
    again = page.rerun_message().rerun_script
    assert wid("phone.join") not in {w.id for w in again.widget_states.widgets}
    with pytest.raises(ValueError):
        page.set(page.widget("phone.sector"), "not an option")


def test_a_full_run_replaces_the_page_and_forgets_what_it_did_not_draw():
    page = feed(PageModel("join=AB12CD", "phone"), *join_screen())
    page.choose(page.widget("phone.sector"), 1)
    feed(page, query(""), query("p=tok"), *idea_screen())
    assert page.query_string == "p=tok"
    assert page.form_submitter("phone.join_form") is None
    assert page.widget("phone.sector") is None
    assert {w.key for w in page.widgets()} == {"phone.idea_text", "phone.send"}
    assert wid("phone.sector") not in {w.id for w in page.states()}
    assert page.auto_reruns == {"frag-1": 3.0}


def test_a_run_cut_short_for_a_rerun_keeps_the_page_running():
    page = feed(PageModel(), *join_screen())
    feed(page, start(), element((0, 0), "heading", body="x"), finish(ForwardMsg.FINISHED_EARLY_FOR_RERUN))
    assert page.running and not page.settled
    assert page.form_submitter("phone.join_form") is not None   # still shown until the next run ends
    feed(page, *idea_screen())
    assert page.settled and page.runs_started == page.runs_finished == 3


def test_fragment_runs_update_in_place_and_do_not_clear_the_page():
    page = feed(PageModel(), *idea_screen())
    feed(page, start(fragment="frag-1"), element((0, 3, 0), "empty", fragment="frag-1"),
         finish(ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY))
    assert page.fragment_runs == 1 and page.runs_started == 1
    assert page.widget("phone.idea_text") is not None and page.settled
    assert page.auto_reruns == {"frag-1": 3.0}      # a fragment run does not declare its timer again


def test_values_the_server_sets_replace_what_the_browser_held():
    page = feed(PageModel(), *idea_screen())
    area = page.widget("phone.idea_text")
    page.set(area, "רעיון ראשון")
    cleared = element((0, 1), "text_area", id=wid("phone.idea_text"), default="", set_value=True, value="")
    feed(page, start(), cleared, finish())
    assert page.value(area) == ""
    page.set(area, "טיוטה")
    feed(page, start(), element((0, 1), "text_area", id=wid("phone.idea_text"), default=""), finish())
    assert page.value(area) == "טיוטה"   # a redraw without set_value keeps what is typed


def test_alerts_are_counted_from_the_run_that_drew_them():
    page = feed(PageModel(), *idea_screen([alert((0, 3), Alert.SUCCESS, "התקבל\\: א")]), at=1.0)
    first = page.runs_begun
    assert [s.element.alert.body for s in page.alerts("success")] == ["התקבל\\: א"]
    assert page.alerts("success", after_run=first) == []
    feed(page, *idea_screen([alert((0, 3), Alert.ERROR, "ארוך מדי")]), at=2.0)
    errors = page.alerts("error", after_run=first)
    assert [s.at for s in errors] == [2.0] and page.alerts("success") == []


def test_a_widget_drawn_by_a_fragment_reruns_only_that_fragment():
    screen = [start(),
              element((0, 0), "heading", body="הצבעה"),
              element((0, 1, 0), "number_input", fragment="ballot", id=wid("phone.ballot.7.3"), default=0,
                      data_type=NumberInput.INT),
              element((0, 1, 1), "button", fragment="ballot", id=wid("phone.ballot.7.send"), label="שליחה"),
              finish()]
    page = feed(PageModel(), *screen)
    send = page.widget("phone.ballot.7.send")
    assert send.fragment_id == "ballot"
    assert page.rerun_message(send).rerun_script.fragment_id == "ballot"
    assert page.rerun_message().rerun_script.fragment_id == ""          # a page reload is a full run
    assert page.rerun_message(send, fragment_id="timer").rerun_script.fragment_id == "timer"
    before = page.runs_begun
    feed(page, start(fragment="ballot"), alert((0, 1, 2), Alert.SUCCESS, "ההצבעה שלך נקלטה."),
         finish(ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY), at=5.0)
    assert page.runs_started == 1 and page.runs_begun == before + 1
    assert [s.at for s in page.alerts("success", after_run=before)] == [5.0]   # a fragment run's answer counts


def test_exceptions_on_the_page_are_recorded():
    page = feed(PageModel(), start(), element((0, 0), "exception", type="KeyError", message="'x'"), finish())
    assert page.exceptions == ["KeyError: 'x'"]


def test_integer_inputs_send_integers():
    page = feed(PageModel(), start(),
                element((0, 0), "number_input", id=wid("phone.ballot.3.11"), data_type=NumberInput.INT,
                        default=0, max=1, has_max=True),
                finish())
    dots = page.widget("phone.ballot.3.11")
    page.set(dots, 1)
    state = next(s for s in page.states() if s.id == dots.id)
    assert state.WhichOneof("value") == "int_value" and state.int_value == 1


@pytest.mark.parametrize(("markdown", "text"), [
    ("התקבל\\: \\[link\\]\\(x\\)", "התקבל: [link](x)"),
    ("a\\\\b", "a\\b"),
    ("\\א stays", "\\א stays"),
    ("plain", "plain"),
])
def test_shown_text_undoes_markdown_escapes(markdown, text):
    assert shown_text(markdown) == text
