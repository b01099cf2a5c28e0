"""Failures inside widget callbacks: a friendly sentence for the learner, detail for the log.

A traceback in a callback would otherwise surface as Voila's error banner (or vanish
silently). Every callback the lesson registers is wrapped with ``guarded``.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from typing import Any, TypeVar

FRIENDLY = "Sorry, something went wrong with that. Please try again, or reload the page."

_log = logging.getLogger("lesson")
if not _log.handlers:
    _handler = logging.StreamHandler(sys.__stderr__)  # the kernel's stderr reaches the server log
    _handler.setFormatter(logging.Formatter("[lesson] %(levelname)s %(message)s"))
    _log.addHandler(_handler)
    _log.propagate = False

F = TypeVar("F", bound=Callable[..., Any])


def guarded(on_error: Callable[[str], None], message: str = FRIENDLY) -> Callable[[F], F]:
    """Wrap a callback: log the full traceback, then hand ``message`` to ``on_error``."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except Exception:
                _log.exception("callback %s failed", getattr(fn, "__qualname__", fn))
                try:
                    on_error(message)
                except Exception:  # the error display itself must never raise into the page
                    _log.exception("could not show the error message")
                return None

        return wrapper  # type: ignore[return-value]

    return decorate
