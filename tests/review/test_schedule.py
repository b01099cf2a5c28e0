"""The FSRS review schedule with a fake clock over weeks (issue 16)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from lesson.review import schedule as S

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)  # a Monday morning
KEY = ("treatment", "q1")
V = {KEY: "v1", ("treatment", "q2"): "v1", ("seek-help", "q9"): "v1"}


def chapter(correct: bool, sure: str = "", at: datetime = T0, key=KEY, kind="check", version="v1") -> S.Event:
    return S.Event(kind, key[0], key[1], version, correct, sure, at)


def on_review(correct: bool, sure: str, at: datetime, key=KEY, version="v1") -> S.Event:
    return S.Event("check", key[0], key[1], version, correct, sure, at, on_review_page=True)


def due_after(events: list[S.Event], now: datetime) -> datetime:
    return S.replay(events, V, now)[KEY].due


def test_what_enters_the_review_set() -> None:
    events = [chapter(False, "high"), chapter(True, "low", key=("treatment", "q2")),
              chapter(True, "high", key=("seek-help", "q9")), chapter(True, "")]
    cards = S.replay(events, V, T0)
    assert set(cards) == {KEY, ("treatment", "q2")}  # missed, and right-but-unsure; not confident right
    assert [c.reason for c in S.due_cards(cards, T0)] == ["missed", "unsure"]
    revealed = S.replay([S.Event("reveal", "seek-help", "q9", "v1", False, "", T0)], V, T0)
    assert revealed[("seek-help", "q9")].reason == "revealed"


def test_wrong_comes_back_sooner_than_right_and_confident_right_goes_furthest() -> None:
    start = [chapter(False, "high")]
    t = T0 + timedelta(minutes=5)
    dues = {sure: due_after(start + [on_review(ok, sure, t)], t)
            for ok, sure in ((False, "high"), (True, "low"), (True, "medium"), (True, "high"))}
    wrong = due_after(start + [on_review(False, "high", t)], t)
    assert wrong < dues["medium"] < dues["high"]
    assert dues["low"] <= dues["medium"]
    assert S.when_words(wrong, t) == "tomorrow"


def test_over_weeks_intervals_grow_and_a_lapse_shrinks_them() -> None:
    events = [chapter(False, "high")]
    now = T0
    gaps = []
    for _ in range(4):  # answer right (fairly sure) each time it falls due
        now = S.replay(events, V, now)[KEY].due + timedelta(hours=1)
        events.append(on_review(True, "medium", now))
        gaps.append(S.replay(events, V, now)[KEY].due - now)
    assert gaps == sorted(gaps) and gaps[-1] > timedelta(days=14)
    now = S.replay(events, V, now)[KEY].due + timedelta(hours=1)
    events.append(on_review(False, "medium", now))  # forgotten after weeks
    assert S.replay(events, V, now)[KEY].due - now < gaps[-1]
    assert now - T0 > timedelta(weeks=4)


def test_due_today_and_next_review() -> None:
    events = [chapter(False, "high"), on_review(True, "high", T0 + timedelta(minutes=1))]
    cards = S.replay(events, V, T0)
    assert S.due_cards(cards, T0) == []
    nxt = S.next_due(cards, T0)
    assert nxt is not None and S.days_until(nxt, T0) == 8
    assert S.date_words(nxt, T0) == "in 8 days (Tuesday 10 March)"
    later = T0 + timedelta(days=8)
    assert [c.key for c in S.due_cards(cards, later)] == [KEY]
    assert S.next_due(cards, later) is None


def test_reset_clears_the_schedule() -> None:
    events = [chapter(False, "high"), chapter(False, "", key=("seek-help", "q9"))]
    assert set(S.replay(events + [S.Event("reset", "treatment", "", "", False, "", T0)], V, T0)) == {
        ("seek-help", "q9")}
    assert S.replay(events + [S.Event("reset", "*", "", "", False, "", T0)], V, T0) == {}
    assert set(S.replay(events + [S.Event("reset", "treatment", "q1", "", False, "", T0)], V, T0)) == {
        ("seek-help", "q9")}


def test_a_changed_question_restarts_its_card() -> None:
    t = T0 + timedelta(minutes=2)
    events = [chapter(False, "high"), on_review(True, "high", t)]
    assert S.due_cards(S.replay(events, V, t), t) == []
    changed = S.replay(events, {**V, KEY: "v2"}, t)
    assert changed[KEY].reason == "changed" and changed[KEY].reviews == 0
    assert [c.key for c in S.due_cards(changed, t)] == [KEY]
    # a review of the new version starts from a fresh card too
    again = S.replay(events + [on_review(True, "medium", t, version="v2")], {**V, KEY: "v2"}, t)
    assert again[KEY].reviews == 1 and again[KEY].version == "v2"
    assert S.replay(events, {}, t) == {}  # a removed question leaves the review set


def test_same_attempts_give_the_same_dates() -> None:
    events = [chapter(False, "high"), on_review(False, "low", T0 + timedelta(hours=1)),
              on_review(True, "medium", T0 + timedelta(days=1, hours=2))]
    assert S.replay(events, V, T0)[KEY].due == S.replay(list(events), dict(V), T0)[KEY].due


def test_events_from_attempts_maps_review_rows() -> None:
    from lesson.progress.store import Attempt

    rows = [Attempt("me", "treatment", "q1", "v1", "a", 0, False, "check", T0.isoformat(), "u1", "high"),
            Attempt("me", "review", "treatment/q1", "v1", "b", 1, True, "check", "not a date", "u2", "")]
    events = S.events_from_attempts(rows, T0)
    assert [(e.quiz_id, e.question_id, e.on_review_page, e.confidence) for e in events] == [
        ("treatment", "q1", False, "high"), ("treatment", "q1", True, "")]
    assert events[1].at == T0


def test_a_question_drawn_into_two_quizzes_is_shown_once() -> None:
    versions = {("anatomy", "q1"): "v1", ("final", "q1"): "v1", ("anatomy", "q2"): "v1"}
    events = [chapter(False, key=("final", "q1")), chapter(False, key=("anatomy", "q1")),
              chapter(False, key=("anatomy", "q2"), at=T0 + timedelta(minutes=1))]
    due = S.due_cards(S.replay(events, versions, T0), T0)
    assert [(c.key, also) for c, also in S.by_question(due)] == [
        (("anatomy", "q1"), ("final",)), (("anatomy", "q2"), ())]
