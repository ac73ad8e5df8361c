"""Secrets and codes: tokens for links, short join codes, facilitator PINs.

Tokens are stored only as digests and compared in constant time. The manager
token is derived from the facilitator token, so the facilitator console can
show the manager link again without the database keeping any secret.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from enum import StrEnum

JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
JOIN_CODE_LENGTH = 6
TOKEN_BYTES = 24


class Role(StrEnum):
    FACILITATOR = "facilitator"
    PARTICIPANT = "participant"
    MANAGER = "manager"
    TEAM_LEAD = "team_lead"  # a professional team's domain lead, after the forum: its team only


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same_digest(stored: str | None, token: str) -> bool:
    if not stored:
        return False
    return hmac.compare_digest(stored.encode("ascii"), digest(token).encode("ascii"))


def manager_token_for(facilitator_token: str) -> str:
    mac = hmac.new(facilitator_token.encode("utf-8"), b"forum-assistant/manager", hashlib.sha256)
    return mac.hexdigest()[:32]


def team_token_for(facilitator_token: str, team_id: int, generation: int) -> str:
    """A team lead's link, derived as the manager's is: the console can show it again, a new
    facilitator link replaces it, and a new `generation` replaces it alone (it leaked)."""
    message = f"forum-assistant/team/{team_id}/{generation}".encode()
    return hmac.new(facilitator_token.encode("utf-8"), message, hashlib.sha256).hexdigest()[:32]


def meetings_token_for(team_token: str) -> str:
    """The link of a team's own meetings (its console, projector and assistant), drawn from its
    lead's link: replaced with it."""
    return hmac.new(team_token.encode("utf-8"), b"forum-assistant/team-meetings", hashlib.sha256).hexdigest()[:32]


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalize_join_code(code: str) -> str:
    """Upper case, without what typing or pasting adds around a code: spaces, dashes, and
    the invisible direction marks Hebrew and Arabic chat apps put around Latin text."""
    return "".join(ch for ch in code.upper() if ch.isascii() and ch.isalnum())


def same_secret(expected: str, typed: str | None) -> bool:
    """Constant-time comparison of a typed code with the one configured."""
    return hmac.compare_digest(expected.encode("utf-8"), (typed or "").strip().encode("utf-8"))


def looks_like_token(token: str | None) -> bool:
    return bool(token) and 16 <= len(token) <= 64 and all(ch.isalnum() or ch in "-_" for ch in token)


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    key = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return f"scrypt${salt.hex()}${key.hex()}"


PIN_HASH = re.compile(r"scrypt\$[0-9a-f]{32}\$[0-9a-f]{64}")


def is_pin_hash(stored: str) -> bool:
    """Whether `stored` is a PIN hash as `hash_pin` writes it (a backup's is checked so)."""
    return PIN_HASH.fullmatch(stored) is not None


def verify_pin(stored: str | None, pin: str) -> bool:
    if not stored:
        return True
    if not is_pin_hash(stored):  # damaged: no PIN opens it (the operator clears it: new-links --clear-pin)
        return False
    _, salt_hex, key_hex = stored.split("$")
    candidate = hash_pin(pin, bytes.fromhex(salt_hex)).split("$")[2]
    return hmac.compare_digest(candidate, key_hex)
