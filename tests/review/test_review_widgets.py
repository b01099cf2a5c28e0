"""Headless widgets for issue 16: the certainty switch and radio group, the certainty-based mark
beside the plain score, the review page's due list and "see this again", and what is stored."""

from __future__ import annotations

import csv
import io
import sqlite3

import pytest

from lesson.app import review_page as page
from lesson.app.review_page import ReviewPage
from lesson.progress import export, store
from lesson.progress import review_state as state
from lesson.quiz.confidence import CHOOSE_FIRST
from lesson.quiz.widgets import QuizView
from lesson.review import clock


@pytest.fixture
def view(fixture_bank) -> QuizView:
    return QuizView("fixture")


def _v(view, qid: str):
    return next(v for v in view.views if v.q.id == qid)


def _wrong_and_very_sure(view) -> None:
    view.sure.switch.value = True
    single = _v(view, "fx-single")
    single.controls.box.value = 1  # "Seven": wrong
    single.sure.radio.value = "high"
    single.check.click()


def _advance(monkeypatch: pytest.MonkeyPatch, days: float) -> None:
    monkeypatch.setenv(clock.TEST_FLAG, "1")
    monkeypatch.setenv(clock.OFFSET_ENV, str(days))


def test_switch_shows_the_radio_group_and_check_asks_for_a_choice(view, temp_db):
    single = _v(view, "fx-single")
    assert view.sure.switch.value is False and not single.sure.shown
    assert single.sure.radio.description == "How sure are you?"
    assert [o for o, _v2 in single.sure.radio.options] == ["Low", "Medium", "High"]
    view.sure.switch.value = True
    assert all(v.sure.shown for v in view.views)
    single.controls.box.value = 0
    single.check.click()
    assert CHOOSE_FIRST in single.feedback.value
    assert store.get_store().attempts() == []  # nothing recorded without a certainty
    single.sure.radio.value = "medium"
    single.check.click()
    [row] = store.get_store().attempts()
    assert (row.correct, row.confidence) == (True, "medium")
    view.sure.switch.value = False
    assert not single.sure.shown and single.sure.level == ""


def test_plain_score_stays_and_the_mark_is_shown_beside_it(view):
    _wrong_and_very_sure(view)
    assert "0 of 8 correct" in view.score.value
    marks = view.sure.marks.value
    assert "Certainty-based mark: -6 out of a possible 3 (1 answer with a certainty)." in marks
    assert "When you were very sure, you were right none of the time." in view.sure.marks.value
    assert "review.ipynb" in view.sure.marks.value  # the confident mistake is on the review page
    tf = _v(view, "fx-truefalse")
    tf.controls.box.value = tf.q.answer
    tf.sure.radio.value = "high"
    tf.check.click()
    assert "Certainty-based mark: -3 out of a possible 6" in view.sure.marks.value
    assert "1 of 8 correct" in view.score.value
    # a new page (reload) starts with the switch on: the latest answer carried a certainty
    assert QuizView("fixture").sure.switch.value is True


def test_review_page_wrong_then_later_then_right_moves_out(view, monkeypatch):
    _wrong_and_very_sure(view)
    first = ReviewPage()
    assert [c.key for c in first.due] == [("fixture", "fx-single")]
    assert "1 question is due for review today." in first.status.value
    assert "review page: 1 due (fixture/fx-single), 1 in the review set" == first.summary()
    item = first.views[0]
    item.controls.box.value = 2  # wrong again ("Twelve"); the switch followed the learner: on
    item.sure.radio.value = "high"
    item.check.click()
    assert "See this again tomorrow" in first.after[("fixture", "fx-single")].value
    assert "0 of 8 correct" in QuizView("fixture").score.value  # a review never changes the chapter score
    assert ReviewPage().due == []
    assert "Nothing is due for review today." in ReviewPage().status.value
    assert "Your next review is tomorrow" in ReviewPage().status.value
    _advance(monkeypatch, 1)
    back = ReviewPage()
    assert [c.key for c in back.due] == [("fixture", "fx-single")]  # it comes back
    before = state.review_cards(back.learner)[("fixture", "fx-single")].due
    back.views[0].controls.box.value = 0
    back.views[0].sure.radio.value = "high"
    back.views[0].check.click()
    after = state.review_cards(back.learner)[("fixture", "fx-single")].due
    assert after - before > (before - clock.now()) and (after - clock.now()).days >= 2
    assert "See this again in " in back.after[("fixture", "fx-single")].value


def test_review_state_survives_a_kernel_restart_and_the_file_being_replaced(view, temp_db):
    _wrong_and_very_sure(view)
    assert state.stored_snapshot(store.get_store(), "local")[0][:2] == ("fixture", "fx-single")
    store.clear_cache()  # a kernel restart: everything is read again from the file
    assert [c.key for c in ReviewPage().due] == [("fixture", "fx-single")]
    conn = sqlite3.connect(temp_db)
    assert conn.execute("SELECT confidence FROM attempts").fetchall() == [("high",)]
    conn.close()
    s = store.get_store()
    s.attempts()
    for suffix in ("", "-wal", "-shm"):  # deleted while the page is open
        p = temp_db.with_name(temp_db.name + suffix)
        if p.exists():
            p.unlink()
    assert [c.key for c in ReviewPage().due] == [("fixture", "fx-single")]  # re-made with every row
    store.clear_cache()
    assert [c.key for c in ReviewPage().due] == [("fixture", "fx-single")]


def test_reset_clears_the_review_set(view):
    _wrong_and_very_sure(view)
    assert len(state.stored_snapshot(store.get_store(), "local")) == 1
    view.ask("quiz")
    view.confirm()
    assert ReviewPage().due == [] and "Nothing to review yet" in ReviewPage().status.value
    assert state.stored_snapshot(store.get_store(), "local") == []
    assert view.sure.marks.value == ""


def test_presenter_mode_stores_nothing(fixture_bank, temp_db, monkeypatch):
    monkeypatch.setenv("LESSON_PRESENT", "1")
    v = QuizView("fixture")
    _wrong_and_very_sure(v)
    assert [c.key for c in ReviewPage().due] == [("fixture", "fx-single")]  # for this session only
    if temp_db.exists():
        conn = sqlite3.connect(temp_db)
        assert conn.execute("SELECT count(*) FROM attempts").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM review_cards").fetchone() == (0,)
        conn.close()


def test_export_has_confidence_and_review_state(view, capsys):
    _wrong_and_very_sure(view)
    page_ = ReviewPage()
    page_.views[0].controls.box.value = 0
    page_.views[0].sure.radio.value = "low"
    page_.views[0].check.click()
    assert export.run("csv", None, False, None) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["quiz_id"], r["confidence"], r["status"]) for r in rows] == [
        ("fixture", "high", "wrong"), ("review", "low", "review")]
    assert rows[0]["review_due"] and rows[0]["review_due"] == rows[1]["review_due"]


def test_test_clock_is_ignored_without_the_flag(monkeypatch, tmp_path):
    monkeypatch.delenv(clock.TEST_FLAG, raising=False)
    monkeypatch.setenv(clock.OFFSET_ENV, "30")
    assert clock.offset_days() == 0
    monkeypatch.setenv(clock.TEST_FLAG, "1")
    f = tmp_path / "offset"
    f.write_text("2.5")
    monkeypatch.setenv(clock.FILE_ENV, str(f))
    assert clock.offset_days() == 32.5


def test_due_count_on_the_landing_and_start_pages(view):
    from lesson.app.landing import landing, progress_overview

    _wrong_and_very_sure(view)
    assert "1 question due for review" in landing().widget.value
    assert 'href="review.ipynb"' in progress_overview().widget.value


def test_final_report_shows_the_mark(view):
    from lesson.pages.final import final_report

    _wrong_and_very_sure(view)
    html = final_report().widget.children[0].value
    assert "How sure you were" in html and "Certainty-based mark: -6" in html


def test_review_notebook_parts_are_deterministic(fixture_bank):
    assert repr(page.review_page()) == "review page: 0 due (none), 0 in the review set"
    assert "Review" in page.header().html and 'href="glossary.ipynb"' in page.footer().html


def test_a_busy_file_keeps_the_answer_waiting_and_the_review_follows(view, temp_db):
    store.get_store().attempts()  # the file exists
    blocker = sqlite3.connect(temp_db, timeout=0.1)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        _wrong_and_very_sure(view)
        s = store.get_store()
        assert s.state == "waiting" and s.pending == 1
        assert [c.key for c in ReviewPage().due] == [("fixture", "fx-single")]  # from the waiting answer
    finally:
        blocker.rollback()
        blocker.close()
    assert store.get_store().flush()
    store.clear_cache()
    assert [c.key for c in ReviewPage().due] == [("fixture", "fx-single")]
    conn = sqlite3.connect(temp_db)
    assert conn.execute("SELECT confidence FROM attempts").fetchall() == [("high",)]
    conn.close()
