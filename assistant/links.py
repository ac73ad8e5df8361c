"""Links people open: built from the app's public base URL, plus QR codes for them."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit, urlunsplit

import qrcode

PARTICIPANT = "p"
FACILITATOR = "f"
MANAGER = "m"
TEAM = "t"
JOIN = "join"


def base_url(url: str) -> str:
    """The app's root, without page path, query or fragment."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/", "", ""))


def link(base: str, page: str = "", **params: str) -> str:
    root = base_url(base).rstrip("/")
    query = f"?{urlencode(params)}" if params else ""
    return f"{root}/{page}{query}"


def join_url(base: str, join_code: str) -> str:
    return link(base, "phone", **{JOIN: join_code})


def join_address(base: str) -> str:
    """The address a phone that cannot scan types, then the join code: no scheme, no code."""
    return link(base, "phone").split("://", 1)[-1]


# A token link opens its role's first page, which Streamlit serves at the root only
# (a default page has no path of its own): "/console?f=…" would open the console
# behind a "Page not found" dialog.


def participant_url(base: str, token: str) -> str:
    return link(base, "", **{PARTICIPANT: token})


def facilitator_url(base: str, token: str) -> str:
    return link(base, "", **{FACILITATOR: token})


def manager_url(base: str, token: str) -> str:
    return link(base, "", **{MANAGER: token})


def team_url(base: str, token: str) -> str:
    return link(base, "", **{TEAM: token})


# A phone remembers, per forum, who joined on it: scanning the join code again (at the next
# meeting, weeks later) brings a participant back as themselves, with their ideas and ballots,
# and not as a new person counted twice in the results by sector.
REMEMBER_PREFIX = "forum_p"
REMEMBER_DAYS = 120


def remember_cookie(forum_id: int) -> str:
    return f"{REMEMBER_PREFIX}{forum_id}"


def remembered(cookies: Mapping[str, str]) -> dict[int, str]:
    """Forum id -> the participant token this browser joined that forum with."""
    found: dict[int, str] = {}
    for name, value in cookies.items():
        number = name.removeprefix(REMEMBER_PREFIX)
        if number != name and number.isdigit() and value:
            found[int(number)] = value
    return found


def cookie_script(name: str, value: str | None, *, secure: bool, days: int = REMEMBER_DAYS) -> str:
    """A script that sets the cookie `name` (or deletes it when `value` is None)."""
    lifetime = f"max-age={days * 24 * 3600}" if value is not None else "max-age=0"
    attributes = f"; path=/; {lifetime}; SameSite=Lax{'; Secure' if secure else ''}"
    assignment = json.dumps(f"{name}={value or ''}{attributes}").replace("<", "\\u003c")
    return f"<script>document.cookie = {assignment};</script>"


def is_local(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host in {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


def on_network(url: str, addresses) -> str | None:
    """`url` at this machine's address on a local network (the one phones in the room reach),
    from the machine's `addresses`: a private IPv4 address first; None when it has none."""
    import ipaddress

    found = []
    for address in addresses:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            continue
        if ip.version == 4 and not ip.is_loopback and not ip.is_link_local:
            found.append((not ip.is_private, str(ip)))
    if not found:
        return None
    parts = urlsplit(url)
    netloc = min(found)[1] + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def qr_png(text: str, box_size: int = 12) -> bytes:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=2)
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()
