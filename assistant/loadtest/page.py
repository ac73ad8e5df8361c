"""What a browser knows about a page: the elements the server drew, the widget
values it would send back, the query string, and the fragments it reruns on a
timer. Fed ForwardMsgs one by one; pure (no network, no clock of its own)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from assistant.loadtest import protocol

ALERT_LEVELS = {"error": Alert.ERROR, "warning": Alert.WARNING, "info": Alert.INFO, "success": Alert.SUCCESS}
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def shown_text(markdown: str) -> str:
    """The text a Markdown body shows: backslash escapes of ASCII punctuation removed."""
    return _MARKDOWN_ESCAPE.sub(r"\1", markdown)


@dataclass(frozen=True)
class Widget:
    id: str
    kind: str
    proto: Any
    fragment_id: str = ""  # the fragment that drew it: using it reruns only that fragment

    @property
    def key(self) -> str | None:
        return protocol.user_key(self.id)

    @property
    def form_id(self) -> str:
        return getattr(self.proto, "form_id", "")


@dataclass(frozen=True)
class Shown:
    """An element on the page, with the run (full or fragment) that drew it and when it arrived."""

    run: int
    at: float
    element: Any
    fragment_id: str = ""


class PageModel:
    def __init__(self, query_string: str = "", page_name: str = "") -> None:
        self.query_string = query_string
        self.page_name = page_name
        self.page_script_hash = ""
        self.runs_started = 0      # full runs (not fragment runs) the server began
        self.runs_finished = 0     # ... and ended
        self.runs_begun = 0        # every run, full or fragment: what `Shown.run` counts
        self.fragment_runs = 0
        self.running = False
        self.auto_reruns: dict[str, float] = {}   # fragment id -> seconds
        self.exceptions: list[str] = []
        self.page_not_found = False
        self._fragment_run = False
        self._elements: dict[tuple[int, ...], Shown] = {}
        self._seen: set[tuple[int, ...]] = set()
        self._values: dict[str, tuple[str, object, bool]] = {}

    # Messages from the server ------------------------------------------------

    def apply(self, msg: ForwardMsg, at: float = 0.0) -> None:
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self._start(msg)
        elif kind == "delta":
            self._delta(msg, at)
        elif kind == "script_finished":
            self._finish(msg.script_finished)
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "navigation":
            self.page_script_hash = msg.navigation.page_script_hash or self.page_script_hash
        elif kind == "auto_rerun":
            self.auto_reruns[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
        elif kind == "stop_auto_rerun":
            for fragment_id in msg.stop_auto_rerun.fragment_ids:
                self.auto_reruns.pop(fragment_id, None)
        elif kind == "page_not_found":
            self.page_not_found = True

    def _start(self, msg: ForwardMsg) -> None:
        if msg.new_session.page_script_hash:
            self.page_script_hash = msg.new_session.page_script_hash
        self.running = True
        self.runs_begun += 1
        self._fragment_run = bool(msg.metadata.run.fragment_ids)
        if not self._fragment_run:
            # A full run redraws everything and declares its timed fragments again.
            self.runs_started += 1
            self._seen = set()
            self.auto_reruns.clear()

    def _delta(self, msg: ForwardMsg, at: float) -> None:
        path = tuple(msg.metadata.delta_path)
        delta = msg.delta
        which = delta.WhichOneof("type")
        if which != "new_element":
            return  # blocks only hold elements; their children carry their own paths
        element = delta.new_element
        self._elements[path] = Shown(self.runs_begun, at, element, delta.fragment_id)
        self._seen.add(path)
        kind = protocol.element_kind(element)
        if kind == "exception":
            self.exceptions.append(f"{element.exception.type}: {element.exception.message}")
            return
        proto = getattr(element, kind)
        widget_id = getattr(proto, "id", "")
        if kind in protocol.VALUE_WIDGETS and widget_id and (
                widget_id not in self._values or getattr(proto, "set_value", False)):
            self._hold(Widget(widget_id, kind, proto, delta.fragment_id), protocol.initial_value(kind, proto))

    def _finish(self, status: int) -> None:
        if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            self.runs_finished += not self._fragment_run
            return  # cut short for another run, which starts next: still running
        self.running = False
        if status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY or self._fragment_run:
            self.fragment_runs += 1
            return
        if status == ForwardMsg.FINISHED_SUCCESSFULLY:
            # What this run did not draw is gone from the page, and so are its widgets' values.
            self._elements = {p: s for p, s in self._elements.items() if p in self._seen}
            shown = {w.id for w in self.widgets()}
            self._values = {wid: v for wid, v in self._values.items() if wid in shown}
        self.runs_finished += 1

    @property
    def settled(self) -> bool:
        """The last full run the server began has finished and nothing is running."""
        return not self.running and self.runs_finished >= self.runs_started > 0

    # What is on the page -------------------------------------------------------

    def elements(self) -> list[Shown]:
        return [self._elements[p] for p in sorted(self._elements)]

    def widgets(self) -> list[Widget]:
        found = []
        for shown in self.elements():
            kind = protocol.element_kind(shown.element)
            proto = getattr(shown.element, kind) if kind else None
            widget_id = getattr(proto, "id", "")
            if isinstance(widget_id, str) and widget_id.startswith("$$ID-"):
                found.append(Widget(widget_id, kind, proto, shown.fragment_id))
        return found

    def widget(self, key: str) -> Widget | None:
        return next((w for w in self.widgets() if w.key == key), None)

    def widgets_with_prefix(self, prefix: str) -> list[Widget]:
        return [w for w in self.widgets() if (w.key or "").startswith(prefix)]

    def form_submitter(self, form_id: str) -> Widget | None:
        return next((w for w in self.widgets()
                     if w.kind == "button" and w.proto.is_form_submitter and w.form_id == form_id), None)

    def alerts(self, level: str, *, after_run: int = 0) -> list[Shown]:
        """Alerts of a level drawn by runs (full or fragment) begun after `after_run` (a `runs_begun`)."""
        wanted = ALERT_LEVELS[level]
        return [s for s in self.elements()
                if s.run > after_run and protocol.element_kind(s.element) == "alert"
                and s.element.alert.format == wanted]

    def value(self, widget: Widget) -> object | None:
        held = self._values.get(widget.id)
        return held[1] if held else None

    # What the browser sends back ----------------------------------------------

    def _hold(self, widget: Widget, value: object | None) -> None:
        if value is None:
            self._values.pop(widget.id, None)
        else:
            self._values[widget.id] = (widget.kind, value, protocol.is_integer_input(widget.proto))

    def set(self, widget: Widget, value: object) -> None:
        """The person changes a widget (a selectbox takes one of its shown options)."""
        if widget.kind == "selectbox" and value not in widget.proto.options:
            raise ValueError(f"{value!r} is not an option of {widget.key}")
        if widget.kind == "button_group" and not set(value) <= {o.content for o in widget.proto.options}:
            raise ValueError(f"{value!r} are not options of {widget.key}")
        self._hold(widget, value)

    def choose(self, widget: Widget, index: int) -> None:
        """The option at `index` (a button group's is its one choice)."""
        if widget.kind == "button_group":
            self.set(widget, [widget.proto.options[index].content])
        else:
            self.set(widget, widget.proto.options[index])

    def states(self, trigger: Widget | None = None) -> list[WidgetState]:
        """Every widget value the browser holds, plus a one-shot button press."""
        states = protocol.states_from(self._values)
        if trigger is not None:
            states.append(protocol.widget_state(trigger.id, "button", True))
        return states

    def rerun_message(self, trigger: Widget | None = None, *, fragment_id: str = "", auto: bool = False):
        """As the browser does, a widget drawn by a fragment reruns only that fragment."""
        fragment_id = fragment_id or (trigger.fragment_id if trigger is not None else "")
        return protocol.rerun(self.query_string, self.states(trigger), page_name=self.page_name,
                              page_script_hash=self.page_script_hash, fragment_id=fragment_id, auto=auto)
