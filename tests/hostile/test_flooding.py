"""Guessing and flooding against a real server on 127.0.0.1, as a stranger on the network
would (the test phones say where they come from with X-Forwarded-For, which the server
believes from loopback only, as from a reverse proxy on the same machine): one client
re-joining without its cookie, guessing join codes, links and the PIN. Bounded: the server
runs with a small join burst so the test takes seconds."""

from __future__ import annotations

import asyncio
import re
import secrets
import time

import pytest

from assistant import links
from assistant.config import Settings
from assistant.errors import ForumFullError, TryLaterError
from assistant.forum import guard
from assistant.loadtest.client import BrowserSession
from assistant.loadtest.page import shown_text
from assistant.loadtest.phone import PageError, Phone, persona
from assistant.playbook.loader import load_playbook
from assistant.playbook.plan import forum_plan
from assistant.store import commands, queries
from assistant.store.database import open_store
from assistant.ui import state
from tests.conftest import PROJECT
from tests.live import running_app

pytestmark = pytest.mark.slow
BURST = 4


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    env = {"FORUM_JOIN_BURST": str(BURST), "FORUM_JOINS_PER_MINUTE": "1", "FORUM_MAX_PARTICIPANTS": "12"}
    with running_app(tmp_path_factory.mktemp("flood-app"), env) as live:
        store = open_store(Settings(data_dir=live.data_dir).resolved_database_url)
        yield live, store
        store.dispose()


@pytest.fixture
def forum(server):
    live, store = server
    created = commands.create_forum(store, title="פורום עיצוב", locality="לוד", domain="stem", language="he",
                                    plan=forum_plan(load_playbook(PROJECT / "prompts")), pin="2468")
    commands.open_collection(store, created.forum.id, "idea")
    return live, store, created


def _from(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": address}


def _joined(store, forum_id: int) -> int:
    with store.read() as session:
        return queries.participant_count(session, forum_id)


async def _join(live, code: str, address: str | None, index: int = 0) -> str:
    """A phone opening the join link and pressing join: its link, or the error it was shown."""
    phone = Phone(live.url, persona(index), step_timeout=30, headers=_from(address) if address else None)
    try:
        await phone.join(code)
        return phone.outcome.token
    except PageError as exc:
        return f"error: {exc}"
    finally:
        await phone.close()


def test_one_client_rejoining_without_its_cookie_gets_its_burst_and_then_waits(forum):
    live, store, created = forum
    code, fid = created.forum.join_code, created.forum.id

    async def flood():
        return [await _join(live, code, "203.0.113.50", n) for n in range(BURST + 3)]

    started = time.perf_counter()
    outcomes = asyncio.run(flood())
    took = time.perf_counter() - started
    assert [o.startswith("error:") for o in outcomes] == [False] * BURST + [True] * 3, outcomes
    for n in range(BURST, BURST + 3):  # each phone told in its own language, and how long to wait
        said = TryLaterError(reason="join", seconds=60).message(persona(n).language)
        assert re.sub(r"\d+", "#", outcomes[n]) == re.sub(r"\d+", "#", f"error: {said}"), outcomes[n]
    assert _joined(store, fid) == BURST
    print(f"\n{BURST + 3} joins from one client in {took:.1f} s; {BURST} admitted")
    # Another network, and the server's own machine, are not held up by it.
    assert not asyncio.run(_join(live, code, "198.51.100.7")).startswith("error:")
    assert not asyncio.run(_join(live, code, None)).startswith("error:")
    with store.read() as session:
        people = queries.participants(session, fid)
    devices = [p.device for p in people]
    assert len(set(devices[:BURST])) == 1 and devices[BURST] != devices[0] and devices[-1] is None


def test_the_forum_stops_at_its_cap_with_a_clear_message(forum):
    live, store, created = forum
    code, fid = created.forum.join_code, created.forum.id
    for _ in range(11):
        commands.join(store, join_code=code, sector="ngo", language="he")
    assert not asyncio.run(_join(live, code, "198.51.100.8")).startswith("error:")  # the 12th
    outcome = asyncio.run(_join(live, code, "198.51.100.9"))
    assert outcome == f"error: {ForumFullError(limit=12).message('he')}"
    assert _joined(store, fid) == 12


def test_guessing_join_codes_from_one_client_is_stopped(forum):
    live, _, created = forum

    async def guess():
        shown = []
        for n in range(guard.WRONG_CODE.free + 1):
            shown.append(await _join(live, f"QQ{n:04d}", "203.0.113.60"))
        shown.append(await _join(live, created.forum.join_code, "203.0.113.60"))  # the right one waits too
        return shown

    started = time.perf_counter()
    shown = asyncio.run(guess())
    rate = len(shown) / (time.perf_counter() - started)
    wrong_code = "error: אין פורום עם הקוד"
    assert all(s.startswith(wrong_code) for s in shown[:guard.WRONG_CODE.free]), shown
    assert "הוקלדו מכאן יותר מדי קודי הצטרפות שגויים" in shown[-2] and "בעוד 10 שניות" in shown[-2]
    assert "הוקלדו מכאן יותר מדי קודי הצטרפות שגויים" in shown[-1]
    print(f"\n{len(shown)} join codes tried at {rate:.1f} a second; stopped after {guard.WRONG_CODE.free}")


async def _open(live, query: str, address: str) -> BrowserSession:
    session = BrowserSession(f"{live.url}?{query}", headers=_from(address))
    await session.open(30)
    await session.wait_for(lambda p: p.settled, 30, "page")
    return session


def _errors(session: BrowserSession) -> list[str]:
    return [shown_text(s.element.alert.body) for s in session.page.alerts("error")]


def test_guessing_links_from_one_client_is_stopped(forum):
    live, _, created = forum

    async def guess():
        shown = []
        for _ in range(guard.WRONG_CODE.free + 1):
            session = await _open(live, f"{links.FACILITATOR}={secrets.token_urlsafe(24)}", "203.0.113.70")
            shown.append(_errors(session))
            await session.close()
        session = await _open(live, f"{links.FACILITATOR}={created.facilitator_token}", "203.0.113.70")
        shown.append(_errors(session))
        await session.close()
        return shown

    shown = asyncio.run(guess())
    denied = "הקישור הזה אינו מאפשר גישה לעמוד"
    assert all(any(denied in e for e in errors) for errors in shown[:guard.WRONG_CODE.free]), shown
    assert any("נפתחו מכאן יותר מדי קישורים שגויים" in e for e in shown[-2]), shown[-2]
    assert any("נפתחו מכאן יותר מדי קישורים שגויים" in e for e in shown[-1]), shown[-1]


def test_guessing_the_pin_waits_longer_after_three_tries(forum):
    live, store, created = forum

    async def guess():
        session = await _open(live, f"{links.FACILITATOR}={created.facilitator_token}", "203.0.113.80")
        shown = []
        for pin in ("0000", "1111", "2222", "3333", "2468"):
            page = session.page
            box = await session.wait_for(lambda p: p.settled and p.widget(state.PIN_INPUT), 30, "PIN form")
            page.set(box, pin)
            before = page.runs_begun
            await session.send(page.form_submitter("console.pin_form"))
            await session.wait_for(lambda p, b=before: p.runs_begun > b and p.settled, 30, "answer")
            shown.append([shown_text(s.element.alert.body) for s in page.alerts("error", after_run=before)])
        await session.close()
        return shown

    shown = asyncio.run(guess())
    assert shown[:2] == [["קוד PIN שגוי."]] * 2
    assert shown[2] == ["קוד PIN שגוי. אפשר לנסות שוב בעוד 30 שניות."]
    assert shown[3][0].startswith("היו יותר מדי ניסיונות שגויים של קוד ה-PIN")
    assert shown[4][0].startswith("היו יותר מדי ניסיונות שגויים של קוד ה-PIN")  # even the right one waits
    with pytest.raises(TryLaterError):  # and so does every other server process on this database
        commands.check_pin(store, created.forum.id, "2468")
