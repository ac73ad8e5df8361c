"""One browser tab over Streamlit's websocket: it asks for runs, keeps the page
model up to date, reruns timed fragments as a browser does, and lets a caller
wait until the page shows something."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import TypeVar

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from assistant.loadtest import protocol
from assistant.loadtest.page import PageModel, Widget

T = TypeVar("T")


class SessionLost(RuntimeError):
    """The server closed the connection (or went away)."""


class PageTimeout(TimeoutError):
    """The page did not show what was awaited in time."""


class BrowserSession:
    def __init__(self, url: str, *, clock: Callable[[], float] = time.perf_counter,
                 headers: dict[str, str] | None = None) -> None:
        """`headers` go with the connection's request (a test stands for a phone elsewhere on the
        network with X-Forwarded-For, which the server believes from loopback only)."""
        where = protocol.address(url)
        self.headers = dict(headers or {})
        self.stream_url = where.stream_url
        self.page = PageModel(where.query_string, where.page_name)
        self.clock = clock
        self.messages = 0
        self._ws: ClientConnection | None = None
        self._reader: asyncio.Task | None = None
        self._timers: dict[str, asyncio.Task] = {}
        self._changed = asyncio.Condition()
        self._closed = False
        self.failure = ""

    async def open(self, timeout: float = 30.0) -> BrowserSession:
        try:
            self._ws = await connect(self.stream_url, subprotocols=[protocol.SUBPROTOCOL], max_size=None,
                                     ping_interval=None, open_timeout=timeout, close_timeout=2,
                                     additional_headers=self.headers or None)
        except (TimeoutError, OSError) as exc:
            raise SessionLost(f"cannot connect to {self.stream_url}: {exc}") from exc
        self._reader = asyncio.create_task(self._read())
        await self.send()
        return self

    async def close(self) -> None:
        self._closed = True
        for task in self._timers.values():
            task.cancel()
        self._timers.clear()
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader

    @property
    def closed(self) -> bool:
        return self._closed

    async def send(self, trigger: Widget | None = None, *, fragment_id: str = "",
                   auto: bool = False) -> float:
        """Ask for a run with the widget values held (and a button press); returns when it was sent."""
        if self._closed or self._ws is None:
            raise SessionLost("the connection is closed")
        data = self.page.rerun_message(trigger, fragment_id=fragment_id, auto=auto).SerializeToString()
        sent_at = self.clock()
        try:
            await self._ws.send(data)
        except ConnectionClosed as exc:
            await self._lost()
            raise SessionLost(str(exc)) from exc
        return sent_at

    async def wait_for(self, found: Callable[[PageModel], T | None], timeout: float, what: str) -> T:
        """The first non-empty answer of `found(page)`, re-asked after every message."""
        deadline = self.clock() + timeout
        async with self._changed:
            while True:
                value = found(self.page)
                if value:
                    return value
                if self._closed:
                    raise SessionLost(f"connection closed while waiting for {what}"
                                      + (f" ({self.failure})" if self.failure else ""))
                left = deadline - self.clock()
                if left <= 0:
                    raise PageTimeout(f"no {what} within {timeout:.0f} s")
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), left)

    async def _read(self) -> None:
        assert self._ws is not None
        try:
            async for data in self._ws:
                if isinstance(data, str):
                    continue
                msg = protocol.parse(data)
                self.messages += 1
                self.page.apply(msg, self.clock())
                self._follow_timers(msg)
                async with self._changed:
                    self._changed.notify_all()
        except ConnectionClosed:
            pass
        except Exception as exc:  # noqa: BLE001 - a message we cannot read ends this tab, visibly
            self.failure = f"{type(exc).__name__}: {exc}"
        finally:
            await self._lost()

    async def _lost(self) -> None:
        self._closed = True
        for task in self._timers.values():
            task.cancel()
        self._timers.clear()
        async with self._changed:
            self._changed.notify_all()

    # Timed fragments, as the browser runs them ----------------------------------

    def _follow_timers(self, msg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "new_session" and not msg.metadata.run.fragment_ids:
            for task in self._timers.values():
                task.cancel()
            self._timers.clear()
        elif kind == "auto_rerun":
            fragment_id = msg.auto_rerun.fragment_id
            if fragment_id in self._timers:
                self._timers.pop(fragment_id).cancel()
            self._timers[fragment_id] = asyncio.create_task(self._every(fragment_id, msg.auto_rerun.interval))
        elif kind == "stop_auto_rerun":
            for fragment_id in msg.stop_auto_rerun.fragment_ids:
                if fragment_id in self._timers:
                    self._timers.pop(fragment_id).cancel()

    async def _every(self, fragment_id: str, interval: float) -> None:
        with contextlib.suppress(SessionLost, asyncio.CancelledError):
            while not self._closed:
                await asyncio.sleep(interval)
                await self.send(fragment_id=fragment_id, auto=True)
