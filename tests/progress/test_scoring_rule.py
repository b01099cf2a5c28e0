"""THE scoring rule: latest check wins, reveal never counts, changed versions don't count, resets clear."""

from __future__ import annotations

from lesson.progress import scoring
from lesson.progress.identity import current_learner
from lesson.progress.scoring import Score, states
from lesson.progress.store import Attempt

V = {"a": "v1", "b": "v1"}


def _check(qid: str, correct: bool, ver: str = "v1", quiz: str = "fixture") -> Attempt:
    return Attempt("me", quiz, qid, ver, None, 1.0 if correct else 0.0, correct, "check")


def _event(kind: str, qid: str = "", quiz: str = "fixture") -> Attempt:
    return Attempt("me", quiz, qid, "v1", None, 0.0, False, kind)


def test_unanswered_and_latest_wins():
    assert states([], V, "fixture") == {"a": "unanswered", "b": "unanswered"}
    assert states([_check("a", False), _check("a", True)], V, "fixture")["a"] == "correct"
    assert states([_check("a", True), _check("a", False)], V, "fixture")["a"] == "wrong"


def test_reveal_never_counts_until_reset():
    rows = [_check("a", False), _event("reveal", "a"), _check("a", True)]
    assert states(rows, V, "fixture")["a"] == "revealed"
    rows += [_event("reset"), _check("a", True)]
    assert states(rows, V, "fixture")["a"] == "correct"


def test_changed_version_does_not_count():
    assert states([_check("a", True, ver="old")], V, "fixture")["a"] == "changed"
    assert states([_check("a", True, ver="old"), _check("a", True)], V, "fixture")["a"] == "correct"


def test_reset_scope():
    rows = [_check("a", True), _check("b", True, quiz="other"), _event("reset", quiz="other")]
    assert states(rows, V, "fixture")["a"] == "correct"
    assert states(rows + [_event("reset", quiz="*")], V, "fixture")["a"] == "unanswered"


def test_score_text():
    assert str(Score(4, 6, 5)) == "4 of 6 correct"
    assert scoring.score_of({"a": "correct", "b": "revealed", "c": "changed"}) == Score(1, 3, 2)


def test_api_over_the_store(fixture_bank):
    me = current_learner()
    qs = {q.id: q for q in fixture_bank.questions}
    store = scoring.store_for(me)
    from lesson.content_model.questions import version

    for qid, ok in (("fx-single", True), ("fx-numeric", False), ("fx-matching", True)):
        store.add(Attempt(me.id, "fixture", qid, version(qs[qid]), None, float(ok), ok, "check"))
    store.add(Attempt(me.id, "fixture", "fx-verdict", "stale", None, 1.0, True, "check"))
    assert str(scoring.quiz_score(me, "fixture")) == "2 of 8 correct"
    assert scoring.question_states(me, "fixture")["fx-verdict"] == "changed"
    assert scoring.chapter_scores(me) == {"fixture": Score(2, 8, 3)}
    assert scoring.objective_scores(me) == {"obj-a": Score(1, 4, 2), "obj-b": Score(1, 4, 1)}
    scoring.reset_progress(me, "fixture")
    assert scoring.quiz_score(me, "fixture") == Score(0, 8, 0)
