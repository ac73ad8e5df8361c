"""The browser tab against a small scripted websocket server (no Streamlit):
what it sends first, how it reruns timed fragments, how it ends."""

from __future__ import annotations

import asyncio

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from websockets.asyncio.server import serve

from assistant.loadtest.client import BrowserSession, PageTimeout, SessionLost
from tests.loadtest.test_page import element, finish, start, timer, wid


class ScriptedServer:
    """Answers every BackMsg it receives with the next scripted list of ForwardMsgs."""

    def __init__(self, replies):
        self.replies = list(replies)
        self.received: list[BackMsg] = []
        self.subprotocols: list[str] = []
        self.connection = None

    async def handle(self, ws):
        self.connection = ws
        async for data in ws:
            msg = BackMsg()
            msg.ParseFromString(data)
            self.received.append(msg)
            for reply in (self.replies.pop(0) if self.replies else []):
                await ws.send(reply.SerializeToString())


async def _with_server(script, body):
    async with serve(script.handle, "127.0.0.1", 0, subprotocols=["streamlit"]) as server:
        port = server.sockets[0].getsockname()[1]
        session = BrowserSession(f"http://127.0.0.1:{port}/phone?p=tok")
        try:
            return await body(session)
        finally:
            await session.close()


def idea_page(fragment: str, interval: float):
    return [start(), element((0, 0), "text_area", id=wid("phone.idea_text"), default=""),
            timer(fragment, interval), finish()]


def test_the_first_message_asks_for_the_page_with_its_query():
    script = ScriptedServer([idea_page("frag", 60)])

    async def body(session):
        await session.open()
        return await session.wait_for(lambda p: p.settled and p.widget("phone.idea_text"), 5, "page")

    area = asyncio.run(_with_server(script, body))
    first = script.received[0].rerun_script
    assert (first.query_string, first.page_name, first.is_auto_rerun) == ("p=tok", "phone", False)
    assert area.key == "phone.idea_text"


def test_timed_fragments_rerun_on_their_interval_with_the_page_values():
    script = ScriptedServer([idea_page("frag-a", 0.05)])

    async def body(session):
        await session.open()
        await session.wait_for(lambda p: p.settled, 5, "page")
        session.page.set(session.page.widget("phone.idea_text"), "טיוטה")
        await asyncio.sleep(0.4)

    asyncio.run(_with_server(script, body))
    timed = [m.rerun_script for m in script.received[1:]]
    assert len(timed) >= 3
    assert all(t.fragment_id == "frag-a" and t.is_auto_rerun and t.query_string == "p=tok" for t in timed)
    assert timed[-1].widget_states.widgets[0].string_value == "טיוטה"   # what is typed is not wiped


def test_a_full_run_restarts_the_timers_it_declares_again():
    script = ScriptedServer([idea_page("frag-old", 0.05), idea_page("frag-new", 0.05)])

    async def body(session):
        await session.open()
        await session.wait_for(lambda p: p.runs_finished >= 2, 5, "second run")
        await asyncio.sleep(0.3)

    asyncio.run(_with_server(script, body))
    fragments = [m.rerun_script.fragment_id for m in script.received[1:]]
    assert fragments[0] == "frag-old" and fragments[-1] == "frag-new"
    assert "frag-old" not in fragments[fragments.index("frag-new"):]


def test_waiting_ends_with_a_timeout_or_when_the_server_goes_away():
    script = ScriptedServer([[start()]])   # a run that never finishes

    async def slow(session):
        await session.open()
        await session.wait_for(lambda p: p.settled, 0.2, "page")

    with pytest.raises(PageTimeout, match="no page within"):
        asyncio.run(_with_server(script, slow))

    script = ScriptedServer([[start()]])

    async def cut(session):
        await session.open()
        await session.wait_for(lambda p: p.runs_started, 5, "run")
        await script.connection.close()
        await session.wait_for(lambda p: p.settled, 5, "page")

    with pytest.raises(SessionLost):
        asyncio.run(_with_server(script, cut))


def test_nothing_listening_is_a_lost_session():
    async def body():
        await BrowserSession("http://127.0.0.1:9/phone").open(timeout=2)

    with pytest.raises(SessionLost, match="cannot connect"):
        asyncio.run(body())
