"""Shared default layouts and styles: fewer models for the browser to fetch, same behaviour."""

from __future__ import annotations

from lesson import pooled_widgets as pooled
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
    assert not pooled.is_shown(question.show)
    assert pooled.is_shown(question.check) and pooled.is_shown(view.views[1].show) is False  # not presenting
    question._set_show_visible(True)
    assert pooled.is_shown(question.show) and not pooled.is_shown(view.views[1].show)
    assert question.show.layout is question.check.layout  # hidden by a class: the layout stays shared
    assert view.confirm_row.layout is not question.check.layout


def test_a_quiz_makes_far_fewer_models_than_one_layout_per_widget(fixture_bank) -> None:
    view = QuizView("fixture")
    widgets = [w for q in view.views for w in (q.check, q.feedback, q.hint_area, q.box)]
    assert len({id(w.layout) for w in widgets}) == 1


def test_the_certainty_group_is_made_only_when_the_switch_is_on(fixture_bank) -> None:
    view = QuizView("fixture")
    assert all(q.sure._radio is None and not q.sure.shown for q in view.views)
    view.sure.switch.value = True
    assert all(q.sure._radio is not None and q.sure.shown for q in view.views)
    view.sure.switch.value = False
    assert not any(q.sure.shown for q in view.views)
