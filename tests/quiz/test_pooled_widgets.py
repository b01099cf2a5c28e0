"""Shared default layouts and styles: fewer models for the browser to fetch, same behaviour."""

from __future__ import annotations

from lesson.quiz import pooled
from lesson.quiz.question_view import QuestionView
from lesson.quiz.widgets import QuizView


def test_plain_widgets_share_one_layout_and_style() -> None:
    a, b = pooled.HTML("a"), pooled.HTML("b")
    assert a.layout is b.layout and a.style is b.style
    c, d = pooled.Button(description="c"), pooled.Button(description="d")
    assert c.layout is a.layout and c.style is d.style


def test_a_closed_shared_layout_is_replaced() -> None:
    first = pooled.HTML("x")
    first.layout.close()
    second = pooled.HTML("y")
    assert second.layout is not first.layout and second.layout.comm is not None


def test_hiding_one_button_hides_no_other(fixture_bank) -> None:
    view = QuizView("fixture")
    question: QuestionView = view.views[0]
    question._set_show_visible(False)
    assert question.show.layout.display == "none"
    assert question.check.layout.display != "none"
    assert question.hint.layout is not question.show.layout
    assert view.confirm_row.layout is not question.check.layout


def test_a_quiz_makes_far_fewer_models_than_one_layout_per_widget(fixture_bank) -> None:
    view = QuizView("fixture")
    widgets = [w for q in view.views for w in (q.check, q.feedback, q.hint_area, q.box)]
    assert len({id(w.layout) for w in widgets}) == 1
