"""The browser side of Streamlit's protocol, without a server."""

from __future__ import annotations

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.NumberInput_pb2 import NumberInput
from streamlit.proto.Selectbox_pb2 import Selectbox
from streamlit.proto.TextArea_pb2 import TextArea

from assistant.loadtest import protocol


@pytest.mark.parametrize(("url", "stream", "page", "query"), [
    ("http://127.0.0.1:8501/", "ws://127.0.0.1:8501/_stcore/stream", "", ""),
    ("http://127.0.0.1:8501/phone?join=AB12CD", "ws://127.0.0.1:8501/_stcore/stream", "phone", "join=AB12CD"),
    ("https://forum.example.org/app/phone?p=tok", "wss://forum.example.org/app/_stcore/stream", "phone",
     "p=tok"),
    ("http://host:1", "ws://host:1/_stcore/stream", "", ""),
])
def test_address_finds_the_websocket_the_page_and_its_query(url, stream, page, query):
    where = protocol.address(url)
    assert (where.stream_url, where.page_name, where.query_string) == (stream, page, query)


@pytest.mark.parametrize("url", ["ftp://host/", "127.0.0.1:8501", "", "http:///phone"])
def test_address_refuses_what_is_not_an_http_address(url):
    with pytest.raises(ValueError):
        protocol.address(url)


def test_health_url_sits_next_to_the_stream():
    assert protocol.health_url("http://h:8/phone?join=X") == "http://h:8/_stcore/health"
    assert protocol.health_url("https://h/base/") == "https://h/_stcore/health"
    assert protocol.health_url("https://h/base/phone") == "https://h/base/_stcore/health"


@pytest.mark.parametrize(("widget_id", "key"), [
    ("$$ID-4f20b52433b1cc9ef67ece3797dd0db9-phone.idea_text", "phone.idea_text"),
    ("$$ID-7c8e5d10-FormSubmitter:phone.join_form-הצטרפות", "FormSubmitter:phone.join_form-הצטרפות"),
    ("$$ID-abc-phone.ballot.3.17", "phone.ballot.3.17"),
    ("$$ID-abc-None", None),
    ("some-other-id", None),
])
def test_user_key_is_the_key_the_page_gave(widget_id, key):
    assert protocol.user_key(widget_id) == key


def test_widget_values_use_the_field_the_browser_uses():
    assert protocol.widget_state("a", "text_area", "שלום").string_value == "שלום"
    assert protocol.widget_state("b", "selectbox", "עברית").WhichOneof("value") == "string_value"
    assert protocol.widget_state("c", "number_input", 2, integer=True).int_value == 2
    assert protocol.widget_state("d", "number_input", 2.5).double_value == 2.5
    assert protocol.widget_state("e", "button", True).trigger_value is True
    assert protocol.widget_state("g", "checkbox", 1).bool_value is True  # a pick list's tick
    assert protocol.widget_state("h", "checkbox", False).WhichOneof("value") == "bool_value"
    with pytest.raises(ValueError):
        protocol.widget_state("f", "file_uploader", b"")


def test_rerun_message_carries_query_page_and_values_and_round_trips():
    states = protocol.states_from({"$$ID-2-b": ("text_area", "x", False),
                                   "$$ID-1-a": ("number_input", 3, True)})
    msg = protocol.rerun("p=tok", states, page_name="phone", page_script_hash="h1")
    back = BackMsg()
    back.ParseFromString(msg.SerializeToString())
    client = back.rerun_script
    assert back.WhichOneof("type") == "rerun_script"
    assert (client.query_string, client.page_name, client.page_script_hash) == ("p=tok", "phone", "h1")
    assert [w.id for w in client.widget_states.widgets] == ["$$ID-1-a", "$$ID-2-b"]  # stable order
    assert not client.fragment_id and not client.is_auto_rerun

    timed = protocol.rerun("p=tok", [], fragment_id="frag", auto=True)
    assert timed.rerun_script.fragment_id == "frag" and timed.rerun_script.is_auto_rerun


def test_initial_value_is_what_the_server_set_else_the_default():
    area = TextArea(id="a", default="draft")
    assert protocol.initial_value("text_area", area) == "draft"
    area.set_value, area.value = True, ""
    assert protocol.initial_value("text_area", area) == ""
    cleared = TextArea(id="a", default="draft", set_value=True)
    assert protocol.initial_value("text_area", cleared) is None

    dots = NumberInput(id="n", data_type=NumberInput.INT, default=0)
    assert protocol.initial_value("number_input", dots) == 0 and isinstance(
        protocol.initial_value("number_input", dots), int)
    dots.set_value, dots.value = True, 2
    assert protocol.initial_value("number_input", dots) == 2
    assert protocol.is_integer_input(dots)
    assert not protocol.is_integer_input(NumberInput(data_type=NumberInput.FLOAT))

    from streamlit.proto.Checkbox_pb2 import Checkbox

    tick = Checkbox(id="c", default=False)
    assert protocol.initial_value("checkbox", tick) is False
    tick.set_value, tick.value = True, True  # ticked again when the phone comes back to its ballot
    assert protocol.initial_value("checkbox", tick) is True

    box = Selectbox(id="s", default=1, options=["עברית", "العربية", "English"])
    assert protocol.initial_value("selectbox", box) == "العربية"
    box.set_value, box.raw_value = True, "English"
    assert protocol.initial_value("selectbox", box) == "English"
    assert protocol.initial_value("selectbox", Selectbox(id="s", options=["x"])) is None
    assert protocol.initial_value("button", area) is None


def test_server_root_drops_page_and_query():
    assert protocol.server_root("http://h:1/phone?join=X") == "http://h:1/"
