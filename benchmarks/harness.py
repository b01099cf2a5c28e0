"""Servers, kernels, memory and statistics for the benchmarks (no browser code here).

Servers run the real launcher (``python -m lesson.app.launch``) in their own process with a
temporary HOME and database, as the browser tests do, so a benchmark never touches anyone's
progress. Everything binds to 127.0.0.1.
"""

from __future__ import annotations

import json
import math
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil

LEAKY_ENV = ("JUPYTERHUB_USER", "LESSON_QUERY", "LESSON_HOST", "LESSON_PRESENT", "LESSON_DB", "JUPYTER_PATH")
HELLO_SOURCE = (
    "import ipywidgets as widgets\n\n"
    'hello = widgets.Button(description="Hello world")\n'
    'hello.add_class("lesson-check")\n'
    'widgets.VBox([hello]).add_class("lesson-quiz")'
)
"""The floor: one cell, one widget, carrying the same classes the chapter's Check button has,
so both pages are timed with the very same selector."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def private_env(tmp: Path) -> dict[str, str]:
    """The environment of a benchmark server: a temporary HOME, database and runtime dir."""
    env = {k: v for k, v in os.environ.items() if k not in LEAKY_ENV}
    home = tmp / "home"
    home.mkdir(exist_ok=True)
    env.update(HOME=str(home), LESSON_DB=str(tmp / "progress.sqlite3"), MPLCONFIGDIR=str(tmp / "mpl"),
               JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), PYTHONHASHSEED="0", TZ="UTC")
    return env


@dataclass
class Server:
    """One running lesson app (``root=None``: the real notebooks/)."""

    root: Path | None = None
    port: int = 0
    tmp: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="lesson-bench-")))
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> Server:
        self.port = self.port or free_port()
        cmd = [sys.executable, "-m", "lesson.app.launch", "--host", "127.0.0.1", "--port", str(self.port)]
        if self.root is not None:
            cmd += ["--root", str(self.root)]
        log = (self.tmp / "server.log").open("wb")
        self.proc = subprocess.Popen(cmd, cwd=self.tmp, env=private_env(self.tmp), stdout=log,
                                     stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited early; log in {self.tmp / 'server.log'}")
            try:
                with urllib.request.urlopen(self.url + "/voila/static/voila.js", timeout=2):
                    return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)  # the port is not open yet
        raise RuntimeError(f"server did not answer within {timeout}s")

    def kernels(self) -> list[psutil.Process]:
        """The server's kernel processes (its children running ipykernel)."""
        if self.proc is None:
            return []
        out = []
        for child in psutil.Process(self.proc.pid).children(recursive=True):
            try:
                if any("ipykernel" in part for part in child.cmdline()):
                    out.append(child)
            except psutil.Error:
                continue
        return out

    def total_rss(self) -> int:
        """Bytes of RSS of the server and every process under it."""
        if self.proc is None:
            return 0
        procs = [psutil.Process(self.proc.pid)] + psutil.Process(self.proc.pid).children(recursive=True)
        return sum(rss(p) for p in procs)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        shutil.rmtree(self.tmp, ignore_errors=True)


def rss(p: psutil.Process) -> int:
    try:
        return int(p.memory_info().rss)
    except psutil.Error:
        return 0


def hello_root() -> Path:
    """A temporary folder holding the one-cell ``hello.ipynb``."""
    import nbformat

    folder = Path(tempfile.mkdtemp(prefix="lesson-bench-hello-"))
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(HELLO_SOURCE)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / "hello.ipynb")
    return folder


def baseline_kernel_rss(timeout: float = 60.0) -> int:
    """RSS of a fresh kernel that has only run ``import ipywidgets, matplotlib.pyplot``."""
    from jupyter_client.manager import start_new_kernel

    tmp = Path(tempfile.mkdtemp(prefix="lesson-bench-kernel-"))
    km, kc = start_new_kernel(kernel_name="python3", env=private_env(tmp))
    try:
        reply = kc.execute_interactive("import ipywidgets, matplotlib.pyplot", timeout=timeout)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"baseline kernel failed: {reply['content']}")
        pid = km.provisioner.pid if km.provisioner else None
        return rss(psutil.Process(pid)) if pid else 0
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        shutil.rmtree(tmp, ignore_errors=True)


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else math.nan


def p95(xs: list[float]) -> float:
    """Nearest-rank 95th percentile (with 40 samples: the 38th smallest)."""
    if not xs:
        return math.nan
    s = sorted(xs)
    return s[max(0, math.ceil(0.95 * len(s)) - 1)]


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import playwright
    import voila

    return {
        "cpus": str(os.cpu_count()),
        "ram": f"{psutil.virtual_memory().total / 2**30:.1f} GiB",
        "cpu": model or platform.processor() or "unknown",
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "voila": voila.__version__,
        "playwright": getattr(playwright, "__version__", "?"),
        "chromium": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
    }


def dump(obj: object) -> str:
    return json.dumps(obj, indent=2, sort_keys=True)
