"""A real Streamlit server for tests: started on a free port, killable, restartable."""

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
