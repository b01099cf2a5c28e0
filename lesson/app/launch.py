"""Start the lesson as a Voila app: the notebooks folder, the lesson's template and voila.json.

Voila's own ``/`` is a file tree with no kernel, so it can show no progress. The launcher
swaps it for a redirect to the landing notebook that keeps the query string
(``/?learner=ann`` -> ``/voila/render/index.ipynb?learner=ann``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import tornado.web
from jupyter_server.utils import url_path_join
from voila.app import Voila

from lesson.app.pagehandler import with_page_handler
from lesson.paths import REPO_ROOT, assets_dir, notebooks_dir

LANDING = "voila/render/index.ipynb"
"""Where ``/`` and the bare tree page lead, relative to the server's base URL."""


class LandingRedirect(tornado.web.RequestHandler):
    """Send the visitor to the landing page, keeping ``?learner=...`` and ``present``."""

    def initialize(self, target: str) -> None:
        self.target = target

    def get(self) -> None:
        query = self.request.query
        self.redirect(self.target + (f"?{query}" if query else ""), permanent=False)

    head = get


class LessonVoila(Voila):
    """Voila with the landing redirect in front of its handlers and kernels freed on page exit."""

    def init_handlers(self) -> list[Any]:
        handlers = super().init_handlers()
        target = url_path_join(self.server_url, LANDING)
        root = self.server_url.rstrip("/")
        ours = [
            (root + "/?", LandingRedirect, {"target": target}),
            (url_path_join(self.server_url, "voila/tree/?"), LandingRedirect, {"target": target}),
        ]
        # Voila registers its tree page on exactly the base URL; ours replaces it.
        kept = [h for h in handlers if h[0] != self.server_url]
        return ours + with_page_handler(kept)


def template_root() -> Path:
    """The Jupyter data directory that holds ``voila/templates/lesson``."""
    return assets_dir()


def prepare_environment(host: str) -> None:
    """Environment shared with every kernel: the host (for identity rules) and the template path."""
    os.environ["LESSON_HOST"] = host
    existing = os.environ.get("JUPYTER_PATH", "")
    parts = [str(template_root())] + [p for p in existing.split(os.pathsep) if p]
    os.environ["JUPYTER_PATH"] = os.pathsep.join(dict.fromkeys(parts))


def preheat_args(pool: int) -> list[str]:
    """Voila options for ``pool`` preheated kernels per notebook (0: none, as voila.json says).

    A preheated kernel runs a notebook before anyone asks for it, so a page opens without
    waiting for a kernel to start. Every notebook gets its own pool, so 10 notebooks with a pool
    of 1 keep 10 kernels (about 70 MiB each) running. The lesson reads the learner only after
    ``voila.utils.wait_for_request()`` (``lesson.progress.request``), so a preheated page still
    shows the right learner and fresh progress.
    """
    if pool <= 0:
        return []
    return ["--VoilaConfiguration.preheat_kernel=True", f"--VoilaConfiguration.default_pool_size={pool}"]


def build_app(
    host: str, port: int, open_browser: bool, root: Path | None = None, preheat: int = 0
) -> LessonVoila:
    """An initialised (not yet started) app; ``root`` lets tests serve a folder of their own."""
    prepare_environment(host)
    app = LessonVoila()
    app.config_file_paths = [str(REPO_ROOT)]
    app.port_retries = 0
    argv = [
        str(root or notebooks_dir()),
        f"--Voila.ip={host}",
        f"--Voila.port={port}",
        f"--Voila.open_browser={open_browser}",
        *preheat_args(preheat),
    ]
    app.initialize(argv)
    return app


def url_for(host: str, port: int) -> str:
    """The address to print: a wildcard bind is reached through localhost on this machine."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    return f"http://{shown}:{port}/"


def run(
    host: str = "127.0.0.1",
    port: int = 8866,
    open_browser: bool = False,
    root: Path | None = None,
    preheat: int = 0,
) -> int:
    """Serve the lesson until interrupted; returns the process exit code."""
    app = build_app(host, port, open_browser, root, preheat)
    print(f"The lesson is at {url_for(host, port)}  (Ctrl+C to stop)", flush=True)
    app.start()
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m lesson.app.launch --host H --port P [--open] [--root DIR] [--preheat N]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m lesson.app.launch", description=main.__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8866)
    parser.add_argument("--open", action="store_true", help="open a web browser")
    parser.add_argument("--root", type=Path, default=None, help="serve this folder instead of notebooks/")
    parser.add_argument("--preheat", type=int, default=0, metavar="N", help="N preheated kernels per page")
    args = parser.parse_args(argv)
    return run(args.host, args.port, args.open, args.root, args.preheat)


if __name__ == "__main__":
    raise SystemExit(main())
