"""Headless checks of what a learner meets in a quiz (issue 10): numbered questions, a running
score at the top, radio groups for True/False and verdicts, the chosen answer and wrong rows
marked after Check (and unmarked when the answer changes), feedback that does not repeat its
banner, try again / next question, and a placeholder in every select."""

from __future__ import annotations

import ipywidgets
import pytest

from lesson import paths
from lesson.progress import store
from lesson.quiz import render
from lesson.quiz.bank import bank_ids, questions
from lesson.quiz.controls import PLACEHOLDER
from lesson.quiz.question_view import SCORE_ANCHOR, anchor
from lesson.quiz.widgets import QuizView, progress_html


@pytest.fixture
def view(fixture_bank) -> QuizView:
    return QuizView("fixture")


def _v(view: QuizView, qid: str):
    return next(v for v in view.views if v.q.id == qid)


def _classes(v) -> set[str]:
    return set(v.box._dom_classes)


def test_each_question_says_question_n_of_total_with_an_anchor(view):
    total = len(view.views)
    for n, v in enumerate(view.views, 1):
        prompt = v.box.children[0].value
        assert f'id="{anchor(v.q.id)}"' in prompt
        assert f"Question {n} of {total}</p>" in prompt


def test_running_score_at_the_top_updates_after_check(view):
    top = view.progress
    assert "lesson-score-top" in top._dom_classes
    assert view.widget.children.index(top) < view.widget.children.index(view.views[0].box)
    assert "0 of 8 correct · 0 of 8 answered" in top.value
    single = _v(view, "fx-single")
    single.controls.box.value = 0
    single.check.click()
    assert "1 of 8 correct · 1 of 8 answered" in top.value
    assert 'aria-live' not in top.value  # the score under the quiz announces; this one does not


def test_progress_html_for_practice_and_bar_widths():
    practice = progress_html(0, 3, 8, scored=False)
    assert "Practice questions" in practice and "3 of 8 answered" in practice and "correct" not in practice
    scored = progress_html(2, 4, 8, scored=True)
    assert 'style="width:25%"' in scored and 'style="width:25%"' in scored.split("lesson-bar-done")[1]
    assert 'aria-hidden="true"' in scored
    assert progress_html(0, 0, 0, scored=True).count("width:0%") == 2


def test_true_false_and_verdict_are_radio_groups_so_arrow_keys_work(view):
    for qid, n in (("fx-truefalse", 2), ("fx-verdict", 4)):
        box = _v(view, qid).controls.box
        assert isinstance(box, ipywidgets.RadioButtons) and len(box.options) == n
        assert box.orientation == "horizontal" and "lesson-options-row" in box._dom_classes
    labels = [label for label, _ in _v(view, "fx-verdict").controls.box.options]
    assert labels == ["True", "Partly true", "Evidence says otherwise", "No good evidence"]


def test_chosen_answer_is_named_in_words_and_marked_after_check(view):
    tf = _v(view, "fx-truefalse")
    tf.controls.box.value = False
    tf.check.click()
    assert "Your answer: <strong>False</strong>" in tf.feedback.value
    assert "lesson-picked-wrong" in _classes(tf)
    tf.controls.box.value = True
    assert "lesson-picked-wrong" not in _classes(tf) and "lesson-stale" in _classes(tf)
    tf.check.click()
    assert "lesson-picked-right" in _classes(tf) and "lesson-stale" not in _classes(tf)
    verdict = _v(view, "fx-verdict")
    verdict.controls.box.value = "partly"
    verdict.check.click()
    assert "Your answer: <strong>Partly true</strong>" in verdict.feedback.value


def test_marks_live_on_the_question_box_never_on_the_inputs(view):
    """A kernel-side change to a RadioButtons model makes ipywidgets rebuild its radios (focus lost)."""
    single = _v(view, "fx-single")
    before = tuple(single.controls.box._dom_classes)
    single.controls.box.value = 1
    single.check.click()
    assert tuple(single.controls.box._dom_classes) == before
    assert "lesson-picked-wrong" in _classes(single)


def test_wrong_rows_are_marked_in_ordering_and_matching(view):
    order = _v(view, "fx-ordering")
    drops = order.controls.box.children
    for d, item in zip(drops, ["Chest", "Neck", "Lower back", "Sacrum"], strict=True):
        d.value = item
    order.check.click()
    marks = {c for c in _classes(order) if c.startswith("lesson-row")}
    assert marks == {"lesson-row1-wrong", "lesson-row2-wrong", "lesson-row3-right", "lesson-row4-right"}
    assert "2 of 4 in the right place." in order.feedback.value
    drops[0].value = "Neck"
    assert not {c for c in _classes(order) if c.startswith("lesson-row")}
    match = _v(view, "fx-matching")
    for d, item in zip(match.controls.box.children, ["Cushion", "Holds", "Moves"], strict=True):
        d.value = item
    match.check.click()
    assert {c for c in _classes(match) if c.startswith("lesson-row")} == {
        "lesson-row1-right", "lesson-row2-wrong", "lesson-row3-wrong"}


def test_multiple_marks_each_ticked_box(view):
    multi = _v(view, "fx-multiple")
    boxes = multi.controls.inputs
    by_text = {b.description: n for n, b in enumerate(boxes)}
    boxes[by_text["A"]].value = True
    boxes[by_text["C"]].value = True
    multi.check.click()
    marks = {c for c in _classes(multi) if c.startswith("lesson-row")}
    assert marks == {f"lesson-row{by_text['A'] + 2}-right", f"lesson-row{by_text['C'] + 2}-wrong"}


def test_invalid_check_marks_nothing(view):
    order = _v(view, "fx-ordering")
    order.check.click()
    assert "⚠ Check your answer" in order.feedback.value
    assert not [c for c in _classes(order) if c.startswith(("lesson-row", "lesson-picked"))]


def test_feedback_does_not_repeat_its_banner(view):
    single = _v(view, "fx-single")
    single.controls.box.value = 0
    single.check.click()
    fb = single.feedback.value
    assert "✓ Correct" in fb and "Right." not in fb
    assert render.without_repeat("wrong", "Not quite. Most get better.") == "Most get better."
    assert render.without_repeat("correct", "Right. It is.") == "It is."
    assert render.without_repeat("wrong", "Right. It is.") == "Right. It is."  # only the banner's own word
    assert render.without_repeat("correct", "Rightly so.") == "Rightly so."


def test_try_again_then_next_question_link(view):
    tf = _v(view, "fx-truefalse")
    verdict = _v(view, "fx-verdict")
    tf.controls.box.value = False
    tf.check.click()
    assert "Try again:" in tf.feedback.value and 'class="lesson-next"' not in tf.feedback.value
    tf.controls.box.value = True
    tf.check.click()
    assert f'href="#{anchor(verdict.q.id)}"' in tf.feedback.value and "Next question" in tf.feedback.value
    num = _v(view, "fx-numeric")  # max_tries 1: used up at once
    num.controls.box.children[0].value = "7"
    num.check.click()
    assert "Show answer" in num.feedback.value and 'class="lesson-next"' in num.feedback.value
    last = view.views[-1]
    last.show.click()
    assert f'href="#{SCORE_ANCHOR}"' in last.feedback.value and f'id="{SCORE_ANCHOR}"' in view.score.value


def test_selects_start_on_a_placeholder_and_restore(fixture_bank, temp_db):
    first = QuizView("fixture")
    lab = _v(first, "fx-labelling")
    drops = lab.controls.box.children
    assert all(d.index == 0 and d.label == PLACEHOLDER and d.value == "" for d in drops)
    drops[0].value, drops[1].value = "Disc", "Vertebra"
    lab.check.click()
    assert {c for c in _classes(lab) if c.startswith("lesson-row")} == {"lesson-row1-wrong",
                                                                         "lesson-row2-wrong"}
    store.clear_cache()
    again = _v(QuizView("fixture"), "fx-labelling")
    assert [d.value for d in again.controls.box.children] == ["Disc", "Vertebra"]
    assert {"lesson-row1-wrong", "lesson-row2-wrong"} <= _classes(again)  # marks come back with the answer
    again.clear()
    assert all(d.index == 0 for d in again.controls.box.children)
    assert not [c for c in _classes(again) if c.startswith("lesson-row")]


def test_numeric_field_is_marked_for_a_number_keypad(view):
    num = _v(view, "fx-numeric")
    assert "lesson-numeric" in num.controls.inputs[0]._dom_classes
    js = (paths.assets_dir() / "voila" / "templates" / "lesson" / "static" / "lesson.js").read_text()
    assert 'setAttribute("inputmode", "decimal")' in js


def test_quiz_css_sizes_text_like_the_prose_and_wraps_labels():
    css = paths.style_path("quiz.css").read_text(encoding="utf-8")
    assert "--lesson-quiz-size: 1.05rem" in css  # the prose size in lesson.css
    assert "@media (min-width: 1600px) { .lesson-quiz { --lesson-quiz-size: 1.25rem; } }" in css
    assert ".lesson-present .lesson-quiz { --lesson-quiz-size: 1.25rem; }" in css
    assert "white-space: normal" in css and "@container (max-width: 36rem)" in css
    most = max(_rows(q) for qid in bank_ids() for q in questions(qid))  # the longest list in the banks
    for n in range(1, most + 1):
        assert f".lesson-row{n}-wrong .lesson-picks > :nth-child({n})::after" in css
        assert f".lesson-row{n}-right .lesson-checks > :nth-child({n}) .widget-label-basic::after" in css


def _rows(q) -> int:
    """How many rows a question's marks can name (a checkbox list's first child is its label)."""
    counts = {"ordering": lambda: len(q.items), "matching": lambda: len(q.pairs),
              "labelling": lambda: len(q.labels), "multiple": lambda: len(q.options) + 1}
    return counts.get(q.type, lambda: 0)()
