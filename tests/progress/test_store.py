"""The SQLite store: many writers, and failures that never lose the session or the file."""

from __future__ import annotations

import multiprocessing as mp
import shutil
import sqlite3
import tempfile
from pathlib import Path

from progress_helpers import drop_root

from lesson.progress.store import NOT_SAVING, PAUSED, READ_ONLY, RESUMED, Attempt, Store


def _row(i: int, learner: str = "me") -> Attempt:
    return Attempt(learner, "fixture", f"q{i}", "v1", {"i": i}, 1.0, True, "check")


def test_round_trip_and_order(tmp_path):
    store = Store(tmp_path / "deep" / "dir" / "p.sqlite3")
    for i in range(3):
        store.add(_row(i))
    got = store.attempts("me", "fixture")
    assert [a.response for a in got] == [{"i": 0}, {"i": 1}, {"i": 2}]
    assert got[0].created_at.endswith("+00:00") and store.saving and store.problem is None
    mode = sqlite3.connect(tmp_path / "deep" / "dir" / "p.sqlite3").execute("PRAGMA journal_mode").fetchone()
    assert mode[0] == "wal"


def _writer(path: str, worker: int, n: int) -> None:
    store = Store(Path(path), busy_timeout_ms=10000)
    for i in range(n):
        store.add(_row(i, learner=f"w{worker}"))
    if store.problem:
        raise SystemExit(1)


def test_many_processes_lose_nothing(tmp_path):
    path = str(tmp_path / "p.sqlite3")
    Store(Path(path)).close()
    procs = [mp.get_context("spawn").Process(target=_writer, args=(path, w, 50)) for w in range(8)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * 8
    rows = Store(Path(path)).attempts()
    assert len(rows) == 400
    assert all(len([a for a in rows if a.learner == f"w{w}"]) == 50 for w in range(8))


def _read_only_probe(target: str) -> None:
    """Runs in a forked child: drop root (which ignores permissions), then use the store."""
    drop_root()
    store = Store(Path(target))
    ok = store.problem == NOT_SAVING and not store.saving
    store.add(_row(1))
    ok = ok and len(store.attempts("me", "fixture")) == 1 and not Path(target).exists()
    raise SystemExit(0 if ok else 3)


def test_read_only_directory_keeps_working_in_memory():
    """A home the learner cannot write to: the quiz works in memory and creates no file.

    Root ignores directory permissions, so as root (as in CI) the check runs in a forked
    child that has dropped to the unprivileged user ``nobody`` first.
    """
    base = Path(tempfile.mkdtemp(prefix="lesson-ro-"))
    try:
        base.chmod(0o755)
        ro = base / "ro"
        ro.mkdir()
        ro.chmod(0o555)
        child = mp.get_context("fork").Process(target=_read_only_probe, args=(str(ro / "p.sqlite3"),))
        child.start()
        child.join(60)
        assert child.exitcode == 0
        assert not (ro / "p.sqlite3").exists()
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_read_only_file_keeps_rows_and_works_in_memory(tmp_path):
    path = tmp_path / "p.sqlite3"
    first = Store(path)
    first.add(_row(0))
    first.close()
    before = path.read_bytes()
    conn_uri = f"file:{path}?mode=ro"
    store = Store(path)
    store._conn.close()
    store._conn = sqlite3.connect(conn_uri, uri=True, isolation_level=None, check_same_thread=False)
    assert store.add(_row(1)) is False  # never reported as saved
    assert store.problem == READ_ONLY and store.state == "read-only" and store.notice() == READ_ONLY
    assert [a.question_id for a in store.attempts("me")] == ["q0", "q1"]
    assert path.read_bytes() == before


def test_corrupt_file_is_left_byte_identical(tmp_path):
    path = tmp_path / "p.sqlite3"
    junk = b"this is not a database\x00" * 200
    path.write_bytes(junk)
    store = Store(path)
    store.add(_row(1))
    assert store.problem == NOT_SAVING and len(store.attempts()) == 1
    store.close()
    assert path.read_bytes() == junk


def test_locked_database_waits_then_saves_without_losing_the_session(tmp_path):
    """A lock is a passing problem: the attempt waits in memory and is written once the lock goes."""
    path = tmp_path / "p.sqlite3"
    Store(path).close()
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    store = Store(path, busy_timeout_ms=100, retry_s=None)
    try:
        assert store.add(_row(1)) is False
        assert store.state == "waiting" and store.notice() == PAUSED and store.problem is None
        assert len(store.attempts("me")) == 1 and store.pending == 1
        assert store.flush() is False
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert store.flush() is True
    assert store.state == "saving" and store.notice() == RESUMED and store.pending == 0
    assert [a.question_id for a in Store(path).attempts("me")] == ["q1"]


def test_quiz_says_once_when_not_saving(fixture_bank, temp_db):
    from lesson.quiz.widgets import QuizView

    temp_db.write_bytes(b"garbage" * 100)
    view = QuizView("fixture")
    single = view.views[0]
    single.controls.box.value = 0
    single.check.click()
    single.check.click()
    assert view.notice.value.count(NOT_SAVING) == 1 and "✓ Correct" in single.feedback.value
    assert "1 of 8 correct" in view.score.value
    assert temp_db.read_bytes() == b"garbage" * 100


def test_unwritable_location_works_in_memory_even_as_root(tmp_path):
    """A DB path under a regular file cannot be created by anyone, root included."""
    blocker = tmp_path / "not-a-dir"
    blocker.write_bytes(b"x")
    store = Store(blocker / "p.sqlite3")
    store.add(_row(1))
    assert store.problem == NOT_SAVING and len(store.attempts()) == 1
    assert blocker.read_bytes() == b"x"


def test_store_warning_reaches_the_server_log_on_its_own(tmp_path):
    """The store's warning goes to the "lesson" handler on the real stderr even when the store is the
    first thing a page imports: Voila drops a kernel's ``sys.stderr``, so Python's last-resort
    handler would send it nowhere (the header made the store first and the warning vanished)."""
    import subprocess
    import sys

    blocker = tmp_path / "not-a-dir"
    blocker.write_bytes(b"x")
    code = ("import logging, sys\n"
            "from lesson.progress.store import Store\n"
            "assert logging.getLogger('lesson').handlers, 'no handler for the lesson logger'\n"
            "Store(__import__('pathlib').Path(sys.argv[1]))\n")
    run = subprocess.run([sys.executable, "-c", code, str(blocker / "p.sqlite3")], capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "[lesson] WARNING progress database unavailable" in run.stderr
