"""Links people open: built from the app's public base URL, plus QR codes for them."""

from __future__ import annotations

import io
from urllib.parse import urlencode, urlsplit, urlunsplit

import qrcode

PARTICIPANT = "p"
FACILITATOR = "f"
MANAGER = "m"
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


# A token link opens its role's first page, which Streamlit serves at the root only
# (a default page has no path of its own): "/console?f=…" would open the console
# behind a "Page not found" dialog.


def participant_url(base: str, token: str) -> str:
    return link(base, "", **{PARTICIPANT: token})


def facilitator_url(base: str, token: str) -> str:
    return link(base, "", **{FACILITATOR: token})


def manager_url(base: str, token: str) -> str:
    return link(base, "", **{MANAGER: token})


def is_local(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host in {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


def qr_png(text: str, box_size: int = 12) -> bytes:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=2)
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()
