"""Limits on what a stranger can try: guessing a secret, or doing something costly too often.

Two kinds of limit, both pure arithmetic here (the store keeps their state, so that they survive
a restart and hold across server processes; see `store.guards`):

- a **lockout** counts wrong tries in a row (a forum's PIN, a join code, a link): the first
  `free` cost nothing, each one after makes the next wait twice as long as the one before, up
  to `max_wait`; a right try clears the count, and so does a quiet spell of `forget_after`.
- a **rate limit** is a token bucket: `burst` at once, then `per_minute` (joins from one network).

Who "a client" is comes from its network address, which the UI reads (see `Client`). The
server's own machine (loopback, with no proxy in between) is the operator and is not limited.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum


class Scope(StrEnum):
    """What a guard row counts, and what its key is."""

    PIN = "pin"  # wrong PINs typed at a forum's console: key the forum's id
    JOIN_CODE = "join-code"  # join codes that admit nobody: key the client
    LINK = "link"  # link tokens that match nobody: key the client
    JOIN = "join"  # joins: key the client


@dataclass(frozen=True)
class Lockout:
    free: int
    first_wait: timedelta
    max_wait: timedelta
    forget_after: timedelta

    def wait_after(self, failures: int) -> timedelta:
        """How long the next try waits after `failures` wrong ones in a row."""
        if failures < self.free:
            return timedelta(0)
        doublings = min(failures - self.free, 30)
        return min(self.first_wait * (2 ** doublings), self.max_wait)


@dataclass(frozen=True)
class RateLimit:
    burst: int
    per_minute: float

    def take(self, tokens: float | None, elapsed_seconds: float) -> tuple[float, float]:
        """The bucket after one more try, `elapsed_seconds` after the last (`tokens` None: a new
        bucket), and how many seconds to wait first (0: allowed now, and one token is spent)."""
        rate = self.per_minute / 60.0
        level = float(self.burst) if tokens is None else min(float(self.burst),
                                                              tokens + max(elapsed_seconds, 0.0) * rate)
        if level >= 1.0:
            return level - 1.0, 0.0
        return level, (1.0 - level) / rate if rate > 0 else float("inf")


# A forum's PIN: three free tries, then 30 s, 1 min, 2 min ... up to an hour between tries, so
# the 10,000 four-digit PINs would take years to go through. Per forum (whoever types them).
PIN = Lockout(free=3, first_wait=timedelta(seconds=30), max_wait=timedelta(hours=1),
              forget_after=timedelta(days=1))
# Join codes and links that match nothing, per client. Generous: a room sharing one Wi-Fi
# address makes typing slips together; a script guessing at the rate of the network does not get far.
WRONG_CODE = Lockout(free=20, first_wait=timedelta(seconds=10), max_wait=timedelta(minutes=15),
                     forget_after=timedelta(hours=1))


@dataclass(frozen=True)
class Limits:
    """A server's limits on joining, from its settings (`FORUM_JOIN_BURST`,
    `FORUM_JOINS_PER_MINUTE`, `FORUM_MAX_PARTICIPANTS`)."""

    join: RateLimit = RateLimit(burst=60, per_minute=30.0)
    max_participants: int = 120  # a forum's cap unless its facilitator set one


DEFAULT_LIMITS = Limits()
# How long a guard row is kept after its last use: the longest wait or memory above, and a margin.
KEEP = timedelta(days=2)


@dataclass(frozen=True)
class Client:
    """Who is on the other end, as far as the server can tell: the address of the network it
    comes from (None: this machine, with no proxy in between) and its browser's name."""

    address: str | None
    user_agent: str = ""

    @property
    def is_local(self) -> bool:
        return self.address is None

    def key(self) -> str:
        """The guards' key for this client: its network address (a browser can claim any name,
        so only the address counts here), digested so the store holds no address."""
        return hashlib.sha256(f"client|{self.address or 'local'}".encode()).hexdigest()[:40]

    def device(self, salt: str) -> str | None:
        """Which device, within one forum: a digest of address and browser keyed by the forum's
        salt, so the same phone joining again (without its cookie) groups with itself, and
        nobody can read an address back from it. None for this machine (the facilitator's own
        browser, the command line, a test): no phone to tell apart."""
        if self.is_local:
            return None
        message = f"{self.address}\n{self.user_agent}".encode()
        return hmac.new(salt.encode(), message, hashlib.sha256).hexdigest()[:32]


LOCAL = Client(address=None)
