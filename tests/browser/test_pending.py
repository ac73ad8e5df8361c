"""A phone whose tap waits for a busy server says so, keeps what was typed, and clears the
line when the answer comes (the server's answers are held back here, as a saturated server
would, by standing between the page and its websocket)."""

from __future__ import annotations

import pytest

from assistant.i18n import translate
from assistant.playbook.loader import load_playbook
from assistant.playbook.plan import forum_plan
from assistant.store import commands, queries
from tests.browser.harness import expect, key, no_exception
from tests.browser.test_journey import join
from tests.live import PROJECT

pytestmark = pytest.mark.slow


class SlowServer:
    """The page's websocket through a gate: while `held`, the server's messages wait."""

    def __init__(self) -> None:
        self.held = False
        self.waiting: list = []
        self.route = None

    def __call__(self, route) -> None:
        self.route = route
        server = route.connect_to_server()
        route.on_message(server.send)
        server.on_message(self._from_server)

    def _from_server(self, message) -> None:
        if self.held:
            self.waiting.append(message)
        else:
            self.route.send(message)

    def release(self) -> None:
        self.held = False
        for message in self.waiting:
            self.route.send(message)
        self.waiting.clear()


@pytest.mark.parametrize("language", ["he", "ar"])
def test_a_send_that_waits_says_so_keeps_the_text_and_clears_when_answered(live_app, live_store, make_context,
                                                                           language):
    created = commands.create_forum(live_store, title="פורום עמוס", locality="רהט", domain="youth", language="he",
                                    plan=forum_plan(load_playbook(PROJECT / "prompts")))
    commands.open_collection(live_store, created.forum.id, "idea")
    context = make_context("phone")
    gate = SlowServer()
    context.route_web_socket("**/_stcore/stream", gate)
    phone = join(context, live_app.url + f"phone?join={created.forum.join_code}", name="ליאן",
                 sector="residents", language=language)
    box = phone.locator(key("phone.idea_text") + " textarea")
    box.fill("מגרש כדורסל מואר בערב")
    line = phone.get_by_role("status").filter(has_text=translate("phone.pending_busy", language))
    gate.held = True
    phone.locator(key("phone.send")).get_by_role("button").click()
    expect(line).to_be_visible(timeout=5_000)
    phone.screenshot(path=str(PROJECT / "test-output" / f"pending-{language}.png"))
    expect(box).to_have_value("מגרש כדורסל מואר בערב")  # nothing is lost while it waits
    gate.release()
    expect(phone.get_by_test_id("stAlertContentSuccess")).to_contain_text("מגרש כדורסל מואר בערב")
    expect(line).to_be_hidden()
    expect(box).to_have_value("")
    no_exception(phone)
    with live_store.read() as session:
        assert [i.text for i in queries.ideas(session, created.forum.id)] == ["מגרש כדורסל מואר בערב"]


def test_a_quick_answer_shows_no_waiting_line(live_app, live_store, make_context):
    created = commands.create_forum(live_store, title="פורום מהיר", locality="לוד", domain="youth", language="he",
                                    plan=forum_plan(load_playbook(PROJECT / "prompts")))
    commands.open_collection(live_store, created.forum.id, "idea")
    phone = join(make_context("phone"), live_app.url + f"phone?join={created.forum.join_code}", name="נוי",
                 sector="residents")
    phone.locator(key("phone.idea_text") + " textarea").fill("ספרייה פתוחה בשבת")
    phone.locator(key("phone.send")).get_by_role("button").click()
    expect(phone.get_by_test_id("stAlertContentSuccess")).to_contain_text("ספרייה פתוחה בשבת")
    phone.wait_for_timeout(2_000)
    expect(phone.locator(".forum-pending")).to_be_hidden()


def _is_tap(message) -> bool:
    """A message from the page that carries a button's press (a one-shot trigger)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    if isinstance(message, str):
        return False
    msg = BackMsg()
    msg.ParseFromString(message)
    return msg.WhichOneof("type") == "rerun_script" and any(
        w.WhichOneof("value") == "trigger_value" and w.trigger_value for w in msg.rerun_script.widget_states.widgets)


class DroppingServer:
    """The page's websocket, which loses the next `drops` taps the page sends and the
    connection with each (as a saturated or flaky network does); the page reconnects."""

    def __init__(self, drops: int = 0) -> None:
        self.drops = drops
        self.armed = False
        self.connections = 0

    def __call__(self, route) -> None:
        self.connections += 1
        server = route.connect_to_server()

        def from_page(message) -> None:
            if self.armed and self.drops and _is_tap(message):
                self.drops -= 1
                route.close()  # the tap is lost with the connection
                server.close()
                return
            server.send(message)

        route.on_message(from_page)
        server.on_message(route.send)


def _send_over_a_dropping_line(live_app, live_store, make_context, drops: int, text: str):
    """A phone joined over a line that loses its next `drops` taps; it types `text` and taps
    send. Returns the forum's id, the gate, the page and its idea box."""
    created = commands.create_forum(live_store, title="פורום רשת", locality="סחנין", domain="youth", language="he",
                                    plan=forum_plan(load_playbook(PROJECT / "prompts")))
    commands.open_collection(live_store, created.forum.id, "idea")
    context = make_context("phone")
    gate = DroppingServer(drops=drops)
    context.route_web_socket("**/_stcore/stream", gate)
    phone = join(context, live_app.url + f"phone?join={created.forum.join_code}", name="רים", sector="ngo")
    box = phone.locator(key("phone.idea_text") + " textarea")
    box.fill(text)
    box.press("Tab")  # the text reaches the page's state before the tap, as a person's typing does
    gate.armed = True
    phone.locator(key("phone.send")).get_by_role("button").click()
    return created.forum.id, gate, phone, box


def test_a_send_lost_with_the_connection_is_sent_again_by_the_phone_once(live_app, live_store, make_context):
    forum_id, gate, phone, box = _send_over_a_dropping_line(live_app, live_store, make_context, 1,
                                                            "חדר לימוד שקט בספרייה")
    expect(phone.get_by_test_id("stAlertContentSuccess")).to_contain_text("חדר לימוד שקט בספרייה", timeout=30_000)
    expect(box).to_have_value("")
    assert gate.connections >= 2  # it did reconnect
    no_exception(phone)
    with live_store.read() as session:
        assert [i.text for i in queries.ideas(session, forum_id)] == ["חדר לימוד שקט בספרייה"]


def test_a_send_that_keeps_being_lost_says_so_and_keeps_the_text(live_app, live_store, make_context):
    forum_id, _, phone, box = _send_over_a_dropping_line(live_app, live_store, make_context, 99,
                                                         "שעות פתיחה ארוכות למתנ״ס")
    failed = phone.get_by_role("status").filter(has_text=translate("phone.pending_failed", "he"))
    expect(failed).to_be_visible(timeout=60_000)
    phone.screenshot(path=str(PROJECT / "test-output" / "pending-failed-he.png"))
    expect(box).to_have_value("שעות פתיחה ארוכות למתנ״ס")
    with live_store.read() as session:
        assert queries.ideas(session, forum_id) == []
