"""Voila's page handler, plus the ``_xsrf`` cookie that lets a left page free its kernel.

When a page is left, Voila's script posts ``/voila/api/shutdown/<kernel>`` with the ``_xsrf``
cookie's value, but Voila 0.5.13 never sets that cookie, so the server answers 403 and every
kernel lives on until culled (voila-dashboards/voila#1458). Each kernel holds about 70 MiB, so
a learner who browses the chapters would pile them up: on Binder's memory limit that ends the
session. Reading ``xsrf_token`` sets the cookie, so a closed or reloaded page frees its kernel.

Both ways of serving use it: the launcher swaps it into its handler table
(``with_page_handler``), and the Jupyter Server extension (``lesson.app.server_ext``) swaps it
into the routes Voila's server extension registered (``swap_page_handler``).

It also gives every browser a random ``lesson_browser`` cookie (HttpOnly, SameSite=Lax) and
passes it to the page's kernel as the ``X-Lesson-Browser`` header, which Voila turns into the
kernel's ``HTTP_X_LESSON_BROWSER`` variable (``http_header_envs``). A header of that name sent
by the browser itself is dropped first, so it cannot pose as another browser. On a shared
server a name belongs to the browser that claimed it (``lesson.progress.names``).

Pages go out as ``Cache-Control: private, no-cache`` instead of Voila's ``no-store``, which
keeps a page out of the browser's back/forward cache, so Back can show the page as it was
left instead of running the chapter again (``lesson.app.speed`` says why that is safe).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from typing import Any

import tornado.routing
from voila.tornado.handler import TornadoVoilaHandler

COOKIE = "lesson_browser"
VOILA_NO_STORE = "no-cache, no-store, must-revalidate"
"""What Voila 0.5.13 sends with every page (replaced by ``PAGE_CACHE_CONTROL``)."""
PAGE_CACHE_CONTROL = "private, no-cache"
HEADER = "X-Lesson-Browser"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


class PageHandler(TornadoVoilaHandler):
    """Voila's page handler that also sets the ``_xsrf`` cookie and passes on the browser's id."""

    def initialize(self, **kwargs: Any) -> None:
        super().initialize(**kwargs)
        envs = list(self.voila_configuration.http_header_envs)
        if HEADER not in envs:
            self.voila_configuration.http_header_envs = [*envs, HEADER]

    def set_header(self, name: str, value: Any) -> None:
        if name == "Cache-Control" and value == VOILA_NO_STORE:
            value = PAGE_CACHE_CONTROL
        super().set_header(name, value)

    async def prepare(self) -> None:  # type: ignore[override]
        await super().prepare()
        _ = self.xsrf_token
        self.request.headers[HEADER] = self.browser_id()

    def browser_id(self) -> str:
        """The browser's random id from its cookie; a new one (and the cookie) on a first visit."""
        if HEADER in self.request.headers:
            del self.request.headers[HEADER]
        token = self.get_cookie(COOKIE) or ""
        if not _TOKEN.match(token):
            token = secrets.token_urlsafe(32)
            self.set_cookie(COOKIE, token, path=self.base_url or "/", expires_days=400, httponly=True,
                            samesite="Lax", secure=self.request.protocol == "https")
        return token


def with_page_handler(handlers: list[Any]) -> list[Any]:
    """A handler table (tuples) with Voila's page handler swapped for ``PageHandler``."""
    return [(h[0], PageHandler, *h[2:]) if h[1] is TornadoVoilaHandler else h for h in handlers]


def _rules(router: object) -> Iterator[tornado.routing.Rule]:
    """Every rule of a tornado router, including those of nested (per-host) routers."""
    for rule in getattr(router, "rules", []):
        yield rule
        yield from _rules(rule.target)


def swap_page_handler(router: object) -> int:
    """Point every route that serves Voila's page handler at ``PageHandler``; returns how many.

    Routes keep their patterns and options (template paths, configuration), so only the
    handler class changes. Tornado looks a rule's target up per request, so this works on a
    running application.
    """
    swapped = 0
    for rule in _rules(router):
        if rule.target is TornadoVoilaHandler:
            rule.target = PageHandler
            swapped += 1
    return swapped
