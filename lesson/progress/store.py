"""Every quiz attempt in an embedded SQLite database; an attempt is called saved only once written.

A store is in one of four states (``Store.state``):

- ``saving``: attempts reach the file.
- ``waiting``: the file is busy (another writer holds it longer than the busy timeout), full
  (disk full) or gave an I/O error. These are passing problems: unsaved attempts wait in
  memory, in the order they were made, and a background thread retries until they are
  written. The page shows them all the time, and says when saving has resumed.
- ``read-only``: the file can be read but not written (a read-only file or folder, even one
  holding a WAL database): saved progress is shown, new attempts stay in memory.
- ``memory``: the file cannot be used at all (cannot be created, corrupt, or another
  application's SQLite file): everything stays in memory and ``problem`` says so.

Before every write and read the store checks that the file at ``path`` is still the one it
opened (device and inode). If it was deleted or replaced while the app runs, the store makes
the file again and copies into it every row it can still read through its open connection,
so no answer is lost and shown progress does not shrink; ``notice()`` tells the learner.

The store never deletes, truncates or rewrites an existing file, and never adds tables or
turns on WAL in a file that is not the lesson's (``is_lesson_file``).
"""

from __future__ import annotations

import atexit
import inspect
import json
import os
import sqlite3
import threading
import time
import uuid
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from lesson import paths
from lesson.errors import _log  # "lesson", with its handler to the server log (Voila drops a kernel's stderr)

NOT_SAVING = "Your progress is not being saved right now."
PAUSED = ("Saving is paused: the progress file is busy or full. Your answers are kept on this page "
          "and will be saved as soon as the file can be written. Please keep this page open.")
RESUMED = "Saving has resumed: all your answers are saved."
READ_ONLY = ("Your saved progress is shown, but new answers cannot be saved: the progress file "
             "cannot be written (it or its folder is read-only).")
RECREATED = ("The progress file was deleted or replaced while this page was open. It has been made "
             "again with every answer this page could still read.")
NOT_LESSON_FILE = "is not the lesson's progress file (it holds another application's data)"

BUSY_TIMEOUT_MS = 1500
RETRY_S = 0.5
"""First wait before a background retry; it doubles up to ``RETRY_MAX_S``."""
RETRY_MAX_S = 5.0
APPLICATION_ID = 0x4C45534E
"""``PRAGMA application_id`` of a lesson database ("LESN"), set when the file is created."""

# SQLite primary result codes (https://sqlite.org/rescode.html).
_BUSY, _LOCKED, _READONLY, _IOERR, _FULL, _SCHEMA = 5, 6, 8, 10, 13, 17
TRANSIENT = {_BUSY, _LOCKED, _IOERR, _FULL, _SCHEMA}
"""Errors that pass: retried, never a reason to stop saving for good."""

_SCHEMA_SQL = """
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
    created_at TEXT NOT NULL,
    uid TEXT,
    confidence TEXT
);
CREATE INDEX IF NOT EXISTS attempts_by_learner ON attempts (learner, quiz_id, id);
CREATE TABLE IF NOT EXISTS names (
    name TEXT PRIMARY KEY,
    salt TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    claimed_at TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    locked_until REAL NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS name_browsers (
    name TEXT NOT NULL,
    browser TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (name, browser)
);
CREATE TABLE IF NOT EXISTS review_cards (
    learner TEXT NOT NULL,
    quiz_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    question_version TEXT NOT NULL,
    card TEXT NOT NULL,
    due TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (learner, quiz_id, question_id)
);
"""
_NAME_TABLES = {"names": "name, salt, code_hash, claimed_at, failures, locked_until",
                "name_browsers": "name, browser, added_at"}
LESSON_TABLES = {"attempts", "names", "name_browsers", "sqlite_sequence", "sqlite_stat1", "sqlite_stat4",
                 "review_cards"}
_ATTEMPT_COLUMNS = {"learner", "quiz_id", "question_id", "question_version", "response", "score", "correct",
                    "kind", "created_at"}
_INSERT = ("INSERT OR IGNORE INTO attempts (learner, quiz_id, question_id, question_version, response, score,"
           " correct, kind, created_at, uid, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
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
    uid: str = ""
    """Unique id, so that writing an attempt twice (a retry, a copy into a re-made file) stores it once."""
    confidence: str = ""
    """How sure the learner said they were (low / medium / high; "" when not asked), issue 16."""


@contextmanager
def _write_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction (``BEGIN IMMEDIATE``): committed when the block ends, rolled back
    (as far as the file still allows) when it raises, and the error raised again."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        raise


def utc_now() -> str:
    """Current UTC time as ISO 8601 (stored only; never shown in notebook outputs)."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def error_code(exc: BaseException) -> int:
    """SQLite's primary result code of an error (0 if unknown)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    text = str(exc).lower()
    for needle, found in (("locked", _BUSY), ("disk is full", _FULL), ("disk i/o", _IOERR),
                          ("readonly", _READONLY), ("read-only", _READONLY)):
        if needle in text:
            return found
    return 0


def is_transient(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.Error) and error_code(exc) in TRANSIENT


class NotLessonFile(sqlite3.DatabaseError):
    """The file is an SQLite database that belongs to something else."""


def is_lesson_file(conn: sqlite3.Connection) -> bool:
    """A new or empty database, or one this lesson made; never another application's file."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if app_id == APPLICATION_ID:
        return True
    if app_id != 0:
        return False
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return True
    if "attempts" not in tables or not tables <= LESSON_TABLES:
        return False
    columns = {r[1] for r in conn.execute("PRAGMA table_info(attempts)")}
    return _ATTEMPT_COLUMNS <= columns


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


class Store:
    """Attempts for every learner; ``path=None`` keeps them in memory only.

    ``read_only=True`` (export, reports) never writes: the file is opened with ``mode=ro``.
    ``retry_s=None`` turns the background retry off (``flush()`` then retries by hand).
    """

    def __init__(self, path: Path | None, busy_timeout_ms: int = BUSY_TIMEOUT_MS, *, read_only: bool = False,
                 retry_s: float | None = RETRY_S) -> None:
        self.path = Path(path) if path is not None else None
        self.problem: str | None = None
        self.state = "memory"
        self.resumed = False
        """Saving stopped for a while and then every waiting attempt was written."""
        self.recreated = False
        """The file was deleted or replaced while open and has been made again."""
        self._busy = busy_timeout_ms
        self._read_only = read_only
        self._retry_s = retry_s
        self._lock = threading.RLock()
        self._pending: list[Attempt] = []
        self._memory: list[Attempt] = []
        self._last_read: dict[tuple[str | None, str | None], list[Attempt]] = {}
        self._conn: sqlite3.Connection | None = None
        self._ident: tuple[int, int] | None = None
        self._carry: dict[str, list[Any]] = {}
        self._listeners: list[Callable[[], Callable[[Store], None] | None]] = []
        self._wake = threading.Event()
        self._retrier: threading.Thread | None = None
        self._closed = False
        if self.path is None:
            return
        try:
            self._connect()
        except NotLessonFile:
            _log.warning("progress database unavailable: LESSON_DB %s %s; nothing will be written to it",
                         self.path, NOT_LESSON_FILE)
            self.problem = NOT_SAVING
        except (sqlite3.Error, OSError) as exc:
            self._fail(exc, read_back=False)

    # -- opening -------------------------------------------------------------------------------

    @property
    def saving(self) -> bool:
        """True while attempts reach the database file (possibly after a short wait)."""
        return self.state in ("saving", "waiting")

    def _connect(self) -> None:
        """Open ``path`` read-write; if that fails on an existing file, read-only (then immutable)."""
        assert self.path is not None
        if not self._read_only:
            try:
                self._conn = self._open_rw(self.path)
                self.state = "saving"
                self._ident = _identity(self.path)
                return
            except NotLessonFile:
                raise
            except (sqlite3.Error, OSError) as exc:
                if isinstance(exc, sqlite3.Error) and error_code(exc) in (_BUSY, _LOCKED):
                    _log.warning("progress database busy while opening (%s); will retry", exc)
                    self.state = "waiting"  # _reconnect() opens it with the first write or read
                    return
                if not self.path.is_file():
                    raise
                _log.warning("progress database cannot be written (%s): %s; trying read-only",
                             type(exc).__name__, exc)
        if not self.path.is_file():
            raise sqlite3.OperationalError(f"no database at {self.path}")
        self._conn = self._open_ro(self.path)
        self.state = "read-only"
        self.problem = READ_ONLY if not self._read_only else None
        self._ident = _identity(self.path)

    def _open_rw(self, path: Path) -> sqlite3.Connection:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=self._busy / 1000, isolation_level=None,
                               check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self._busy)}")
            if not is_lesson_file(conn):  # also fails on a corrupt file, before anything is written
                raise NotLessonFile(str(path))
            try:
                conn.execute("PRAGMA journal_mode = WAL").fetchone()
            except sqlite3.Error:
                pass  # some filesystems (network, read-only) cannot do WAL; the default journal works
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.executescript(_SCHEMA_SQL)
            columns = {r[1] for r in conn.execute("PRAGMA table_info(attempts)")}
            for column in ("uid", "confidence"):  # a file from before uids / confidence (issue 16)
                if column not in columns:  # add the column, keep every row
                    _add_column(conn, column)
            conn.execute("CREATE UNIQUE INDEX IF NOT EXISTS attempts_uid ON attempts (uid)")
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        except BaseException:
            conn.close()
            raise
        return conn

    def _open_ro(self, path: Path) -> sqlite3.Connection:
        """Read-only; a WAL file in a read-only folder needs ``immutable`` (no -shm can be made)."""
        last: sqlite3.Error | None = None
        for query in ("mode=ro", "mode=ro&immutable=1"):
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True, timeout=self._busy / 1000,
                                   isolation_level=None, check_same_thread=False)
            try:
                conn.execute(f"PRAGMA busy_timeout = {int(self._busy)}")
                if not is_lesson_file(conn):
                    raise NotLessonFile(str(path))
                conn.execute("SELECT count(*) FROM attempts").fetchone()
                return conn
            except NotLessonFile:
                conn.close()
                raise
            except sqlite3.Error as exc:
                conn.close()
                last = exc
        assert last is not None
        raise last

    # -- failures --------------------------------------------------------------------------------

    def _fail(self, exc: BaseException, read_back: bool = True) -> None:
        """A lasting problem: keep what can be read (and everything unsaved) in memory, for good."""
        _log.warning("progress database unavailable (%s): %s", type(exc).__name__, exc)
        kept: list[Attempt] = []
        if read_back and self._conn is not None:
            try:
                kept = self._read(self._conn, None, None)
            except sqlite3.Error:
                kept = []
        self._memory = kept + self._memory + self._pending
        self._pending = []
        self._close_conn()
        self.state = "memory"
        self.problem = NOT_SAVING
        self._notify()

    def _to_read_only(self, exc: BaseException) -> None:
        """Writes are refused but reads work: show saved progress, keep new attempts in memory."""
        _log.warning("progress database cannot be written (%s): %s; new answers stay in memory",
                     type(exc).__name__, exc)
        self._memory += self._pending
        self._pending = []
        self.state = "read-only"
        self.problem = READ_ONLY
        self._notify()

    def _close_conn(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
        self._conn = None

    # -- the file being deleted or replaced --------------------------------------------------

    def _check_file(self) -> None:
        """If the file at ``path`` is not the one open, make it again with every row still readable."""
        if self._conn is None or self.path is None or self.state == "read-only":
            return
        now = _identity(self.path)
        if now is not None and now == self._ident:
            return
        old = self._conn
        try:
            rows = self._read(old, None, None)
        except sqlite3.Error:
            rows = []
        try:
            self._carry = {table: old.execute(f"SELECT {cols} FROM {table}").fetchall()
                           for table, cols in _NAME_TABLES.items()}
        except sqlite3.Error:
            self._carry = {}
        _log.warning("progress database %s was %s while open; making it again with %d saved rows",
                     self.path, "deleted" if now is None else "replaced", len(rows))
        if now is None:
            for suffix in ("-wal", "-shm"):  # left by the deleted file; a new file must not reuse them
                try:
                    Path(f"{self.path}{suffix}").unlink()
                except OSError:
                    pass
        self._conn = None
        try:
            old.close()
        except sqlite3.Error:
            pass
        self._pending = rows + self._pending  # the copy goes in first, then what was waiting
        self.recreated = True
        self._reconnect()

    def _reconnect(self) -> None:
        """Open the file again (after it was re-made, or when it was busy at first)."""
        if self._conn is not None or self.path is None or self.state not in ("saving", "waiting"):
            return
        try:
            self._conn = self._open_rw(self.path)
            self._ident = _identity(self.path)
            self._closed = False  # used again after close(): the file is simply opened again
            self._write_carry()
        except NotLessonFile as exc:
            self._fail(exc, read_back=False)
            return
        except (sqlite3.Error, OSError) as exc:
            if isinstance(exc, sqlite3.Error) and is_transient(exc):
                self.state = "waiting"
                return
            self._fail(exc, read_back=False)
            return
        self._notify()

    def _write_carry(self) -> None:
        """Claimed names copied from a deleted file (kept for the next try if the file is busy)."""
        if not self._carry or self._conn is None:
            return
        conn = self._conn
        with _write_transaction(conn):
            for table, cols in _NAME_TABLES.items():
                marks = ", ".join("?" for _ in cols.split(","))
                conn.executemany(f"INSERT OR IGNORE INTO {table} ({cols}) VALUES ({marks})",
                                 self._carry.get(table, []))
        self._carry = {}

    # -- writing ----------------------------------------------------------------------------------

    @staticmethod
    def _write_rows(conn: sqlite3.Connection, rows: list[Attempt]) -> None:
        """All rows in one transaction (all or none); a row already there (same uid) is skipped."""
        if not rows:
            return
        with _write_transaction(conn):
            conn.executemany(_INSERT, [
                (a.learner, a.quiz_id, a.question_id, a.question_version,
                 json.dumps(a.response, sort_keys=True), float(a.score), int(bool(a.correct)), a.kind,
                 a.created_at, a.uid, a.confidence or None) for a in rows])

    def _write_pending(self) -> bool:
        """Try once to write every waiting attempt; True when none is left waiting."""
        if not self._pending:
            return True
        written = 0
        try:
            self._check_file()
            self._reconnect()
            while self._pending:
                if self.state not in ("saving", "waiting") or self._conn is None:
                    return False  # kept in memory (or still waiting to reopen): not saved
                self._write_carry()
                self._write_rows(self._conn, self._pending)
                written += len(self._pending)
                self._pending = []
                self._check_file()  # deleted just before the write? its copy is now waiting: go round again
        except sqlite3.Error as exc:
            if is_transient(exc):
                if self.state != "waiting":
                    _log.warning("progress database busy or full (%s); %d answer(s) wait in memory and "
                                 "will be retried", exc, len(self._pending))
                    self.state = "waiting"
                    self._notify()
                return False
            if error_code(exc) == _READONLY:
                self._to_read_only(exc)
            else:
                self._fail(exc)
            return False
        if self.state == "waiting":
            _log.warning("progress database writable again; %d waiting answer(s) saved", written)
            self.state = "saving"
            self.resumed = True
            self._notify()
        return True

    def add(self, attempt: Attempt) -> bool:
        """Record one attempt; True once it is in the file. Never raises because of the database.

        While the store is waiting, the attempt joins the queue without touching the file, so a
        Check never waits for a busy file twice; the background retry writes the queue in order.
        """
        if not attempt.created_at or not attempt.uid:
            attempt = replace(attempt, created_at=attempt.created_at or utc_now(),
                              uid=attempt.uid or uuid.uuid4().hex)
        with self._lock:
            if self.state in ("memory", "read-only"):
                self._memory.append(attempt)
                return False
            self._pending.append(attempt)
            if self.state == "waiting":
                self._start_retry()
                return False
            if self._write_pending():
                return True
            if self.state == "waiting":
                self._start_retry()
            return False

    def flush(self) -> bool:
        """Try now to write every waiting attempt; True when nothing waits for the file any more."""
        with self._lock:
            if self.state in ("saving", "waiting"):
                self._write_pending()
            return not self._pending

    @property
    def pending(self) -> int:
        """How many attempts wait to be written."""
        with self._lock:
            return len(self._pending)

    def _start_retry(self) -> None:
        if self._retry_s is None or self._closed or (self._retrier is not None and self._retrier.is_alive()):
            return
        self._retrier = threading.Thread(target=self._retry_loop, name="lesson-store-retry", daemon=True)
        self._retrier.start()

    def _retry_loop(self) -> None:
        delay = float(self._retry_s or RETRY_S)
        while not self._closed:
            self._wake.wait(delay)
            self._wake.clear()
            if self._closed:
                return
            try:
                if self.flush():
                    return
            except Exception:  # the retry must never die silently with answers waiting
                _log.exception("retrying the progress database failed")
            delay = min(delay * 2, RETRY_MAX_S)

    # -- reading -----------------------------------------------------------------------------------

    def attempts(self, learner: str | None = None, quiz_id: str | None = None) -> list[Attempt]:
        """Attempts in the order they were made (saved ones, then those waiting or kept in memory).

        A ``quiz_id`` filter keeps whole-lesson resets. While the file cannot be read for a moment,
        the last rows read for the same question stand in, so shown progress never shrinks.
        """
        key = (learner, quiz_id)
        with self._lock:
            rows: list[Attempt] = []
            if self.state == "waiting":
                self._reconnect()
            if self._conn is not None:
                try:
                    self._check_file()
                    if self._conn is not None:
                        rows = self._read(self._conn, learner, quiz_id)
                        self._last_read[key] = rows
                except sqlite3.Error as exc:
                    if is_transient(exc):
                        rows = self._last_read.get(key, [])
                    else:
                        self._fail(exc, read_back=False)
                        rows = []
            extra = [a for a in (*self._memory, *self._pending) if _matches(a, learner, quiz_id)]
            seen = {a.uid for a in rows if a.uid}
            return rows + [a for a in extra if not a.uid or a.uid not in seen]

    @staticmethod
    def _read(conn: sqlite3.Connection, learner: str | None, quiz_id: str | None) -> list[Attempt]:
        sure = _has_confidence(conn)
        sql = ("SELECT learner, quiz_id, question_id, question_version, response, score, correct, kind,"
               f" created_at, uid, id, {'confidence' if sure else 'NULL'} FROM attempts")
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
        return [Attempt(r[0], r[1], r[2], r[3], _loads(r[4]), r[5], bool(r[6]), r[7], r[8],
                        r[9] or f"row-{r[10]}-{r[8]}", r[11] or "") for r in rows]

    # -- the learner's view -----------------------------------------------------------------------

    def notice(self) -> str:
        """One plain sentence about saving for the page ("" while all is well)."""
        with self._lock:
            if self.state == "memory":
                return NOT_SAVING
            if self.state == "read-only":
                return READ_ONLY
            if self.state == "waiting":
                return PAUSED
            parts = [RECREATED if self.recreated else "", RESUMED if self.resumed else ""]
            return " ".join(p for p in parts if p)

    def on_change(self, listener: Callable[[Store], None]) -> None:
        """Call ``listener(store)`` whenever the state changes (possibly from the retry thread).

        A bound method is held weakly, so a page's widgets can go away without unregistering."""
        ref: Callable[[], Callable[[Store], None] | None]
        ref = weakref.WeakMethod(listener) if inspect.ismethod(listener) else (lambda: listener)  # type: ignore[arg-type]
        self._listeners.append(ref)

    def _notify(self) -> None:
        for ref in list(self._listeners):
            listener = ref()
            if listener is None:
                self._listeners.remove(ref)
                continue
            try:
                listener(self)
            except Exception:
                _log.exception("a progress listener failed")

    # -- names (see lesson.progress.names) -------------------------------------------------------

    def transaction(self, work: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run ``work(conn)`` in one write transaction on the file; raises sqlite3.Error if it cannot."""
        with self._lock:
            self._check_file()
            self._reconnect()
            if self._conn is None or self.state not in ("saving", "waiting"):
                raise sqlite3.OperationalError(self.problem or "the progress file is not available")
            with _write_transaction(self._conn):
                return work(self._conn)

    # -- closing -------------------------------------------------------------------------------------

    def close(self, wait_s: float = 0.0) -> None:
        """Write what waits (retrying up to ``wait_s`` seconds), then close the connection.

        A store used again after ``close()`` opens the file again (tests simulate restarts so)."""
        deadline = time.monotonic() + wait_s
        while not self.flush() and time.monotonic() < deadline:
            time.sleep(0.1)
        self._closed = True
        self._wake.set()
        with self._lock:
            if self._pending:
                _log.warning("progress database: %d answer(s) could not be saved before closing",
                             len(self._pending))
            self._close_conn()


def _add_column(conn: sqlite3.Connection, column: str) -> None:
    """``ALTER TABLE attempts ADD COLUMN``; another process adding it first (64 pages opening an
    old file at once) is not an error: the column is there either way."""
    try:
        conn.execute(f"ALTER TABLE attempts ADD COLUMN {column} TEXT")
    except sqlite3.OperationalError as exc:
        if "duplicate column" not in str(exc).lower():
            raise


def _has_confidence(conn: sqlite3.Connection) -> bool:
    """Whether the file has the confidence column (a read-only file from before issue 16 has not)."""
    return any(r[1] == "confidence" for r in conn.execute("PRAGMA table_info(attempts)"))


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


@atexit.register
def _write_waiting_at_exit() -> None:
    """A kernel that ends (page closed) gives waiting answers a last few seconds to be written."""
    for store in list(_stores.values()):
        store.close(wait_s=5.0)
