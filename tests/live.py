"""A real Streamlit server for tests: started on a free port, killable, restartable; and a
`forum-assistant cluster` of several, behind HAProxy."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _base_env(data_dir: Path, extra: dict[str, str] | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORUM_") or k.startswith("FORUM_TEST_")}
    env.update({"FORUM_DATA_DIR": str(data_dir), "FORUM_EXPORTS_DIR": str(data_dir / "exports"),
                "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1", "FORUM_DENSE_WEIGHT": "0"})
    env.update(extra or {})
    return env


@dataclass
class LiveApp:
    """One `streamlit run streamlit_app.py` process; `url` ends with a slash."""

    data_dir: Path
    env: dict[str, str]
    port: int = field(default_factory=free_port)
    log_path: Path | None = None
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self, timeout: float = 90.0) -> LiveApp:
        self.env.setdefault("FORUM_PUBLIC_URL", self.url)
        self.log_path = self.log_path or self.data_dir / f"server-{self.port}.log"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")  # noqa: SIM115 - the server writes to it until stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(PROJECT / "streamlit_app.py"),
             "--server.headless", "true", "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
             "--server.runOnSave", "false"],
            cwd=PROJECT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url + "_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise TimeoutError(f"server did not answer within {timeout} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path and self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL, as a power cut or an OOM killer would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()

    def restart(self) -> LiveApp:
        self.stop()
        return self.start()


@contextmanager
def running_app(data_dir: Path, env: dict[str, str] | None = None, *, port: int | None = None) -> Iterator[LiveApp]:
    """Serve the app with its data in `data_dir`; FORUM_* settings from `env` only."""
    app = LiveApp(data_dir=data_dir, env=_base_env(data_dir, env))
    if port:
        app.port = port
    app.start()
    try:
        yield app
    finally:
        app.stop()


def have_haproxy() -> bool:
    """Whether the cluster finds HAProxy (on PATH or where Debian puts it)."""
    from assistant.cluster.processes import find_haproxy
    from assistant.errors import ClusterError

    try:
        find_haproxy()
    except ClusterError:
        return False
    return True


def _two_free_ports() -> int:
    """A free port whose next one is free too (a cluster's two processes)."""
    while True:
        first = free_port()
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", first + 1))
            except OSError:
                continue
        return first


@dataclass
class LiveCluster:
    """`forum-assistant cluster --processes 2`: `url` is the proxy's, `backends` the processes'."""

    url: str
    backends: list[str]
    data_dir: Path
    env: dict[str, str]
    process: subprocess.Popen

    def stats(self) -> dict[str, dict[str, str]]:
        from assistant.cluster.processes import read_stats

        return read_stats(self.data_dir / "cluster" / "haproxy.sock")

    def log(self, name: str) -> str:
        path = self.data_dir / "cluster" / f"{name}.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""


@contextmanager
def running_cluster(data_dir: Path, env: dict[str, str] | None = None, *, timeout: float = 180.0) -> Iterator[LiveCluster]:
    """Two app processes behind HAProxy, their data in `data_dir` (on the database `env` names,
    else its SQLite file); stopped, and checked stopped, on leaving."""
    from assistant.cluster.processes import answers

    env = _base_env(data_dir, env)
    port, first = free_port(), _two_free_ports()
    with open(data_dir / "cluster-command.log", "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "cluster", "--processes", "2", "--port", str(port),
             "--bind", "127.0.0.1", "--first-port", str(first)],
            cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    running = LiveCluster(url=f"http://127.0.0.1:{port}/", backends=[f"http://127.0.0.1:{first + n}/" for n in (0, 1)],
                          data_dir=data_dir, env=env, process=process)
    try:
        deadline = time.monotonic() + timeout
        while not answers(running.url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the cluster did not start:\n" + (data_dir / "cluster-command.log").read_text()
                                   + running.log("p1") + running.log("haproxy"))
            time.sleep(0.5)
        yield running
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(60)
    assert not any(answers(u) for u in [running.url, *running.backends])  # everything stopped
