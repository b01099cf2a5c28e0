"""A live lesson server for browser tests and benchmarks (no pytest here, so both can use it).

Each server runs the real launcher (``python -m lesson app``) in its own process with a
temporary HOME and database, so neither tests nor benchmarks touch anyone's progress. It binds
to 127.0.0.1 only.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil

QUIZ_READY = ".lesson-quiz .lesson-check"
FORK_SERVER = "lesson.kernel_fork"
"""The fork server's module; the kernels it forks keep its command line."""
"""A chapter's quiz is on screen and its first Check button can be used."""
LEAKY_ENV = ("JUPYTERHUB_USER", "LESSON_QUERY", "LESSON_HOST", "LESSON_PRESENT", "LESSON_DB", "JUPYTER_PATH",
             "LESSON_ALLOW_HOSTS", "HTTP_X_LESSON_BROWSER")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(ready: Callable[[], bool], limit_s: float, pause: Callable[[], object] | None = None) -> bool:
    """Poll ``ready`` until it holds (True) or ``limit_s`` has passed (False).

    For conditions outside a page (a server's log, its kernel list, flags set by Playwright
    events); ``pause`` defaults to a 0.2 s sleep. A page's own state is waited for by selector.
    """
    deadline = time.monotonic() + limit_s
    while not ready():
        if time.monotonic() > deadline:
            return False
        if pause is None:
            time.sleep(0.2)
        else:
            pause()
    return True


def private_env(tmp: Path) -> dict[str, str]:
    """The environment of a server or kernel: a temporary HOME, database and runtime dir."""
    env = {k: v for k, v in os.environ.items() if k not in LEAKY_ENV}
    home = tmp / "home"
    home.mkdir(exist_ok=True)
    env.update(HOME=str(home), LESSON_DB=str(tmp / "progress.sqlite3"), MPLCONFIGDIR=str(tmp / "mpl"),
               JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), PYTHONHASHSEED="0", TZ="UTC")
    return env


@dataclass
class LessonServer:
    """One running app: its URL, its private HOME/DB and its log."""

    root: Path | None = None
    env_extra: dict[str, str] = field(default_factory=dict)
    args: list[str] = field(default_factory=list)
    """More launcher options, e.g. ``["--preheat", "1"]``."""
    port: int = 0
    tmp: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="lesson-browser-")))
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def db(self) -> Path:
        return self.tmp / "progress.sqlite3"

    @property
    def log_path(self) -> Path:
        return self.tmp / "server.log"

    def env(self) -> dict[str, str]:
        return {**private_env(self.tmp), **self.env_extra}

    def start(self, timeout: float = 60.0) -> LessonServer:
        self.port = self.port or free_port()
        cmd = [sys.executable, "-m", "lesson", "app", "--no-browser", "--host", "127.0.0.1",
               "--port", str(self.port)]
        if self.root is not None:
            cmd += ["--root", str(self.root)]
        cmd += self.args
        log = self.log_path.open("wb")
        self.proc = subprocess.Popen(cmd, cwd=self.tmp, env=self.env(), stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"lesson server exited early:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url + "/voila/static/voila.js", timeout=2):
                    return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)  # polling a port that is not open yet, not waiting for the page
        raise RuntimeError(f"lesson server did not answer within {timeout}s:\n{self.log()}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def wait_for_log(self, needle: str, limit_s: float = 120.0) -> None:
        """Until the server's log contains ``needle`` (e.g. that its kernel pool is filled)."""
        exited = lambda: self.proc is not None and self.proc.poll() is not None  # noqa: E731
        wait_until(lambda: needle in self.log() or exited(), limit_s)
        if needle not in self.log():
            how = "exited" if exited() else f"ran {limit_s}s"
            raise RuntimeError(f"lesson server {how} without logging {needle!r}:\n{self.log()}")

    def kernels(self) -> list[psutil.Process]:
        """The server's kernels: its processes running ipykernel, and those forked from its fork
        server (``lesson.app.forked_kernels``)."""
        if self.proc is None:
            return []
        found = []
        for child in psutil.Process(self.proc.pid).children(recursive=True):
            try:
                parent = child.parent()
                forked = parent is not None and any(FORK_SERVER in part for part in parent.cmdline())
                if forked or any("ipykernel" in part for part in child.cmdline()):
                    found.append(child)
            except psutil.Error:
                continue
        return found

    def total_rss(self) -> int:
        """Bytes of RSS of the server and every process under it."""
        if self.proc is None:
            return 0
        server = psutil.Process(self.proc.pid)
        return sum(rss(p) for p in [server, *server.children(recursive=True)])


def rss(process: psutil.Process) -> int:
    """A process's resident memory in bytes (0 if it has gone)."""
    try:
        return int(process.memory_info().rss)
    except psutil.Error:
        return 0
