"""A Voila page builds a quiz's first questions with the page and the rest when asked (issue 11)."""

from __future__ import annotations

import pytest

from lesson.quiz import widgets as quiz_widgets
from lesson.quiz.widgets import FIRST_ENV, QuizView, questions_first


def _ids(view: QuizView) -> list[str]:
    return [v.q.id for v in view.views]


def test_outside_voila_every_question_is_built_at_once(fixture_bank, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FIRST_ENV, "1")  # not under Voila: ignored
    assert questions_first(8) == 8
    view = QuizView("fixture")
    assert len(view.views) == 8 and view.more is None
    assert "lesson-quiz-pending" not in view.widget._dom_classes


@pytest.mark.parametrize(("raw", "expected"), [("", 1), ("3", 3), ("all", 8), ("0", 8), ("x", 1), ("99", 8)])
def test_under_voila_the_first_few(monkeypatch: pytest.MonkeyPatch, raw: str, expected: int) -> None:
    monkeypatch.setattr("lesson.progress.request.under_voila", lambda: True)
    monkeypatch.setenv(FIRST_ENV, raw)
    assert questions_first(8) == expected


def test_the_rest_come_restored_numbered_and_following_the_switch(fixture_bank) -> None:
    full = QuizView("fixture")
    single = full.views[[v.q.id for v in full.views].index("fx-single")]
    single.controls.box.value = 0
    single.check.click()  # a saved right answer, somewhere after the first question
    assert "1 of 8 correct" in full.score.value

    view = QuizView("fixture", first=1)
    assert len(view.views) == 1 and view.more is not None
    assert "lesson-quiz-pending" in view.widget._dom_classes
    assert view.more in view.widget.children and "7" in view.more.description
    assert "1 of 8 correct" in view.score.value  # the score counts every question, built or not
    view.sure.switch.value = True
    before = list(view.widget.children)
    view.more.click()
    assert _ids(view) == _ids(full) and view.more is None
    assert "lesson-quiz-pending" not in view.widget._dom_classes
    boxes = [c for c in view.widget.children if "lesson-question" in getattr(c, "_dom_classes", ())]
    assert boxes == [v.box for v in view.views]
    after = list(view.widget.children)
    assert after[:5] == before[:5]  # the style, score, notice, switch and first question are kept
    late = view.views[_ids(view).index("fx-single")]
    assert "✓ Correct" in late.feedback.value  # restored from the store
    assert all(v.sure.shown for v in view.views)  # the switch was on before they were built
    n = _ids(view).index("fx-single") + 1
    assert f"Question {n} of 8" in late.box.children[0].value
    view.build_rest()  # a second press does nothing
    assert len(view.views) == 8


def test_a_failure_while_building_the_rest_is_a_friendly_message(fixture_bank,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    view = QuizView("fixture", first=2)

    def broken(self: QuizView, n: int) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(quiz_widgets.QuizView, "_view", broken)
    view.more.click()
    assert "boom" not in view.confirm_text.value and "lesson-error" in view.confirm_text.value
    assert len(view.views) == 2 and view.more is not None  # it can be pressed again
