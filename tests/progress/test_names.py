"""Names on a shared server: bound to the browser that claimed them, with a recovery code.

Issue 12: learner B opened ``?learner=ALICE``, saw Alice's answers and reset her whole lesson.
"""

from __future__ import annotations

import sqlite3

import pytest

from lesson.progress import names, scoring
from lesson.progress.identity import current_learner, link_query
from lesson.progress.store import Attempt, get_store

ALICE_BROWSER = "a" * 43
BOB_BROWSER = "b" * 43


def forget_claims() -> None:
    """Drop the claims the module remembers, as a new kernel (a new page) starts without them."""
    names._claims.clear()


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch):
    """A classroom server; ``visit(browser, query)`` is one page load from one browser."""
    monkeypatch.setenv("LESSON_HOST", "0.0.0.0")
    forget_claims()

    def visit(browser: str, query: str):
        forget_claims()  # every page load is a new kernel
        monkeypatch.setenv("HTTP_X_LESSON_BROWSER", browser)
        monkeypatch.setenv("LESSON_QUERY", query)
        return current_learner()

    yield visit
    forget_claims()


def _answer(learner_id: str, qid: str) -> None:
    get_store().add(Attempt(learner_id, "fixture", qid, "v1", 0, 1.0, True, "check"))


def test_first_browser_claims_the_name_and_sees_its_code_once(shared):
    first = shared(ALICE_BROWSER, "learner=Alice")
    assert (first.id, first.saving, first.claim) == ("name:alice", True, "claimed")
    assert len(first.code) == 9 and first.code[4] == "-"
    again = shared(ALICE_BROWSER, "learner=alice")  # same browser, any capitals
    assert (again.id, again.claim, again.code) == ("name:alice", "owner", "")


def test_another_browser_without_the_code_gets_nothing_of_alices(shared):
    alice = shared(ALICE_BROWSER, "learner=Alice")
    _answer(alice.id, "q1")
    bob = shared(BOB_BROWSER, "learner=Alice")
    assert (bob.id, bob.saving, bob.claim, bob.asked) == (None, False, "refused", "Alice")
    assert link_query() == ""  # the refused name is not carried to other pages
    assert scoring.store_for(bob).attempts(scoring.storage_key(bob), "fixture") == []
    scoring.reset_progress(bob)  # a reset from the other browser cannot touch Alice's answers
    assert [a.kind for a in get_store().attempts("name:alice")] == ["check"]


def test_the_recovery_code_lets_another_browser_in(shared):
    code = shared(ALICE_BROWSER, "learner=Alice").code
    typed = code.lower().replace("-", " ")  # as a learner might copy it
    bob = shared(BOB_BROWSER, f"learner=Alice&code={typed}")
    assert (bob.id, bob.saving, bob.claim) == ("name:alice", True, "unlocked")
    assert link_query() == "?learner=Alice"  # never the code
    later = shared(BOB_BROWSER, "learner=Alice")  # that browser is now bound too
    assert later.claim == "owner"


def test_wrong_codes_are_refused_then_the_name_is_locked(shared):
    code = shared(ALICE_BROWSER, "learner=Alice").code
    outcomes = [shared(BOB_BROWSER, f"learner=Alice&code=WRONG-{i:03d}").claim
                for i in range(names.MAX_FAILURES)]
    assert outcomes == ["wrong-code"] * (names.MAX_FAILURES - 1) + ["locked"]
    locked = shared(BOB_BROWSER, f"learner=Alice&code={code}")
    assert (locked.id, locked.claim) == (None, "locked")  # even the right code waits out the lock
    assert shared(ALICE_BROWSER, "learner=Alice").claim == "owner"  # the owner's browser is not locked out


def test_owner_can_get_a_new_code_and_the_old_one_stops_working(shared):
    old = shared(ALICE_BROWSER, "learner=Alice").code
    renewed = shared(ALICE_BROWSER, "learner=Alice&newcode=1")
    assert renewed.claim == "new-code" and renewed.code and renewed.code != old
    assert shared(BOB_BROWSER, f"learner=Alice&code={old}").claim == "wrong-code"
    assert shared(BOB_BROWSER, f"learner=Alice&code={renewed.code}").claim == "unlocked"
    assert shared(BOB_BROWSER, "learner=Alice&newcode=1").claim == "new-code"  # bound now, so it may


def test_newcode_from_a_stranger_does_nothing(shared):
    shared(ALICE_BROWSER, "learner=Alice")
    assert shared(BOB_BROWSER, "learner=Alice&newcode=1").claim == "refused"


def test_without_a_cookie_a_name_is_not_used(shared):
    assert shared("", "learner=Alice").claim == "no-cookie"
    assert shared(ALICE_BROWSER, "learner=Alice").claim == "claimed"  # still free to claim


def test_database_keeps_neither_cookie_nor_code(shared, temp_db):
    code = shared(ALICE_BROWSER, "learner=Alice").code
    get_store().close()
    data = b"".join(p.read_bytes() for p in temp_db.parent.glob(temp_db.name + "*"))
    assert ALICE_BROWSER.encode() not in data
    assert code.encode() not in data and code.replace("-", "").encode() not in data


def test_claims_survive_the_database_being_deleted(shared, temp_db):
    code = shared(ALICE_BROWSER, "learner=Alice").code
    temp_db.unlink()
    assert shared(ALICE_BROWSER, "learner=Alice").claim == "owner"  # the open store re-made the file
    assert shared(BOB_BROWSER, "learner=Alice").claim == "refused"
    assert shared(BOB_BROWSER, f"learner=Alice&code={code}").claim == "unlocked"


def test_a_broken_database_fails_closed(shared, temp_db):
    temp_db.write_bytes(b"not a database" * 100)
    alice = shared(ALICE_BROWSER, "learner=Alice")
    assert (alice.id, alice.saving, alice.claim) == (None, False, "unavailable")


def test_own_computer_keeps_no_login(monkeypatch):
    monkeypatch.setenv("LESSON_QUERY", "learner=Alice")
    for browser in (ALICE_BROWSER, BOB_BROWSER, ""):
        monkeypatch.setenv("HTTP_X_LESSON_BROWSER", browser)
        me = current_learner()
        assert (me.id, me.saving, me.claim) == ("name:alice", True, "")
    with sqlite3.connect(get_store().path) as conn:
        assert conn.execute("SELECT count(*) FROM names").fetchone()[0] == 0
