"""Servers, kernels, memory and statistics for the benchmarks (no browser code here).

Servers run the real launcher (``python -m lesson app``) in their own process with a
temporary HOME and database, as the browser tests do, so a benchmark never touches anyone's
progress. Everything binds to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Awaitable, Callable
from pathlib import Path

import psutil

from lesson.paths import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "tests" / "browser"))
from lesson_server import LessonServer, free_port, private_env, rss  # noqa: E402,F401  (shared with the browser tests)

HELLO_SOURCE = (
    "import ipywidgets as widgets\n\n"
    'hello = widgets.Button(description="Hello world")\n'
    'hello.add_class("lesson-check")\n'
    'widgets.VBox([hello]).add_class("lesson-quiz")'
)
"""The floor: one cell, one widget, carrying the same classes the chapter's Check button has,
so both pages are timed with the very same selector."""


class Server(LessonServer):
    """A benchmark server: the browser tests' server, whose temporary folder is removed on stop."""

    def stop(self) -> None:
        super().stop()
        shutil.rmtree(self.tmp, ignore_errors=True)


class StockServer(Server):
    """Stock Voila (``python -m voila FOLDER``): its own lab template, no lesson config, no
    launcher. The floor of issue 11 ("beat stock Voila at its own floor").

    Its template links Font Awesome from a public CDN; outside hosts are blocked in every
    browser here, so that request fails, as it would on a machine with no Internet. Idle
    kernels are culled after a minute (stock Voila's unload beacon is refused, so every load
    would keep its kernel); that changes nothing in how a page loads.
    """

    def start(self, timeout: float = 60.0) -> StockServer:
        import subprocess

        self.port = self.port or free_port()
        cmd = [sys.executable, "-m", "voila", str(self.root), "--no-browser", f"--port={self.port}",
               "--Voila.ip=127.0.0.1", "--MappingKernelManager.cull_idle_timeout=60",
               "--MappingKernelManager.cull_interval=20"]
        log = self.log_path.open("wb")
        self.proc = subprocess.Popen(cmd, cwd=self.tmp, env=self.env(), stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"stock voila exited early:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url + "/voila/static/voila.js", timeout=2):
                    return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)  # polling a port that is not open yet
        raise RuntimeError(f"stock voila did not answer within {timeout}s:\n{self.log()}")


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


def tree_cpu(root: psutil.Process, name: str = "") -> float:
    """CPU seconds (user + system) used so far by ``root`` and everything under it.

    Children that have exited count through their parent's ``children_*`` times, live ones
    through their own. With ``name``, only processes whose name contains it are counted (the
    browser's processes among this script's descendants).
    """
    total = 0.0
    for proc in [root, *root.children(recursive=True)]:
        try:
            if name and name not in proc.name():
                continue
            t = proc.cpu_times()
            total += t.user + t.system + t.children_user + t.children_system
        except psutil.Error:
            continue
    return total


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


def publish(results: object, text: str, raw_name: str, readme: Path | None,
            write_readme: Callable[[Path, str], None]) -> int:
    """Print the table, keep the raw figures in the temp folder and, when asked, write the README."""
    print(text)
    raw = Path(tempfile.gettempdir()) / raw_name
    raw.write_text(dump(results))
    print(f"raw figures: {raw}")
    if readme is not None:
        write_readme(readme, text)
        print(f"wrote {readme.relative_to(readme.parent.parent)}")
    return 0


def write_between(path: Path, text: str, start: str, end: str, heading: str) -> None:
    """Put ``text`` between the markers ``start`` and ``end`` of the Markdown file ``path``
    (replacing what was there), or append it under ``heading`` if the markers are missing."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{start}\n{text}{end}"
    if start in old and end in old:
        new = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _m: block, old, flags=re.S)
    else:
        new = old.rstrip() + f"\n\n## {heading}\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")


def run_cli(parser: argparse.ArgumentParser, argv: list[str] | None,
            measure: Callable[[argparse.Namespace], Awaitable[dict]], render: Callable[[dict], str],
            raw_name: str, write_readme: Callable[[Path, str], None]) -> int:
    """A benchmark's command line: its options plus ``--readme``, the run, then ``publish``."""
    parser.add_argument("--readme", action="store_true", help="write the table into benchmarks/README.md")
    args = parser.parse_args(argv)
    results = asyncio.run(measure(args))
    readme = Path(__file__).resolve().parent / "README.md" if args.readme else None
    return publish(results, render(results), raw_name, readme, write_readme)
