"""`forum-assistant cluster` as an operator runs it: two app processes behind HAProxy on one
PostgreSQL. Phones spread across both lose and duplicate nothing, the console on one process
follows phones on the other, and the guards (PIN lockouts, join limits, join codes) are the
same on both."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from assistant.forum.vocabulary import IdeaStatus
from assistant.playbook.loader import load_playbook
from assistant.playbook.plan import forum_plan
from assistant.store import commands, queries
from assistant.store.database import SHARED_READ_SECONDS, open_store
from assistant.ui import state
from tests.browser.harness import expect, key, no_exception
from tests.browser.test_journey import join, send_ballot, send_idea, set_dots, t
from tests.conftest import POSTGRES_URL_ENV, _reset_postgres
from tests.live import PROJECT, have_haproxy, running_cluster

pytestmark = pytest.mark.slow
REQUIRE_TOOLS = os.environ.get("FORUM_TEST_REQUIRE_TOOLS") == "1"  # read before conftest clears FORUM_*
POSTGRES_URL = os.environ.get(POSTGRES_URL_ENV)
OUT = PROJECT / "test-output"
ELSEWHERE = {"X-Forwarded-For": "198.51.100.7"}  # one network of phones, not this machine


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if not (POSTGRES_URL and have_haproxy()):
        missing = "haproxy (apt-get install haproxy)" if POSTGRES_URL else POSTGRES_URL_ENV
        if REQUIRE_TOOLS:
            pytest.fail(f"FORUM_TEST_REQUIRE_TOOLS is set but {missing} is missing")
        pytest.skip(f"{missing} is missing")
    _reset_postgres(POSTGRES_URL)
    # Joins from one network: two at once, then one a minute (phones on this machine, as the
    # load generator's, are the operator's and not limited).
    with running_cluster(tmp_path_factory.mktemp("cluster"), {
            "FORUM_DATABASE_URL": POSTGRES_URL, "FORUM_JOIN_BURST": "2", "FORUM_JOINS_PER_MINUTE": "1"}) as running:
        yield running


def _store():
    return open_store(POSTGRES_URL)


def _forum(store, title: str, pin: str | None = None):
    created = commands.create_forum(store, title=title, locality="חורה", domain="youth", language="he",
                                    plan=forum_plan(load_playbook(PROJECT / "prompts")), pin=pin)
    return created


def test_each_process_has_run_the_app_before_any_browser_comes(cluster):
    """The cluster runs the app's script once on each process as it starts (Streamlit's script
    check): the first phones sent to a process no browser had opened waited for its imports."""
    for url in cluster.backends:
        with urllib.request.urlopen(url + "_stcore/metrics", timeout=10) as response:
            metrics = response.read().decode()
        assert 'cache="assistant.ui.services._services"' in metrics, metrics[:2000]  # the app ran
        assert 'session_events_total{type="connect"} 0' in metrics  # and no browser came yet
    # That check runs the app at every request: from outside, the proxy does not let it through.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(cluster.url + "_stcore/script-health-check", timeout=10)
    assert refused.value.code == 404


def test_phones_spread_over_both_processes_lose_and_duplicate_nothing(cluster):
    before = cluster.stats()
    done = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "loadtest", "--url", cluster.url, "--participants", "30",
         "--timeout", "150", "--json"], check=False, cwd=PROJECT, env=dict(cluster.env), capture_output=True,
        text=True, timeout=220)
    figures = json.loads(done.stdout)
    after = cluster.stats()
    spread = {name: int(after[f"app/{name}"]["stot"]) - int(before[f"app/{name}"]["stot"]) for name in ("p1", "p2")}
    OUT.mkdir(exist_ok=True)
    (OUT / "cluster-loadtest-30.json").write_text(json.dumps({**figures, "sessions": spread}, indent=2))
    print(f"\ntwo processes, 30 phones: {figures['seconds']} s, join p95 {figures['join_p95_ms']} ms, "
          f"ballot ack p95 {figures['ack_p95_ms']} ms, sessions per process {spread}")
    assert done.returncode == 0, (figures, done.stderr[-2000:], cluster.log("p1"), cluster.log("p2"))
    assert figures["joined"] == 30 and (figures["ideas_stored"], figures["ballots_stored"]) == (90, 30)
    assert figures["ideas_duplicated"] == 0 and figures["ballots_mismatched"] == 0
    assert min(spread.values()) >= 10, spread  # both processes carried phones
    store = _store()
    try:
        with store.read() as session:
            ideas = queries.ideas(session, figures["forum_id"], statuses=tuple(IdeaStatus))
            ballots = queries.ballots(session, figures["forum_id"], figures["poll_id"])
    finally:
        store.dispose()
    assert (len(ideas), len({(i.participant_id, i.text) for i in ideas}), len(ballots)) == (90, 90, 30)


def test_the_console_on_one_process_follows_phones_on_the_other(cluster, make_context):
    store = _store()
    created = _forum(store, "פורום שני תהליכים")
    forum_id = created.forum.id
    commands.open_collection(store, forum_id, "idea")
    one, other = cluster.backends
    console = make_context().new_page()
    console.goto(f"{other}?f={created.facilitator_token}")
    console.get_by_role("tab", name=t("console.tab_ideas")).click()

    phone = join(make_context("phone"), f"{one}phone?join={created.forum.join_code}", name="רים",
                 sector="residents")
    sent_at = time.monotonic()
    send_idea(phone, "מרחב לימוד פתוח בערבים")
    expect(console.get_by_text("מרחב לימוד פתוח בערבים").first).to_be_visible(timeout=15_000)
    seen_after = time.monotonic() - sent_at

    # A vote: the phone on the first process follows to its ballot and votes; the projector,
    # opened from the console on the second, counts the voter.
    poll = commands.create_poll(store, forum_id, title="מה קודם?", method="dots", labels=["מרחב", "הסעות"],
                                params={"budget": 3, "cap": 3}, open_now=True)
    store.dispose()
    first, _ = (o.id for o in poll.options)
    expect(phone.locator(key(f"phone.ballot.{poll.id}.send"))).to_be_visible()
    set_dots(phone, poll.id, {first: 3}, 3)
    send_ballot(phone, poll.id, t("phone.ballot_recorded"))
    console.get_by_test_id("stSidebarNav").get_by_role("link", name=t("nav.projector")).click()
    expect(console.get_by_text(t("results.voters_count", count=1))).to_be_visible(timeout=15_000)
    print(f"\nan idea sent through one process showed on the other's console after {seen_after:.1f} s")
    no_exception(console)
    no_exception(phone)


def test_pin_lockouts_join_limits_and_join_codes_hold_across_processes(cluster, make_context):
    store = _store()
    locked = _forum(store, "פורום נעול", pin="4821")
    open_forum = _forum(store, "פורום פתוח")
    commands.open_collection(store, open_forum.forum.id, "idea")
    store.dispose()
    one, other = cluster.backends

    # Three wrong PINs on one process; the fourth try, on the other, waits (the right PIN too).
    def try_pin(base: str, pin: str):
        page = make_context().new_page()
        page.goto(f"{base}?f={locked.facilitator_token}")
        page.locator(key("console.pin") + " input").fill(pin)
        page.keyboard.press("Enter")
        return page

    for _ in range(3):
        expect(try_pin(one, "0000").get_by_text(t("error.wrong_pin"))).to_be_visible()
    waiting = try_pin(other, "4821")
    expect(waiting.get_by_test_id("stAlertContentError")).to_contain_text(t("error.try_later.pin", wait="")[:30])
    expect(waiting.get_by_role("tab", name=t("console.tab_now"))).to_have_count(0)

    # Joins from one network outside: two at once (one on each process), then the third waits.
    join_url = f"phone?join={open_forum.forum.join_code}"
    join(make_context("phone", extra_http_headers=ELSEWHERE), one + join_url, name="א", sector="residents")
    join(make_context("phone", extra_http_headers=ELSEWHERE), other + join_url, name="ב", sector="ngo")
    third = make_context("phone", extra_http_headers=ELSEWHERE).new_page()
    third.goto(one + join_url)
    third.get_by_role("radio", name=t("sector.education"), exact=True).click()
    third.locator(key("phone.join")).get_by_role("button").click()
    expect(third.get_by_test_id("stAlertContentError")).to_contain_text(t("error.try_later.join", wait="")[:25])

    # A new join code given on one process: the old one admits nobody on the other.
    console = make_context().new_page()
    console.goto(f"{one}?f={open_forum.facilitator_token}")
    console.get_by_role("tab", name=t("console.tab_links")).click()
    console.locator("summary").filter(has_text=t("console.new_join_code")).click()  # the button inside says it too
    console.locator(key(state.JOIN_CODE_CONFIRM)).get_by_text(t("console.new_join_code_confirm")).click()
    console.locator(key("console.new_join_code")).get_by_role("button").click()
    store = _store()
    new_code, deadline = open_forum.forum.join_code, time.monotonic() + 30
    while new_code == open_forum.forum.join_code and time.monotonic() < deadline:
        time.sleep(0.3)
        with store.read() as session:
            new_code = queries.get_forum(session, open_forum.forum.id).join_code
    store.dispose()
    assert new_code != open_forum.forum.join_code
    expect(console.get_by_text(new_code).first).to_be_visible()  # the console says so
    time.sleep(SHARED_READ_SECONDS)  # the other process sees a join code changed on this one within that
    stale = make_context("phone").new_page()
    stale.goto(other + join_url)
    expect(stale.locator(key("phone.join_code") + " input")).to_have_value(open_forum.forum.join_code)
    stale.get_by_role("radio", name=t("sector.other"), exact=True).click()
    stale.locator(key("phone.join")).get_by_role("button").click()
    expect(stale.get_by_test_id("stAlertContentError")).to_contain_text(open_forum.forum.join_code)
    fresh = join(make_context("phone"), f"{other}phone?join={new_code}", name="ג", sector="other")
    no_exception(fresh)
