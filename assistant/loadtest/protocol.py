"""Streamlit's browser protocol, as far as a phone needs it: the messages a
browser sends (BackMsg `rerun_script` with the query string and the widget
values) and how widget values are encoded. Pure functions over the protobufs
that ship with Streamlit; no network here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.NumberInput_pb2 import NumberInput
from streamlit.proto.WidgetStates_pb2 import WidgetState

STREAM_PATH = "_stcore/stream"
SUBPROTOCOL = "streamlit"

# The value field of WidgetState each widget we drive uses, as the browser sends it.
STRING_WIDGETS = frozenset({"text_input", "text_area", "selectbox"})
NUMBER_WIDGETS = frozenset({"number_input"})
ARRAY_WIDGETS = frozenset({"button_group"})  # st.pills and st.segmented_control: the chosen labels
BOOL_WIDGETS = frozenset({"checkbox"})  # a pick list's ticks
TRIGGER_WIDGETS = frozenset({"button"})
VALUE_WIDGETS = STRING_WIDGETS | NUMBER_WIDGETS | ARRAY_WIDGETS | BOOL_WIDGETS


@dataclass(frozen=True)
class Address:
    """Where a page lives: the websocket to talk to, the page name and its query."""

    stream_url: str
    page_name: str
    query_string: str


def address(url: str) -> Address:
    """`http://host:port/phone?join=ABC` -> ws://host:port/_stcore/stream, page `phone`, `join=ABC`."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https", "ws", "wss"} or not parts.netloc:
        raise ValueError(f"not an http(s) address: {url!r}")
    scheme = "wss" if parts.scheme in {"https", "wss"} else "ws"
    segments = [s for s in parts.path.split("/") if s]
    page = segments[-1] if segments else ""
    base = "/".join(segments[:-1])
    prefix = f"/{base}/" if base else "/"
    return Address(stream_url=urlunsplit((scheme, parts.netloc, prefix + STREAM_PATH, "", "")),
                   page_name=page, query_string=parts.query)


def server_root(url: str) -> str:
    """The app's root address (scheme, host and any base path, ending with a slash)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/", "", ""))


def health_url(url: str) -> str:
    """The server's health check, next to its websocket."""
    where = address(url)
    return where.stream_url.replace("ws", "http", 1).removesuffix("stream") + "health"


def user_key(widget_id: str) -> str | None:
    """The key a page gave a widget, from its element id (`$$ID-<hash>-<key>`)."""
    if not widget_id.startswith("$$ID-"):
        return None
    key = widget_id.split("-", maxsplit=2)[-1]
    return None if key == "None" else key


def widget_state(widget_id: str, kind: str, value: object, *, integer: bool = False) -> WidgetState:
    """One widget's value, encoded in the field the browser uses for that widget kind."""
    state = WidgetState(id=widget_id)
    if kind in TRIGGER_WIDGETS:
        state.trigger_value = bool(value)
    elif kind in STRING_WIDGETS:
        state.string_value = str(value)
    elif kind in ARRAY_WIDGETS:
        state.string_array_value.data.extend(str(v) for v in value)
    elif kind in BOOL_WIDGETS:
        state.bool_value = bool(value)
    elif kind in NUMBER_WIDGETS:
        if integer:
            state.int_value = int(value)
        else:
            state.double_value = float(value)
    else:
        raise ValueError(f"widget kind {kind!r} is not supported")
    return state


def rerun(query_string: str, states: list[WidgetState], *, page_name: str = "", page_script_hash: str = "",
          fragment_id: str = "", auto: bool = False) -> BackMsg:
    """The message a browser sends to run the page (or one fragment of it)."""
    msg = BackMsg()
    client = msg.rerun_script
    client.query_string = query_string
    client.page_name = page_name
    client.page_script_hash = page_script_hash
    client.widget_states.widgets.extend(states)
    if fragment_id:
        client.fragment_id = fragment_id
    client.is_auto_rerun = auto
    return msg


def parse(data: bytes) -> ForwardMsg:
    msg = ForwardMsg()
    msg.ParseFromString(data)
    return msg


def element_kind(element) -> str:
    return element.WhichOneof("type") or ""


def is_integer_input(proto) -> bool:
    return isinstance(proto, NumberInput) and proto.data_type == NumberInput.INT


def initial_value(kind: str, proto) -> object | None:
    """The value a browser holds for a widget it is shown: the one the server
    set (`set_value`), else the widget's default; None when it has neither."""
    if kind in {"text_input", "text_area", "number_input"}:
        field = "value" if proto.set_value else "default"
        if not proto.HasField(field):
            return None
        value = getattr(proto, field)
        return int(value) if is_integer_input(proto) else value
    if kind == "checkbox":
        return proto.value if proto.set_value else proto.default
    if kind == "button_group":
        if proto.set_value:
            return list(proto.raw_values)
        chosen = [proto.options[i].content for i in proto.default if 0 <= i < len(proto.options)]
        return chosen or None
    if kind == "selectbox":
        if proto.set_value:
            return proto.raw_value if proto.HasField("raw_value") else None
        if proto.HasField("default") and 0 <= proto.default < len(proto.options):
            return proto.options[proto.default]
        return None
    return None


def states_from(values: Mapping[str, tuple[str, object, bool]]) -> list[WidgetState]:
    """Encode {widget id: (kind, value, integer)} in a stable order."""
    return [widget_state(wid, kind, value, integer=integer)
            for wid, (kind, value, integer) in sorted(values.items())]
