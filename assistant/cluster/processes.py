"""Starting, watching and stopping the app processes and the proxy in front of them."""

from __future__ import annotations

import logging
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from assistant.cluster.proxy import Backend, connection_limit, haproxy_config, parse_stats
from assistant.config import PROJECT_ROOT, Settings
from assistant.errors import ClusterError

log = logging.getLogger(__name__)
# Where Debian puts HAProxy (/usr/sbin is not on every user's PATH).
HAPROXY_PLACES = ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy")
RESTART_PAUSE = 2.0
SCRIPT_CHECK = "_stcore/script-health-check"  # runs the app's script once (see `warm`)


@dataclass(frozen=True)
class ClusterPlan:
    processes: int = 2
    port: int = 8501  # where browsers come (the proxy)
    bind: str = "127.0.0.1"
    first_port: int | None = None  # the app processes' ports on loopback, from here on (default: port + 1)
    haproxy: str | None = None  # the proxy's program (default: found on PATH or in /usr/sbin)

    def backends(self) -> list[Backend]:
        first = self.first_port or self.port + 1
        return [Backend(name=f"p{n + 1}", port=first + n) for n in range(self.processes)]


def find_haproxy(wanted: str | None = None) -> str:
    candidates = [wanted] if wanted else [shutil.which("haproxy"), *HAPROXY_PLACES]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise ClusterError(reason="no_proxy", program=wanted or "haproxy")


def _port_free(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def answers(url: str) -> bool:
    """Whether the app (or the proxy in front of it) at `url` says it is healthy."""
    try:
        with urllib.request.urlopen(url + "_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def warm(url: str, timeout: float = 60.0) -> bool:
    """Has the app at `url` run its script once, on a session of its own (Streamlit's script
    health check), and says whether the run went without an error.

    A process's first run imports the pages' modules and starts its warm-up (the facilitator's
    modules, then Python's collector told to leave what they made alone: `navigation._warm_up`).
    Behind the proxy, the phones that come first to a process no browser has opened waited for
    all of it: with 200 phones on two processes, the half sent to the one the console was not
    open on joined at p50 8.4 s against 2.6 s (p95 9.8 s against 3.5 s)."""
    try:
        with urllib.request.urlopen(url + SCRIPT_CHECK, timeout=timeout) as response:
            return response.status == 200
    except OSError as exc:  # an HTTP 503 (the script failed) included: the page will say why
        log.warning("warming %s up: %s", url, exc)
        return False


def read_stats(stats_socket: Path) -> dict[str, dict[str, str]]:
    """HAProxy's figures, asked on its stats socket (see `proxy.parse_stats`)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(5)
        sock.connect(str(stats_socket))
        sock.sendall(b"show stat\n")
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return parse_stats(b"".join(chunks).decode("utf-8", "replace"))


class Cluster:
    """`plan.processes` app processes on one database, and HAProxy in front of them: the SQLite
    file they all open (the processes are on this machine), or a PostgreSQL."""

    def __init__(self, settings: Settings, plan: ClusterPlan, *, env: dict[str, str] | None = None) -> None:
        if plan.processes < 1:
            raise ClusterError(reason="processes", processes=plan.processes)
        from assistant.store.database import shared_by_processes

        if not shared_by_processes(settings.resolved_database_url):
            raise ClusterError(reason="memory")
        self.settings = settings
        self.plan = plan
        self.haproxy = find_haproxy(plan.haproxy)
        self.env = dict(os.environ if env is None else env)
        self.folder = settings.data_dir / "cluster"
        self.backends = plan.backends()
        self.apps: dict[str, subprocess.Popen] = {}
        self.proxy: subprocess.Popen | None = None
        self._stopping = threading.Event()

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.plan.bind in ("0.0.0.0", "::", "") else self.plan.bind
        return f"http://{host}:{self.plan.port}/"

    @property
    def stats_socket(self) -> Path:
        return self.folder / "haproxy.sock"

    def log_path(self, name: str) -> Path:
        return self.folder / f"{name}.log"

    def prepare(self) -> None:
        """Once, before any process starts: the database migrated and the corpus indexed (two
        processes doing either at the same moment would trip over each other)."""
        from assistant.retrieval.index_store import IndexStore
        from assistant.store.database import open_store

        open_store(self.settings.resolved_database_url).dispose()
        IndexStore(self.settings).build(dense=self.settings.dense_weight > 0)

    def start(self, timeout: float = 120.0) -> Self:
        self.folder.mkdir(parents=True, exist_ok=True)
        busy = [p for p in [self.plan.port, *(b.port for b in self.backends)]
                if not _port_free(self.plan.bind if p == self.plan.port else "127.0.0.1", p)]
        if busy:
            raise ClusterError(reason="port_busy", port=busy[0])
        self.prepare()
        for backend in self.backends:
            self._start_app(backend)
        deadline = time.monotonic() + timeout
        for backend in self.backends:
            self._wait(backend.name, backend.url, deadline)
        for backend in self.backends:
            warm(backend.url, timeout=max(5.0, deadline - time.monotonic()))
        config = self.folder / "haproxy.cfg"
        open_files = resource.getrlimit(resource.RLIMIT_NOFILE)[1]  # the proxy raises its own limit to this
        config.write_text(haproxy_config(self.backends, bind=self.plan.bind, port=self.plan.port,
                                         stats_socket=self.stats_socket,
                                         maxconn=connection_limit(open_files if open_files > 0 else 4096)),
                          encoding="utf-8")
        with open(self.log_path("haproxy"), "ab") as out:
            self.proxy = subprocess.Popen([self.haproxy, "-db", "-f", str(config)], stdout=out,
                                          stderr=subprocess.STDOUT, start_new_session=True)
        self._wait("haproxy", self.url, deadline)
        return self

    def _start_app(self, backend: Backend) -> None:
        with open(self.log_path(backend.name), "ab") as out:
            self.apps[backend.name] = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "streamlit_app.py"),
                 "--server.headless", "true", "--server.address", backend.host, "--server.port", str(backend.port),
                 "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
                 "--server.runOnSave", "false", "--server.scriptHealthCheckEnabled", "true"],
                cwd=PROJECT_ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    def _process(self, name: str) -> subprocess.Popen | None:
        return self.proxy if name == "haproxy" else self.apps.get(name)

    def _wait(self, name: str, url: str, deadline: float) -> None:
        while time.monotonic() < deadline:
            process = self._process(name)
            if process is not None and process.poll() is not None:
                self.stop()
                raise ClusterError(reason="exited", name=name, code=process.returncode, log=self.log_path(name))
            if answers(url):
                return
            time.sleep(0.3)
        self.stop()
        raise ClusterError(reason="timeout", name=name, log=self.log_path(name))

    def stats(self) -> dict[str, dict[str, str]]:
        """The proxy's figures for each process (sessions now and in all, state)."""
        return read_stats(self.stats_socket)

    def watch(self) -> None:
        """Until stopped: an app process that exits is started again (its phones reconnect to
        the others meanwhile); the proxy exiting ends the cluster."""
        while not self._stopping.wait(1.0):
            if self.proxy is not None and self.proxy.poll() is not None:
                raise ClusterError(reason="exited", name="haproxy", code=self.proxy.returncode,
                                   log=self.log_path("haproxy"))
            for backend in self.backends:
                if self.apps[backend.name].poll() is not None and not self._stopping.is_set():
                    log.warning("%s exited with %s; starting it again", backend.name,
                                self.apps[backend.name].returncode)
                    time.sleep(RESTART_PAUSE)
                    self._start_app(backend)
                    threading.Thread(target=self._warm_when_up, args=(backend,), daemon=True,
                                     name=f"warm-{backend.name}").start()

    def _warm_when_up(self, backend: Backend, timeout: float = 120.0) -> None:
        """A process started again mid-meeting is warmed before the proxy sends it phones (the
        proxy sends none until its health check has answered twice, 2 seconds apart)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not self._stopping.is_set():
            if answers(backend.url):
                warm(backend.url, timeout=max(5.0, deadline - time.monotonic()))
                return
            time.sleep(0.3)

    def stop(self) -> None:
        self._stopping.set()
        processes = [p for p in [self.proxy, *self.apps.values()] if p is not None and p.poll() is None]
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
