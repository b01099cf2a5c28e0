"""Start the lesson as a Voila app: the notebooks folder, the lesson's template and voila.json.

Voila's own ``/`` is a file tree with no kernel, so it can show no progress. The launcher
swaps it for a redirect to the landing notebook that keeps the query string
(``/?learner=ann`` -> ``/voila/render/index.ipynb?learner=ann``).

In front of every handler (pages, static files, kernel websockets) a guard refuses:

- a request whose ``Host`` header is not an expected name (DNS rebinding: a web page on
  ``rebind.evil.example`` whose name is made to point at 127.0.0.1 must not reach the lesson).
  Accepted: any IP address, ``localhost`` and ``*.localhost``; on a network bind, this
  machine's own names; and every name given with ``--allow-host`` or ``LESSON_ALLOW_HOSTS``;
- an address longer than ``MAX_URL`` characters, with a friendly page (``?learner=`` of
  100 kB once got an empty response, because Tornado drops headers over 64 kB unanswered).
"""

from __future__ import annotations

import functools
import ipaddress
import os
import socket
from html import escape
from pathlib import Path
from typing import Any

import tornado.httputil
import tornado.routing
import tornado.web
from jupyter_server.utils import url_path_join
from voila.app import Voila

from lesson.app import capacity, forked_kernels, speed, template_cache
from lesson.app.pagehandler import with_page_handler
from lesson.paths import DB_ENV, REPO_ROOT, assets_dir, notebooks_dir

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


ALLOW_ENV = "LESSON_ALLOW_HOSTS"
"""Names (comma or space separated) a classroom server is reached by, e.g. ``lesson.school.example``."""
MAX_URL = 4096
"""Longest address served; longer ones get a friendly 414 page."""
MAX_HEADER_BYTES = 1024 * 1024
"""Tornado's limit for the request line and headers (its 64 kB default closes the connection unanswered)."""
_LOOPBACK = {"127.0.0.1", "::1", "localhost", ""}


def split_host(header: str) -> str:
    """The host name of a ``Host`` header, without port or IPv6 brackets, lower case."""
    host = header.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


def allowed_hosts(bind: str, extra: list[str] | None = None) -> frozenset[str]:
    """Host names (not IP addresses, which are always accepted) that may reach this server."""
    names = {"localhost"}
    names |= {split_host(h) for h in (extra or []) if h.strip()}
    if bind.strip().lower() not in _LOOPBACK:  # reached over the network: by this machine's own names too
        short = socket.gethostname().lower()
        names |= {short, f"{short}.local", socket.getfqdn().lower()}
    return frozenset(n for n in names if n)


def host_ok(header: str, allowed: frozenset[str]) -> bool:
    """Whether a ``Host`` header names this server (an IP address, a local name or an allowed name)."""
    host = split_host(header)
    if not host:
        return False
    try:
        ipaddress.ip_address(host)
        return True  # an address cannot be rebound; a browser's origin is the address itself
    except ValueError:
        pass
    return host in allowed or host.endswith(".localhost")


def refusal(request: tornado.httputil.HTTPServerRequest, allowed: frozenset[str]) -> tuple[int, str] | None:
    """(status, message) for a request the guard refuses, else None."""
    if not host_ok(request.host or "", allowed):
        name = split_host(request.host or "")
        return 403, (f"This lesson is not served under the name \u201c{name}\u201d. "
                     "If you run this lesson and learners reach it by that name, restart it with "
                     "--allow-host NAME (or set LESSON_ALLOW_HOSTS).")
    if len(request.uri or "") > MAX_URL:
        return 414, ("That address is too long. A name may have up to 40 letters, digits, spaces, dots, "
                     "dashes and underscores.")
    return None


class RequestGuard(tornado.routing.Matcher):
    """Matches (so that ``Refused`` answers) every request that ``refusal`` refuses."""

    def __init__(self, allowed: frozenset[str]) -> None:
        self.allowed = allowed

    def match(self, request: tornado.httputil.HTTPServerRequest) -> dict[str, Any] | None:
        return {} if refusal(request, self.allowed) else None


class Refused(tornado.web.RequestHandler):
    """A short page saying why, for any method (websocket upgrades included)."""

    def initialize(self, allowed: frozenset[str], home: str) -> None:
        self.allowed = allowed
        self.home = home

    def prepare(self) -> None:
        status, message = refusal(self.request, self.allowed) or (400, "Bad request.")
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        link = f'<p><a href="{escape(self.home)}">Go to the start of the lesson</a></p>' \
            if status == 414 else ""
        self.finish('<!doctype html><html lang="en"><meta charset="utf-8"><title>Back-spasm lesson</title>'
                    f"<body><p>{escape(message)}</p>{link}</body></html>")


def install_guard(app: tornado.web.Application, allowed: frozenset[str], home: str) -> None:
    """Put the guard before every other route of ``app`` (pages, static files, kernels, websockets)."""
    rule = tornado.routing.Rule(RequestGuard(allowed), Refused, {"allowed": allowed, "home": home})
    app.default_router.rules.insert(0, app.default_router.process_rule(rule))


class LessonVoila(Voila):
    """Voila with the request guard and the landing redirect in front of its handlers, and kernels
    freed on page exit."""

    allowed: frozenset[str] = frozenset({"localhost"})

    static_key: str = ""
    """Voila's bundle is served under ``voila/static/v-<key>/`` (see ``lesson.app.speed``)."""

    def init_handlers(self) -> list[Any]:
        # Voila.start() has just made ``self.app`` and calls this before listening.
        install_guard(self.app, self.allowed, url_path_join(self.server_url, LANDING))
        speed.enable_compression(self.app)
        template_cache.install()  # page templates compiled once, not on every load
        self.app.listen = functools.partial(  # type: ignore[method-assign]
            tornado.web.Application.listen, self.app, max_header_size=MAX_HEADER_BYTES)
        handlers = super().init_handlers()
        target = url_path_join(self.server_url, LANDING)
        root = self.server_url.rstrip("/")
        ours = [
            (root + "/?", LandingRedirect, {"target": target}),
            (url_path_join(self.server_url, "voila/tree/?"), LandingRedirect, {"target": target}),
            speed.park_route(self.server_url),
        ]
        # Voila registers its tree page on exactly the base URL; ours replaces it.
        kept = [h for h in handlers if h[0] != self.server_url]
        kept = speed.with_fast_static(kept, self.static_key)  # gzip and cache lifetimes
        return ours + capacity.capped(with_page_handler(kept), self)  # a kernel cap and a busy page


def template_root() -> Path:
    """The Jupyter data directory that holds ``voila/templates/lesson``."""
    return assets_dir()


def pin_db_path() -> None:
    """Make a relative ``LESSON_DB`` absolute, against the folder the lesson was started from.

    Kernels run in ``notebooks/``: a relative path would put their database there, and
    ``python -m lesson progress --export``, run from the launch folder, would read another file.
    """
    value = os.environ.get(DB_ENV, "")
    if value:
        os.environ[DB_ENV] = os.path.abspath(os.path.expanduser(value))


def prepare_environment(host: str, allow: list[str] | None = None) -> None:
    """Environment shared with every kernel: the host (for identity rules), an absolute database
    path and the template path. A server reached by another name (``allow``) is a shared server
    even when it listens on 127.0.0.1 (behind a reverse proxy), so ``LESSON_HOST`` names it."""
    names = [h for h in allow or [] if split_host(h) not in _LOOPBACK]
    os.environ["LESSON_HOST"] = split_host(names[0]) if names and host in _LOOPBACK else host
    pin_db_path()
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
    host: str, port: int, open_browser: bool, root: Path | None = None, preheat: int = 0,
    allow: list[str] | None = None,
) -> LessonVoila:
    """An initialised (not yet started) app; ``root`` lets tests serve a folder of their own.

    ``allow``: more host names the server may be reached by (besides ``LESSON_ALLOW_HOSTS``)."""
    allow = [*(allow or []), *os.environ.get(ALLOW_ENV, "").replace(",", " ").split()]
    prepare_environment(host, allow)
    app = LessonVoila()
    app.allowed = allowed_hosts(host, allow)
    app.config_file_paths = [str(REPO_ROOT)]
    app.port_retries = 0
    argv = [
        str(root or notebooks_dir()),
        f"--Voila.ip={host}",
        f"--Voila.port={port}",
        f"--Voila.open_browser={open_browser}",
        # Kernels talk to the server over local sockets beside their connection files, not TCP
        # ports: no port another process can take between choosing and binding it (two servers
        # starting kernels at once did collide), and nothing listening on the network.
        "--KernelManager.transport=ipc",
        # Kernels are forked from a warm process while one runs (started by ``run``).
        f"--MappingKernelManager.kernel_manager_class={forked_kernels.ForkKernelManager.__module__}."
        f"{forked_kernels.ForkKernelManager.__name__}",
        *preheat_args(preheat),
    ]
    app.initialize(argv)
    bundle = [d for d in app.static_paths if (Path(d) / "voila.js").is_file()]
    app.static_key = speed.static_key(bundle[:1])
    app.voila_configuration.page_config_hook = speed.versioned_static_hook(app.static_key)
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
    allow: list[str] | None = None,
) -> int:
    """Serve the lesson until interrupted; returns the process exit code."""
    from lesson.teacher.access import ensure_key, teacher_url

    key = ensure_key()  # LESSON_TEACHER_KEY, or a new random key; kernels inherit it
    app = build_app(host, port, open_browser, root, preheat, allow)
    print(f"The lesson is at {url_for(host, port)}  (Ctrl+C to stop)", flush=True)
    teacher = teacher_url(url_for(host, port), key)
    print(f"Teacher page (keep this address to yourself): {teacher}", flush=True)
    forked_kernels.start()  # warms up while the server starts; kernels fork from it once it listens
    app.start()
    return 0
