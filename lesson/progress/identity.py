"""Who the learner is, and whether their answers may be saved. There is no login.

Order: ``JUPYTERHUB_USER``; else ``?learner=NAME`` from the page address; else the local
user, shown only as "you, on this computer". On a shared server (``LESSON_HOST`` other than
127.0.0.1/localhost) nothing is saved until a name is given, so classmates never mix, and a
name belongs to the browser that first used it: another browser needs the name's recovery
code (``?learner=NAME&code=XXXX-XXXX``; see ``lesson.progress.names``).
Presenter mode (``?present=1`` or ``LESSON_PRESENT=1``) saves nothing.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from lesson.progress.request import browser_id, query_params

MAX_NAME = 40
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]*$")
LOCAL_HOSTS = {"", "127.0.0.1", "localhost", "::1"}
NAME_HELP = "Names may use letters, digits, spaces, dots, dashes and underscores (up to 40)."


@dataclass(frozen=True)
class Learner:
    """The storage key (``None``: nothing saved), what the page shows, and the mode."""

    id: str | None
    label: str
    source: str
    saving: bool
    presenting: bool
    claim: str = ""
    """On a shared server, what happened to the name asked for (``names.Claim.outcome``)."""
    code: str = ""
    """A recovery code to show its owner, only on the page where it was made."""
    asked: str = ""
    """The name asked for when it could not be used (refused, wrong code, locked...)."""


def clean_name(raw: str) -> str | None:
    """The name trimmed and checked, or ``None`` if it cannot be used as given."""
    name = " ".join(raw.split())
    if not name or len(name) > MAX_NAME or not _NAME.match(name):
        return None
    return name


def name_problem() -> str | None:
    """A friendly sentence when ``?learner=`` was given but cannot be used; else ``None``."""
    raw = query_params().get("learner")
    if raw is None or not raw.strip() or clean_name(raw) is not None:
        return None
    return "That name cannot be used. " + NAME_HELP


GUEST = "guest (give your name to save progress)"


def _presenting(params: dict[str, str]) -> bool:
    return os.environ.get("LESSON_PRESENT") == "1" or params.get("present") == "1"


def _shared_host() -> bool:
    return os.environ.get("LESSON_HOST", "").strip().lower() not in LOCAL_HOSTS


def current_learner() -> Learner:
    """The learner for this page request."""
    params = query_params()
    presenting = _presenting(params)
    hub = os.environ.get("JUPYTERHUB_USER", "").strip()
    name = clean_name(params.get("learner", ""))
    if presenting:
        return Learner(None, "presenter", "none", False, True)
    if hub:
        return Learner(f"hub:{hub}", hub, "hub", True, False)
    if name and _shared_host():
        return _claimed(name, params)
    if name:
        return Learner(f"name:{name.casefold()}", name, "query", True, False)
    if _shared_host():
        return Learner(None, GUEST, "none", False, False)
    return Learner("local", "you, on this computer", "local", True, False)


def _claimed(name: str, params: dict[str, str]) -> Learner:
    """On a shared server: the name if this browser owns it (or gave its code), else a guest."""
    from lesson.progress.names import claim
    from lesson.progress.store import get_store

    key = f"name:{name.casefold()}"
    got = claim(get_store(), key, browser_id(), params.get("code", ""), params.get("newcode") == "1")
    if got.ok:
        return Learner(key, name, "query", True, False, got.outcome, got.code)
    return Learner(None, GUEST, "none", False, False, got.outcome, asked=name)


def link_query() -> str:
    """``?learner=ann`` / ``?learner=ann&present=1`` / ``""``: append to every link the lesson draws."""
    params = query_params()
    keep: dict[str, str] = {}
    name = clean_name(params.get("learner", ""))
    if name and (not _shared_host() or current_learner().source == "query"):
        keep["learner"] = name  # never the recovery code, and not a name this browser may not use
    if params.get("present") == "1":
        keep["present"] = "1"
    return "?" + urlencode(keep) if keep else ""
