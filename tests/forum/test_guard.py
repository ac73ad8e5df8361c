"""The limits' arithmetic: lockouts that grow, token buckets, who a client is."""

from __future__ import annotations

from datetime import timedelta

import pytest

from assistant.forum import guard


def test_a_pin_lockout_lets_three_tries_go_then_doubles_each_wait_up_to_an_hour():
    waits = [guard.PIN.wait_after(n).total_seconds() for n in range(1, 12)]
    assert waits == [0, 0, 30, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    # Going through the 10,000 four-digit PINs would take more than a year at that pace.
    assert sum(guard.PIN.wait_after(n).total_seconds() for n in range(1, 10_001)) > 365 * 24 * 3600


def test_a_wrong_code_lockout_is_generous_for_a_room_that_shares_one_address():
    assert guard.WRONG_CODE.wait_after(19) == timedelta(0)
    assert guard.WRONG_CODE.wait_after(20) == timedelta(seconds=10)
    assert guard.WRONG_CODE.wait_after(40) == timedelta(minutes=15)


def test_a_bucket_gives_its_burst_then_its_rate():
    limit = guard.RateLimit(burst=3, per_minute=6)  # one every 10 s
    tokens, waits = None, []
    for _ in range(4):
        tokens, wait = limit.take(tokens, 0.0)
        waits.append(wait)
    assert waits[:3] == [0.0, 0.0, 0.0] and waits[3] == pytest.approx(10.0)
    tokens, wait = limit.take(tokens, 5.0)  # half a token back: 5 s more
    assert wait == pytest.approx(5.0)
    tokens, wait = limit.take(tokens, 5.0)  # the refused try spent nothing; now a whole token
    assert wait == 0.0
    full, wait = limit.take(0.0, 3600.0)  # never more than the burst
    assert (full, wait) == (2.0, 0.0)


def test_a_client_is_keyed_by_its_address_and_a_device_by_address_and_browser():
    phone = guard.Client("203.0.113.7", "Mozilla/5.0 (iPhone)")
    same_network = guard.Client("203.0.113.7", "Mozilla/5.0 (Android)")
    assert phone.key() == same_network.key()  # a browser may claim any name: limits follow the address
    assert phone.device("salt") != same_network.device("salt")
    assert phone.device("salt") != phone.device("another forum's salt")
    assert "203.0.113.7" not in phone.key() + phone.device("salt")
    assert not phone.is_local and guard.LOCAL.is_local
    assert guard.LOCAL.device("salt") is None  # the server's own machine is nobody's phone
