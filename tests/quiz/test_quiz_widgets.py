"""Headless widget behaviour: set .value, call .click(), read the feedback and score."""

from __future__ import annotations

import pytest

from lesson import pooled_widgets as pooled
from lesson.progress import store
from lesson.quiz import bank
from lesson.quiz.widgets import QuizView, quiz


@pytest.fixture
def view(fixture_bank) -> QuizView:
    return QuizView("fixture")


def _v(view: QuizView, qid: str):
    return next(v for v in view.views if v.q.id == qid)


def test_structure_classes_and_empty_live_region(view):
    assert "lesson-quiz" in view.widget._dom_classes
    for v in view.views:
        assert {"lesson-question", f"lesson-q-{v.q.id}"} <= set(v.box._dom_classes)
        assert "lesson-feedback" in v.feedback._dom_classes
        assert v.feedback.value == '<div class="lesson-live" role="status" aria-live="polite"></div>'
        assert "lesson-check" in v.check._dom_classes and "lesson-show-answer" in v.show._dom_classes
        assert not pooled.is_shown(v.show)
    assert "lesson-score" in view.score._dom_classes and "0 of 8 correct" in view.score.value
    assert "lesson-reset" in view.reset_quiz._dom_classes


def test_prompt_html_is_escaped(view):
    prompt = _v(view, "fx-single").box.children[0].value
    assert "<img" not in prompt and "&lt;img src=x onerror=alert(1)&gt;" in prompt


def test_check_right_and_wrong_updates_feedback_and_score(view):
    single = _v(view, "fx-single")
    seven = 1
    single.controls.box.value = seven
    single.check.click()
    assert "✗ Not quite" in single.feedback.value and "That is the neck." in single.feedback.value
    assert 'aria-live="polite"' in single.feedback.value
    assert "0 of 8 correct" in view.score.value
    single.controls.box.value = 0
    single.check.click()
    fb = single.feedback.value
    assert "✓ Correct" in fb and "Five." in fb and "Sources:" in fb and "https://example.org/a" in fb
    assert "Reference &lt;A&gt;" in fb
    assert "1 of 8 correct" in view.score.value


def test_partial_feedback_word(view):
    multi = _v(view, "fx-multiple")
    boxes = [c for c in multi.controls.box.children if hasattr(c, "indent")]
    next(b for b in boxes if b.description == "A").value = True
    multi.check.click()
    assert "◐ Partly right" in multi.feedback.value


def test_hints_one_at_a_time(view):
    single = _v(view, "fx-single")
    assert single.hint.description == "Hint (1 of 2)" and single.hint_area.value == ""
    single.hint.click()
    assert "First hint." in single.hint_area.value and "Second hint." not in single.hint_area.value
    single.hint.click()
    assert "Second hint." in single.hint_area.value and single.hint.disabled
    assert not pooled.is_shown(_v(view, "fx-truefalse").hint)


def test_show_answer_after_max_tries_and_it_never_counts(view):
    tf = _v(view, "fx-truefalse")
    tf.controls.box.value = False
    tf.check.click()
    assert not pooled.is_shown(tf.show)
    tf.check.click()
    assert pooled.is_shown(tf.show)
    tf.show.click()
    assert "Answer shown" in tf.feedback.value and "True" in tf.feedback.value
    tf.controls.box.value = True
    tf.check.click()
    assert "✓ Correct" in tf.feedback.value and "0 of 8 correct" in view.score.value


def test_numeric_hostile_input_is_escaped_and_not_stored(view, temp_db):
    num = _v(view, "fx-numeric")
    num.controls.box.children[0].value = "<img src=x onerror=alert(1)>"
    num.check.click()
    assert "<img" not in num.feedback.value and "⚠" in num.feedback.value
    assert store.get_store().attempts() == []


def test_dropdown_types_have_labels_and_grade(view):
    order = _v(view, "fx-ordering")
    drops = order.controls.box.children
    assert [d.description for d in drops] == ["Position 1", "Position 2", "Position 3", "Position 4"]
    for d, item in zip(drops, ["Neck", "Chest", "Lower back", "Sacrum"], strict=True):
        d.value = item
    order.check.click()
    assert "✓ Correct" in order.feedback.value
    lab = _v(view, "fx-labelling")
    assert [d.description for d in lab.controls.box.children] == ["Part 1", "Part 2"]
    assert ("Rib", "Rib") in lab.controls.box.children[0].options
    assert lab.controls.box.children[0].options[0] == ("Choose…", "")  # a placeholder, not a blank box
    picture = lab.box.children[1].value  # the real lumbar-spine diagram: an image with its alt text
    assert picture.startswith('<img src="data:image/png;base64,') and 'alt="' in picture
    assert "not available" not in picture
    match = _v(view, "fx-matching")
    assert [d.description for d in match.controls.box.children] == ["Disc", "Muscle", "Ligament"]


def test_reset_needs_confirmation(view):
    single = _v(view, "fx-single")
    single.controls.box.value = 0
    single.check.click()
    view.reset_quiz.click()
    assert view.confirm_row.layout.display is None and "Clear all your answers" in view.confirm_text.value
    view.cancel.click()
    assert view.confirm_row.layout.display == "none" and "1 of 8 correct" in view.score.value
    view.reset_quiz.click()
    view.yes.click()
    assert "0 of 8 correct" in view.score.value and single.controls.box.value is None
    assert single.feedback.value.endswith('aria-live="polite"></div>')


def test_whole_lesson_reset(view):
    single = _v(view, "fx-single")
    single.controls.box.value = 0
    single.check.click()
    view.reset_all.click()
    assert "every chapter" in view.confirm_text.value
    view.yes.click()
    assert "0 of 8 correct" in QuizView("fixture").score.value


def test_restored_after_simulated_restart(fixture_bank, temp_db):
    first = QuizView("fixture")
    single = _v(first, "fx-single")
    single.controls.box.value = 0
    single.check.click()
    num = _v(first, "fx-numeric")
    num.controls.box.children[0].value = "9"
    num.check.click()
    del first, single, num
    store.clear_cache()
    again = QuizView("fixture")
    assert "1 of 8 correct" in again.score.value
    assert _v(again, "fx-single").controls.box.value == 0
    assert "✓ Correct" in _v(again, "fx-single").feedback.value
    restored_num = _v(again, "fx-numeric")
    assert restored_num.controls.box.children[0].value == "9"
    assert pooled.is_shown(restored_num.show)  # max_tries 1 was used up before the restart


def test_presenter_mode_saves_nothing_and_offers_answers(fixture_bank, monkeypatch, temp_db):
    monkeypatch.setenv("LESSON_QUERY", "present=1")
    view = QuizView("fixture")
    single = _v(view, "fx-single")
    assert pooled.is_shown(single.show) and "Presenter mode" in view.notice.value
    single.controls.box.value = 0
    single.check.click()
    assert "1 of 8 correct" in view.score.value
    assert not temp_db.exists() or store.Store(temp_db).attempts() == []


def test_unscored_bank_and_its_summary():
    # Same in every process and hash seed: tests/foundation/test_summaries_across_processes.py
    bank.clear_cache()
    shown = quiz("start")
    assert "Practice: not scored" in shown.widget.children[-2].value
    assert shown.summary.startswith("quiz start (practice, not scored)")
    assert "(single) options:" in shown.summary and "(labelling) choices:" in shown.summary


def test_broken_quiz_gives_friendly_message():
    shown = quiz("no-such-quiz")
    assert shown.summary == "quiz no-such-quiz: could not be loaded"
    assert "could not be loaded" in shown.widget.children[0].value


def test_a_broken_diagram_leaves_the_question_working(caplog):
    """An unknown (or broken) diagram gives a text placeholder, logged; the dropdowns still work."""
    from lesson.quiz.widgets import _diagram

    with caplog.at_level("ERROR", logger="lesson"):
        placeholder = _diagram("no-such-diagram").value
    assert "no-such-diagram: the picture is not available" in placeholder and "<img" not in placeholder
    assert "could not draw diagram no-such-diagram" in caplog.text
