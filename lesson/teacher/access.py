"""Who may see the class's results: whoever holds the teacher key.

``make app`` (``python -m lesson app``) makes a random key at start, unless ``LESSON_TEACHER_KEY``
sets one, and prints the teacher's address (``/?key=...``). Kernels inherit only the key's SHA-256
through the environment; a page compares the hash of the ``key`` in its own address with it in
constant time. The key
is never written into any page: links the lesson draws carry only ``learner`` and ``present``
(``lesson.progress.identity.link_query``), so a learner's page never holds it.

Without a web request (JupyterLab, nbval, ``python -m lesson report``) the person running the
code can already read the database file, so the class results are theirs to see. Under Voila
with no key configured, the teacher page refuses everyone.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets

from lesson.progress.request import query_params, under_voila

KEY_ENV = "LESSON_TEACHER_KEY"
HASH_ENV = "LESSON_TEACHER_KEY_SHA256"
KEY_PARAM = "key"
MIN_KEY = 12
"""A key shorter than this is refused at start (it could be guessed)."""


def new_key() -> str:
    """A random key that fits in an address (about 128 bits)."""
    return secrets.token_urlsafe(16)


def server_key() -> str:
    """The plain key, where this process has it ("" in kernels started by ``make app``)."""
    return os.environ.get(KEY_ENV, "").strip()


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def ensure_key() -> str:
    """At server start: keep ``LESSON_TEACHER_KEY`` if it is set (and long enough), else make one.

    Kernels get only its SHA-256 (``LESSON_TEACHER_KEY_SHA256``): a page checks a key against it,
    so even code running in a learner's kernel could not read the key itself."""
    key = server_key()
    if key and len(key) < MIN_KEY:
        raise SystemExit(f"{KEY_ENV} must be at least {MIN_KEY} characters long.")
    if not key:
        key = new_key()
    os.environ.pop(KEY_ENV, None)
    os.environ[HASH_ENV] = _digest(key)
    return key


def key_matches(given: str, key: str | None = None) -> bool:
    """Constant-time comparison with ``key`` (default: this server's key or its hash); "" never matches."""
    if not given:
        return False
    if key is None:
        key = server_key()
        if not key:
            want = os.environ.get(HASH_ENV, "").strip()
            return bool(want) and hmac.compare_digest(_digest(given), want)
    return bool(key) and hmac.compare_digest(given.encode(), key.encode())


def given_key() -> str:
    """The key in this page's address, if it is the right one ("" otherwise)."""
    given = query_params().get(KEY_PARAM, "")
    return given if served() and key_matches(given) else ""


def served() -> bool:
    """This page was asked for over the web (Voila), not run in JupyterLab or a test."""
    return (
        under_voila()
        or os.environ.get("LESSON_QUERY") is not None
        or os.environ.get("VOILA_PREHEAT") is not None
    )


def is_teacher() -> bool:
    """Whether this page may show class data: the right key in its address, or no web request at all."""
    if served():
        return key_matches(query_params().get(KEY_PARAM, ""))
    return True


def teacher_query(key: str, present: bool = False) -> str:
    """``?key=...`` (and ``&present=1``) for the links on the teacher's own pages."""
    from urllib.parse import urlencode

    params = {KEY_PARAM: key}
    if present:
        params["present"] = "1"
    return "?" + urlencode(params)


TEACHER_PAGE = "voila/render/teacher.ipynb"


def teacher_url(base: str, key: str) -> str:
    """The address the launcher prints for the teacher (``base`` ends with ``/``)."""
    return base + TEACHER_PAGE + teacher_query(key)


def teacher_link_html() -> str:
    """The landing page's link to the teacher page: only on a page opened with the right key."""
    key = given_key()
    if not key:
        return ""
    from html import escape

    href = escape("teacher.ipynb" + teacher_query(key))
    return (
        f'<p class="lesson-teacher-link"><a href="{href}">Teacher page: class results and item analysis</a>'
        "</p>"
    )
