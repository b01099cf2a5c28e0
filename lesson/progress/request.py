"""The page request's query string (``?learner=ann&present=1``), wherever the code runs.

Under Voila the kernel learns the request from environment variables; a preheated kernel
must first wait for them with ``voila.utils.wait_for_request()``. JupyterLab, nbval and
tests have no request: the result is ``{}``, unless tests set ``LESSON_QUERY``.

``browser_id()`` is the browser's lesson cookie, which the page handler passes on as the
``X-Lesson-Browser`` header (Voila turns it into ``HTTP_X_LESSON_BROWSER``); it says which
browser claimed a name on a shared server (``lesson.progress.names``).
"""

from __future__ import annotations

import os
from urllib.parse import parse_qsl

QUERY_ENV = "LESSON_QUERY"
BROWSER_ENV = "HTTP_X_LESSON_BROWSER"
_waited = False


def under_voila() -> bool:
    """Whether this kernel serves a Voila page (not JupyterLab, nbval or a test)."""
    return os.environ.get("SERVER_SOFTWARE", "").startswith("voila") or "VOILA_KERNEL_ID" in os.environ


def _wait_for_voila() -> None:
    """Let a preheated Voila kernel receive the real request before reading it (once)."""
    global _waited
    if _waited or os.environ.get("VOILA_PREHEAT", "False") == "False":
        return
    _waited = True
    try:
        from voila.utils import wait_for_request

        wait_for_request()
    except Exception:  # no request info is better than a broken page
        pass


def query_params() -> dict[str, str]:
    """The request's query parameters (first value of each), or ``{}`` outside Voila."""
    raw = os.environ.get(QUERY_ENV)
    if raw is None:
        if not under_voila() and os.environ.get("VOILA_PREHEAT") is None:
            return {}
        _wait_for_voila()
        raw = os.environ.get("QUERY_STRING", "")
    params: dict[str, str] = {}
    for key, value in parse_qsl(raw.lstrip("?"), keep_blank_values=True):
        params.setdefault(key, value)
    return params


def browser_id() -> str:
    """This browser's lesson cookie as the page handler passed it on, or ``""``."""
    if under_voila() or os.environ.get("VOILA_PREHEAT") is not None:
        _wait_for_voila()
    return os.environ.get(BROWSER_ENV, "").strip()
