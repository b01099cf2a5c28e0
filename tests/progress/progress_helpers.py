"""Helpers shared by the store tests (imported as ``progress_helpers``; no test here)."""

from __future__ import annotations

import os
import pwd
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def drop_root() -> None:
    """In a forked child: become ``nobody`` when running as root, who ignores file permissions."""
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        os.setgroups([])
        os.setgid(nobody.pw_gid)
        os.setuid(nobody.pw_uid)


def write_database(path: Path, *statements: str) -> None:
    """An SQLite file made by someone else: run ``statements``, commit and close."""
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def all_at_once(ctx: Any, target: Callable[..., None], each_args: Sequence[tuple[Any, ...]], go: Any,
                timeout_s: float) -> list[int | None]:
    """Start a process of ``ctx`` per argument tuple, set ``go`` (an Event they wait for) so they
    run at once, wait up to ``timeout_s`` for each; their exit codes."""
    procs = [ctx.Process(target=target, args=args) for args in each_args]
    for p in procs:
        p.start()
    go.set()
    for p in procs:
        p.join(timeout_s)
    return [p.exitcode for p in procs]
