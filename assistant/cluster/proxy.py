"""The reverse proxy's configuration (HAProxy): pure text, from where the processes listen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

COOKIE = "FORUM_PROCESS"


@dataclass(frozen=True)
class Backend:
    """One app process, as the proxy reaches it."""

    name: str
    port: int
    host: str = "127.0.0.1"

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"


def haproxy_config(backends: Sequence[Backend], *, bind: str, port: int, stats_socket: Path,
                   maxconn: int = 4000) -> str:
    """HAProxy in front of `backends`:

    - a browser stays on the process that served its first request (the cookie `COOKIE`,
      inserted by the proxy), so its websocket, its downloads and its uploads meet the
      session they belong to; a process that stops answering its health check is left out and
      its browsers reconnect to another (a phone's identity is in its link, so it is still
      the same participant there);
    - new browsers go to the process with the fewest open connections (websockets stay open
      for a whole meeting, so counting requests would not spread them);
    - the client's address goes to the app in X-Forwarded-For, replacing any the client sent,
      so the guards count each network on its own; a client on this machine is let through
      as it is (the operator, or a test standing for phones elsewhere);
    - websockets stay open for a whole day of meetings;
    - Streamlit's script health check, which runs the app's script at each request (the
      cluster warms each process with it), is not let through from outside;
    - `maxconn` connections at once (each takes two file descriptors: see `connection_limit`).
    """
    if not backends:
        raise ValueError("at least one process")
    servers = "\n".join(
        f"    server {b.name} {b.host}:{b.port} check inter 2s fall 3 rise 2 cookie {b.name}" for b in backends)
    return f"""# Written by `forum-assistant cluster`; regenerated at every start.
global
    maxconn {maxconn}
    stats socket {stats_socket} mode 600 level operator

defaults
    mode http
    timeout connect 5s
    timeout client 12h
    timeout server 12h
    timeout tunnel 12h
    timeout http-request 30s

frontend forum
    bind {bind}:{port}
    http-request set-header X-Forwarded-For %[src] unless {{ src 127.0.0.0/8 ::1 }}
    http-request deny deny_status 404 if {{ path_end /_stcore/script-health-check }}
    default_backend app

backend app
    balance leastconn
    cookie {COOKIE} insert indirect nocache httponly
    option httpchk GET /_stcore/health
    option redispatch
{servers}
"""


def connection_limit(open_files: int) -> int:
    """How many connections the proxy may hold when a process may open `open_files` files
    (each connection is two: the browser's and the app's), a margin kept for the rest."""
    return max(100, min(20_000, (open_files - 200) // 2))


def parse_stats(csv_text: str) -> dict[str, dict[str, str]]:
    """HAProxy's `show stat` CSV, by proxy/server name ("app/p1", "app/BACKEND", ...)."""
    lines = [line for line in csv_text.splitlines() if line.strip()]
    if not lines or not lines[0].startswith("# "):
        return {}
    header = lines[0][2:].split(",")
    rows = {}
    for line in lines[1:]:
        row = dict(zip(header, line.split(","), strict=False))
        rows[f"{row.get('pxname')}/{row.get('svname')}"] = row
    return rows
