"""A single server that says "busy" instead of falling over: ``make app MAX_KERNELS=N``.

Voila starts a new kernel (about 70 MiB) for every page load, with no limit
(voila-dashboards/voila#617). A class bigger than the machine used to take it down: 50 pages
opened at once on 2 CPUs gave 0 working pages within 120 s, and 40 plain requests (a ``curl``
loop, a crashed tab) held 40 kernels and 2.8 GB until the 30-minute cull. Two limits guard the
launcher's page route (``make app``; JupyterHub gives each learner a server of their own):

- ``max_kernels``: kernels running at once (memory). Default: what this machine's free memory
  holds at ``KERNEL_MIB`` each, and at most ``KERNELS_PER_CPU`` per CPU.
- ``max_starting``: pages starting at once (CPU). Starting a page runs the whole notebook in
  its new kernel, then the browser connects and asks for every widget; a page counts as starting
  until it has connected (or ``CONNECT_WAIT_S`` has passed). A few at a time finish sooner than
  all at once. Default ``STARTS_PER_CPU`` per CPU.

A page over either limit waits up to ``WAIT_S`` for room, then gets a short, accessible page:
"The lesson is busy - this page will retry in a few seconds" (HTTP 503 with ``Retry-After``),
which reloads itself after a few seconds (a learner may stop that). It has no quiz and saves
nothing, so no answer can be lost; pages already open are never touched. The busy page gives
the browser a signed cookie with the time it first waited: its reloads are held by the server
for up to ``HOLD_S`` (the learner still sees the busy page meanwhile), and room goes to the
learner who has waited longest, so nobody is passed over again and again.

A kernel whose page never connected to it (a ``curl``, a tab closed before the page arrived) is shut
down ``reclaim_after`` seconds (default 120) after its page was sent; a kernel whose page was
connected and went away without saying so (a crashed tab), 2.5 times that after it lost its last
connection. A page that a browser has parsed but whose front end has not connected yet (a slow
or overloaded machine) tells the server so with a beacon, and gets ``SEEN_FACTOR`` times as long.
Open pages stay connected, so they are never reclaimed; the 30-minute idle cull and
the back/forward-cache parking (``lesson.app.speed``) still apply.

Settings travel in the environment (``LESSON_MAX_KERNELS``, ``LESSON_MAX_STARTING``,
``LESSON_RECLAIM_AFTER``), so ``python -m lesson app --max-kernels N`` and the launcher share
them; ``add_options`` / ``apply_options`` are their command-line side.
"""

from __future__ import annotations

import argparse
import asyncio
import contextvars
import itertools
import logging
import os
import time
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

MAX_KERNELS_ENV = "LESSON_MAX_KERNELS"
MAX_STARTING_ENV = "LESSON_MAX_STARTING"
RECLAIM_ENV = "LESSON_RECLAIM_AFTER"

MIB = 2**20
KERNEL_MIB = 100
"""Memory set aside per kernel: a chapter's kernel holds about 70 MiB (benchmarks/README.md,
section 3), plus room for the page's widgets and the learner's answers."""
RESERVE_MIB = 768
"""Memory left for the server itself (about 150 MiB) and everything else on the machine."""
KERNELS_PER_CPU = 30
"""An open page costs CPU only when its learner clicks; 20 learners on 2 CPUs answered in
under 200 ms (benchmarks/README.md, section 4)."""
STARTS_PER_CPU = 2
"""Pages starting at once per CPU. Each runs a notebook in a new Python process."""
WAIT_S = 3.0
"""How long a page over a limit waits for room before the busy page is sent. A learner moving
to the next chapter frees the old page's kernel at the same moment, so they rarely see it."""
HOLD_S = 20.0
"""How long a reload from the busy page waits for room (the busy page stays on screen)."""
RETRY_S = 3
"""The busy page reloads itself after this many seconds plus up to 2 s (so a class does not
come back all in the same instant)."""
WAIT_COOKIE = "lesson_waiting"
STALE_S = 600.0
"""A waiting cookie older than this is ignored (the learner went away and came back)."""
RECLAIM_S = 120.0
"""Seconds a kernel may wait for its page to connect (``LESSON_RECLAIM_AFTER``)."""
BUILD_LIMIT_S = 300.0
"""A page still being built after this long no longer counts against ``max_starting`` (its
kernel still counts against ``max_kernels``): one page that never finishes must not keep its
place for ever."""
CONNECT_WAIT_S = 60.0
"""How long a page that has been sent keeps its starting place while its browser connects (at
most the reclaim time)."""
DISCONNECTED_FACTOR = 2.5
SEEN_FACTOR = 5.0
"""A kernel whose page a browser has parsed (``lesson/api/seen/<kernel>``, an inline beacon sent
as soon as the page names its kernel) but not yet connected to waits this many times
``reclaim_after``: on an overloaded machine the 4 MB front end may take minutes to start, and a
kernel reclaimed meanwhile left a page without its quiz (benchmarks/README.md, the 50-learner
run of 2026-12-01). A ``curl`` runs no script, so its kernel still goes after ``reclaim_after``."""
SEEN_PATH = "lesson/api/seen/(.*)"

_log = logging.getLogger("lesson.capacity")


def usable_cpus() -> int:
    """CPUs this process may run on (affinity and a cgroup CPU quota, as in a container)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            cpus = min(cpus, max(1, int(int(quota) // int(period))))
    except (OSError, ValueError):
        pass
    return max(1, cpus)


def available_memory() -> int:
    """Bytes this process could still use: free memory, or what is left of a cgroup limit."""
    import psutil

    free = int(psutil.virtual_memory().available)
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        used = int(Path("/sys/fs/cgroup/memory.current").read_text().strip())
        if limit != "max":
            free = min(free, int(limit) - used)
    except (OSError, ValueError):
        pass
    return max(0, free)


def default_max_kernels(memory: int | None = None, cpus: int | None = None) -> int:
    """Kernels this machine holds: free memory at ``KERNEL_MIB`` each, at most
    ``KERNELS_PER_CPU`` per CPU, and never fewer than 2."""
    memory = available_memory() if memory is None else memory
    cpus = usable_cpus() if cpus is None else cpus
    by_memory = (memory // MIB - RESERVE_MIB) // KERNEL_MIB
    return int(max(2, min(by_memory, KERNELS_PER_CPU * cpus)))


def default_max_starting(cpus: int | None = None) -> int:
    return STARTS_PER_CPU * (usable_cpus() if cpus is None else cpus)


def _env_number(name: str, kind: type, minimum: float) -> Any:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    try:
        value = kind(raw)
    except ValueError:
        value = None
    if value is None or value < minimum:
        _log.warning("lesson: ignoring %s=%r (a number of at least %s is needed)", name, raw, minimum)
        return None
    return value


@dataclass(frozen=True)
class Limits:
    max_kernels: int
    max_starting: int
    reclaim_after: float = RECLAIM_S

    @classmethod
    def from_env(cls) -> Limits:
        """The limits named in the environment, the machine's defaults for the rest."""
        kernels = _env_number(MAX_KERNELS_ENV, int, 1) or default_max_kernels()
        starting = _env_number(MAX_STARTING_ENV, int, 1) or default_max_starting()
        reclaim = _env_number(RECLAIM_ENV, float, 1) or RECLAIM_S
        return cls(kernels, min(starting, kernels), reclaim)

    def describe(self) -> str:
        return (f"at most {self.max_kernels} kernels at once, {self.max_starting} pages starting at "
                f"once; kernels of pages that never connect are freed after {self.reclaim_after:g} s")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def add_options(parser: argparse.ArgumentParser) -> None:
    """``--max-kernels N`` and ``--max-starting N`` for ``python -m lesson app`` and the launcher."""
    parser.add_argument("--max-kernels", type=_positive, default=None, metavar="N",
                        help="kernels (open pages) at once; more pages get a 'busy, retrying' page "
                             f"(default: from memory and CPUs; also ${MAX_KERNELS_ENV})")
    parser.add_argument("--max-starting", type=_positive, default=None, metavar="N",
                        help=f"pages starting at once (default: {STARTS_PER_CPU} per CPU; "
                             f"also ${MAX_STARTING_ENV})")


def apply_options(args: argparse.Namespace) -> None:
    """Put the command line's limits in the environment, where ``Limits.from_env`` reads them."""
    for value, name in ((getattr(args, "max_kernels", None), MAX_KERNELS_ENV),
                        (getattr(args, "max_starting", None), MAX_STARTING_ENV)):
        if value is not None:
            os.environ[name] = str(value)


async def _awaited(value: Any) -> Any:
    """``value``, awaited if the kernel manager gave an awaitable (async and sync managers alike)."""
    return await value if asyncio.iscoroutine(value) or asyncio.isfuture(value) else value


@dataclass(eq=False)
class Slot:
    """One page starting: its kernel once the kernel manager has started it, and when the page
    was sent (``sent``; its place is given up when the browser connects to the kernel)."""

    started: bool = False
    kernel_id: str | None = None
    since: float = field(default_factory=time.monotonic)
    sent: float | None = None


_SLOT: contextvars.ContextVar[Slot | None] = contextvars.ContextVar("lesson_capacity_slot", default=None)


@dataclass(eq=False)
class Gate:
    """Admission to the page route and the reclaiming of unconnected kernels, for one kernel manager."""

    km: Any
    limits: Limits
    slots: list[Slot] = field(default_factory=list)
    waiters: list[tuple[float, int]] = field(default_factory=list)
    """(time the learner began waiting, ticket) of every page waiting for room now."""
    tickets: itertools.count = field(default_factory=itertools.count)
    unconnected: dict[str, float] = field(default_factory=dict)
    connected_once: set[str] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)
    """Kernels whose page a browser has parsed (``SeenHandler``)."""
    refused: int = 0
    log: Any = _log

    def kernels(self) -> list[str]:
        return list(self.km.list_kernel_ids())

    def building(self, now: float | None = None) -> list[Slot]:
        """Pages starting: being built, or sent and not yet connected. A page sent more than
        ``CONNECT_WAIT_S`` ago, or stuck for ``BUILD_LIMIT_S``, no longer counts."""
        now = time.monotonic() if now is None else now
        wait = min(CONNECT_WAIT_S, self.limits.reclaim_after)
        for slot in list(self.slots):
            if slot.sent is not None and (now - slot.sent >= wait or slot.kernel_id is None
                                          or self._connections(slot.kernel_id) != 0):
                self.slots.remove(slot)  # connected, gone, or given up on: the reaper takes over
        return [s for s in self.slots if now - s.since < BUILD_LIMIT_S]

    def room(self) -> bool:
        """Whether one more page may start now (kernels being started count as running)."""
        building = self.building()
        pending = sum(1 for s in building if not s.started)
        return (len(self.kernels()) + pending < self.limits.max_kernels
                and len(building) < self.limits.max_starting)

    async def enter(self, wait_s: float = WAIT_S, since: float | None = None) -> Slot | None:
        """A slot for one page, or None after ``wait_s`` without room. Room goes to the page
        whose learner began waiting first (``since``, a ``time.time()``; default now)."""
        ticket = (time.time() if since is None else since, next(self.tickets))
        self.waiters.append(ticket)
        deadline = time.monotonic() + wait_s
        try:
            while True:
                if min(self.waiters) == ticket and self.room():
                    slot = Slot()
                    self.slots.append(slot)
                    _SLOT.set(slot)
                    return slot
                if time.monotonic() >= deadline:
                    self.refused += 1
                    return None
                await asyncio.sleep(0.1)
        finally:
            self.waiters.remove(ticket)

    def leave(self, slot: Slot) -> None:
        """The page has been sent (or failed): it keeps its place until its browser connects,
        and the time its kernel may wait for a connection starts now."""
        slot.sent = time.monotonic()
        if slot.kernel_id is not None:
            self.unconnected.setdefault(slot.kernel_id, slot.sent)
        self.building(slot.sent)

    def watch_starts(self) -> None:
        """Mark the calling page's slot once the kernel manager has started its kernel (from
        then on the kernel manager counts it)."""
        start = self.km.start_kernel

        async def start_kernel(*args: Any, **kwargs: Any) -> str:
            slot = _SLOT.get()
            try:
                kernel_id = await _awaited(start(*args, **kwargs))
            finally:
                if slot is not None:
                    slot.started = True
            if slot is not None:
                slot.kernel_id = str(kernel_id)
            return str(kernel_id)

        self.km.start_kernel = start_kernel

    # --- kernels whose page never connected ---------------------------------------------------

    def _connections(self, kernel_id: str) -> int:
        try:
            return int(self.km.kernel_model(kernel_id).get("connections", 0))
        except Exception:  # the kernel went away meanwhile
            return -1

    def _busy(self, kernel_id: str) -> bool:
        try:
            return getattr(self.km.get_kernel(kernel_id), "execution_state", "") == "busy"
        except Exception:
            return False

    def _pooled(self) -> set[str]:
        """Preheated kernels waiting in Voila's pools (``--preheat``): never reclaimed."""
        found = set()
        for pool in getattr(self.km, "_pools", {}).values():
            for item in pool:
                try:
                    if item.done() and not item.exception():
                        found.add(item.result().get("kernel_id"))
                except Exception:
                    continue
        return found

    def to_reclaim(self, now: float | None = None) -> list[str]:
        """Kernels unconnected for longer than allowed (and not being built, preheated or busy)."""
        now = time.monotonic() if now is None else now
        running = set(self.kernels())
        for kid in set(self.unconnected) - running:
            del self.unconnected[kid]
        self.connected_once &= running
        self.seen &= running
        self.building(now)
        building = {s.kernel_id for s in self.slots if s.sent is None}
        due = []
        for kid in sorted(running - building - self._pooled()):
            connections = self._connections(kid)
            if connections != 0:
                if connections > 0:
                    self.connected_once.add(kid)
                self.unconnected.pop(kid, None)
                continue
            since = self.unconnected.setdefault(kid, now)
            factor = (DISCONNECTED_FACTOR if kid in self.connected_once
                      else SEEN_FACTOR if kid in self.seen else 1)
            limit = self.limits.reclaim_after * factor
            if now - since >= limit and not self._busy(kid):
                due.append(kid)
        return due

    def mark_seen(self, kernel_id: str) -> bool:
        """A browser has parsed the page of ``kernel_id`` (it runs scripts: not a ``curl``)."""
        if kernel_id not in set(self.kernels()):
            return False
        self.seen.add(kernel_id)
        return True

    async def reclaim(self) -> None:
        for kid in self.to_reclaim():
            why = ("its page went away" if kid in self.connected_once else
                   "its page was opened but never connected" if kid in self.seen else
                   "its page never connected")
            self.log.warning("lesson: shutting down kernel %s: %s", kid, why)
            self.unconnected.pop(kid, None)
            try:
                await _awaited(self.km.shutdown_kernel(kid))
            except Exception as exc:  # gone already
                self.log.info("lesson: kernel %s was already gone (%s)", kid, exc)

    def start_reclaiming(self) -> Any:
        from tornado.ioloop import PeriodicCallback

        every_ms = max(1000.0, min(15_000.0, self.limits.reclaim_after * 1000 / 4))
        callback = PeriodicCallback(self.reclaim, every_ms)
        callback.start()
        return callback


# --- the busy page -----------------------------------------------------------------------------

BUSY_TITLE = "The lesson is busy"
BUSY_STATUS = "The lesson is busy \u2014 this page will retry in a few seconds."

_BUSY_CSS = """
:root { color-scheme: light dark; --bg: #ffffff; --text: #1a1a1a; --muted: #4a4f57; --accent: #005ea5;
  --accent-text: #ffffff; --border: #c9ced6; --focus: #ffbf47; --ring: #0b0c0c; --note: #fff7d6; }
@media (prefers-color-scheme: dark) { :root { --bg: #15181c; --text: #eceff3; --muted: #b8bfc9;
  --accent: #7cc4ff; --accent-text: #0b1420; --border: #4a525d; --focus: #ffd479; --ring: #ffffff;
  --note: #3a3210; } }
body { margin: 0; background: var(--bg); color: var(--text); font: 1.125rem/1.5 system-ui, -apple-system,
  "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 40rem; margin: 0 auto; padding: 2rem 1rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 1rem; }
.lesson-busy-actions { display: flex; flex-wrap: wrap; gap: 0.75rem; margin: 1.5rem 0; }
.lesson-busy-actions a, .lesson-busy-actions button { font: inherit; min-height: 44px; padding: 0.5rem 1rem;
  border-radius: 4px; border: 2px solid var(--accent); cursor: pointer; text-decoration: none;
  display: inline-flex; align-items: center; }
.lesson-busy-actions a { background: var(--accent); color: var(--accent-text); }
.lesson-busy-actions button { background: transparent; color: var(--text); }
a:focus-visible, button:focus-visible { outline: 3px solid var(--focus); box-shadow: 0 0 0 6px var(--ring); }
.lesson-help-line { background: var(--note); padding: 0.75rem 1rem; border-radius: 4px; }
"""

_BUSY_JS = """
(function () {
  var status = document.getElementById("lesson-busy-status");
  var button = document.getElementById("lesson-busy-pause");
  var timer = null;
  function retry() { window.location.reload(); }
  function schedule(ms) { timer = window.setTimeout(retry, ms); }
  schedule(%d + Math.floor(Math.random() * 2000));
  button.hidden = false;
  button.addEventListener("click", function () {
    if (timer !== null) {
      window.clearTimeout(timer);
      timer = null;
      status.textContent = "Automatic retry is stopped. " +
        "Choose \\u201cTry again now\\u201d when you are ready.";
      button.textContent = "Retry automatically";
    } else {
      schedule(1000);
      status.textContent = "This page will retry in a moment.";
      button.textContent = "Stop retrying";
    }
  });
})();
"""

_help_line: str | None = None


def _help() -> str:
    """The lesson's one "where to get help fast" line, as on every page (empty if it cannot be read)."""
    global _help_line
    if _help_line is None:
        try:
            from lesson.app.chrome import help_text

            _help_line = help_text()
        except Exception as exc:  # the busy page must always be sent
            _log.warning("lesson: the help line could not be read for the busy page: %s", exc)
            _help_line = ""
    return _help_line


def busy_page(retry_url: str, retry_s: int = RETRY_S) -> str:
    """The whole busy page: plain HTML, its own small style and script, nothing fetched."""
    url = escape(retry_url, quote=True)
    help_line = _help()
    help_html = f'<p class="lesson-help-line" role="note">{escape(help_line)}</p>' if help_line else ""
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{BUSY_TITLE} \u2014 back-spasm lesson</title>\n<style>{_BUSY_CSS}</style>\n</head>\n"
        '<body>\n<main class="lesson-busy">\n'
        f"<h1>{BUSY_TITLE}</h1>\n"
        f'<p id="lesson-busy-status" role="status">{escape(BUSY_STATUS)}</p>\n'
        "<p>Many people opened the lesson at the same moment. You do not need to do anything: "
        "this page tries again by itself. Your saved answers are safe.</p>\n"
        '<div class="lesson-busy-actions">'
        f'<a class="lesson-busy-retry" href="{url}">Try again now</a>'
        '<button type="button" id="lesson-busy-pause" hidden>Stop retrying</button></div>\n'
        "<noscript><p>This page cannot retry by itself because JavaScript is off. "
        "Choose \u201cTry again now\u201d in a few seconds.</p></noscript>\n"
        f"{help_html}\n</main>\n<script>{_BUSY_JS % (retry_s * 1000)}</script>\n</body>\n</html>\n"
    )


# --- plugging it into the launcher --------------------------------------------------------------

_GATES: dict[int, Gate] = {}
"""The gate of each kernel manager (by ``id``), for ``SeenHandler``."""


def _seen_handler() -> type:
    from jupyter_server.base.handlers import APIHandler
    from tornado.web import authenticated

    class SeenHandler(APIHandler):
        """``POST lesson/api/seen/<kernel>``: a browser has parsed the page of this kernel (a beacon
        with ``_xsrf``, as the park beacon). Without a gate (under ``jupyter server``) it does nothing."""

        @authenticated
        async def post(self, kernel_id: str) -> None:
            gate = _GATES.get(id(self.kernel_manager))
            if gate is not None:
                gate.mark_seen(kernel_id)
            self.set_status(204)
            self.finish()

    return SeenHandler


def seen_route(base_url: str) -> tuple[str, type]:
    from jupyter_server.utils import url_path_join

    return (url_path_join(base_url, SEEN_PATH), _seen_handler())


def capped(handlers: list[Any], app: Any, limits: Limits | None = None) -> list[Any]:
    """The launcher's handler table with its page handler behind a ``Gate`` on the app's kernel
    manager. Reclaiming starts now, on the IOLoop the server is about to run."""
    from tornado.web import authenticated

    from lesson.app.pagehandler import PageHandler

    limits = limits or Limits.from_env()
    gate = Gate(app.kernel_manager, limits, log=app.log)
    _GATES[id(app.kernel_manager)] = gate
    gate.watch_starts()
    gate.start_reclaiming()
    gate.log.info("lesson: %s", limits.describe())

    class CappedPageHandler(PageHandler):
        """The lesson's page handler, built only when there is room; otherwise the busy page."""

        @authenticated
        async def get(self, path: str | None = None) -> None:
            since = self.waiting_since()
            try:
                slot = await gate.enter(HOLD_S if since else WAIT_S, since)
            except Exception:  # never a traceback for the learner: build the page as before
                gate.log.exception("lesson: capacity check failed; serving the page anyway")
                slot = Slot()
            if slot is None:
                gate.log.info("lesson: busy page for %s (%d kernels, %d pages starting)",
                              self.request.path, len(gate.kernels()), len(gate.slots))
                if since is None:
                    self.mark_waiting()
                self.set_status(503)
                self.set_header("Retry-After", str(RETRY_S))
                self.set_header("Cache-Control", "no-store")
                self.set_header("Content-Type", "text/html; charset=UTF-8")
                self.finish(busy_page(self.request.uri or self.request.path))
                return
            if since is not None:
                self.clear_cookie(WAIT_COOKIE, path=self.base_url or "/")
            try:
                await super().get(path)
            finally:
                gate.leave(slot)

        def waiting_since(self) -> float | None:
            """When this browser first got the busy page (from its signed cookie), if lately."""
            try:
                raw = self.get_signed_cookie(WAIT_COOKIE, max_age_days=1)
                since = float(raw) if raw else None
            except Exception:  # no cookie secret, a forged or damaged cookie: a new arrival
                return None
            return since if since is not None and 0 <= time.time() - since < STALE_S else None

        def mark_waiting(self) -> None:
            try:
                self.set_signed_cookie(WAIT_COOKIE, f"{time.time():.3f}", expires_days=None,
                                       path=self.base_url or "/", httponly=True, samesite="Lax",
                                       secure=self.request.protocol == "https")
            except Exception as exc:  # no cookie secret: the page still retries, in no order
                gate.log.info("lesson: waiting cookie not set: %s", exc)

    CappedPageHandler.gate = gate  # type: ignore[attr-defined]  # for tests and logs
    capped_handlers = [(h[0], CappedPageHandler, *h[2:]) if h[1] is PageHandler else h for h in handlers]
    return [seen_route(app.server_url), *capped_handlers]
