"""Every quiz attempt in an embedded SQLite database, with a safe in-memory fallback.

If the database cannot be opened, read or written (read-only home, corrupt file, locked),
the store switches to memory for the rest of the session and sets ``problem`` so the page
can say so once. It never deletes, truncates or rewrites an existing file.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from lesson import paths

NOT_SAVING = "Your progress is not being saved right now."
BUSY_TIMEOUT_MS = 1500
_log = logging.getLogger("lesson")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    learner TEXT NOT NULL,
    quiz_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    question_version TEXT NOT NULL,
    response TEXT NOT NULL,
    score REAL NOT NULL,
    correct INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('check', 'reveal', 'reset')),
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_by_learner ON attempts (learner, quiz_id, id);
"""
ALL_QUIZZES = "*"
"""quiz_id of a reset row that clears the whole lesson."""


@dataclass(frozen=True)
class Attempt:
    """One stored event: a checked answer, a revealed answer, or a reset."""

    learner: str
    quiz_id: str
    question_id: str
    question_version: str
    response: Any
    score: float
    correct: bool
    kind: str
    created_at: str = ""


def utc_now() -> str:
    """Current UTC time as ISO 8601 (stored only; never shown in notebook outputs)."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


class Store:
    """Attempts for every learner; ``path=None`` keeps them in memory only."""

    def __init__(self, path: Path | None, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.path = path
        self.problem: str | None = None
        self._busy = busy_timeout_ms
        self._lock = threading.Lock()
        self._memory: list[Attempt] = []
        self._conn: sqlite3.Connection | None = None
        if path is not None:
            try:
                self._conn = self._open(path)
            except (sqlite3.Error, OSError) as exc:
                self._fail(exc, read_back=False)

    @property
    def saving(self) -> bool:
        """True while attempts reach the database file."""
        return self._conn is not None

    def _open(self, path: Path) -> sqlite3.Connection:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=self._busy / 1000, isolation_level=None,
                               check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self._busy)}")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # fails on a corrupt file
            try:
                conn.execute("PRAGMA journal_mode = WAL").fetchone()
            except sqlite3.Error:
                pass  # some filesystems (network, read-only) cannot do WAL; the default journal works
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.executescript(_SCHEMA)
        except sqlite3.Error:
            conn.close()
            raise
        return conn

    def _fail(self, exc: BaseException, read_back: bool = True) -> None:
        """Switch to memory for the session, keeping what could still be read."""
        _log.warning("progress database unavailable (%s): %s", type(exc).__name__, exc)
        if read_back and self._conn is not None:
            try:
                self._memory = self._read(self._conn, None, None) + self._memory
            except sqlite3.Error:
                pass
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
        self._conn = None
        self.problem = NOT_SAVING

    def add(self, attempt: Attempt) -> None:
        """Record one attempt; never raises because of the database."""
        if not attempt.created_at:
            attempt = Attempt(**{**attempt.__dict__, "created_at": utc_now()})
        with self._lock:
            if self._conn is not None:
                try:
                    self._conn.execute(
                        "INSERT INTO attempts (learner, quiz_id, question_id, question_version, response,"
                        " score, correct, kind, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (attempt.learner, attempt.quiz_id, attempt.question_id, attempt.question_version,
                         json.dumps(attempt.response, sort_keys=True), float(attempt.score),
                         int(bool(attempt.correct)), attempt.kind, attempt.created_at),
                    )
                    return
                except sqlite3.Error as exc:
                    self._fail(exc)
            self._memory.append(attempt)

    def attempts(self, learner: str | None = None, quiz_id: str | None = None) -> list[Attempt]:
        """Attempts in the order they were made; a ``quiz_id`` filter keeps whole-lesson resets."""
        with self._lock:
            if self._conn is not None:
                try:
                    return self._read(self._conn, learner, quiz_id)
                except sqlite3.Error as exc:
                    self._fail(exc, read_back=False)
            return [a for a in self._memory if _matches(a, learner, quiz_id)]

    @staticmethod
    def _read(conn: sqlite3.Connection, learner: str | None, quiz_id: str | None) -> list[Attempt]:
        sql = ("SELECT learner, quiz_id, question_id, question_version, response, score, correct, kind,"
               " created_at FROM attempts")
        where, args = [], []
        if learner is not None:
            where.append("learner = ?")
            args.append(learner)
        if quiz_id is not None:
            where.append("quiz_id IN (?, ?)")
            args += [quiz_id, ALL_QUIZZES]
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = conn.execute(sql + " ORDER BY id", args).fetchall()
        return [Attempt(r[0], r[1], r[2], r[3], _loads(r[4]), r[5], bool(r[6]), r[7], r[8]) for r in rows]

    def close(self) -> None:
        """Close the connection (tests; the app keeps it for the kernel's life)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return None


def _matches(a: Attempt, learner: str | None, quiz_id: str | None) -> bool:
    return (learner is None or a.learner == learner) and (
        quiz_id is None or a.quiz_id in (quiz_id, ALL_QUIZZES))


_stores: dict[str, Store] = {}
_memory_store: Store | None = None


def get_store() -> Store:
    """The database store for ``paths.db_path()``, opened once per process and path."""
    key = str(paths.db_path())
    if key not in _stores:
        _stores[key] = Store(Path(key))
    return _stores[key]


def memory_store() -> Store:
    """The session-only store used when nothing may be saved (presenter mode, shared host)."""
    global _memory_store
    if _memory_store is None:
        _memory_store = Store(None)
    return _memory_store


def clear_cache() -> None:
    """Forget open stores (tests simulate a kernel restart with this)."""
    global _memory_store
    for store in _stores.values():
        store.close()
    _stores.clear()
    _memory_store = None
