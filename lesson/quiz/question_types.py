"""THE registry of question types: one entry per type, holding everything pure code needs.

``lesson.content_model.questions.MODELS`` lists the types (the pydantic models of the bank
schema); each entry here adds the type's grader (``grading``), its "Show answer" Markdown
(``answers``) and, for the dropdown types, the names the learner picks from. Code never asks
``if q.type == ...``: it looks the type up here, and the layers above keep their own table keyed
the same way (the widget controls in ``quiz.controls.CONTROLS``, the teacher's answer
distribution in ``teacher.data.DISTRIBUTIONS``, each LMS writer's table in ``lesson.lms``).
``tests/quiz/test_question_types.py`` checks that every table covers every type, so a ninth type
is its model, one entry here and one entry in each of those tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lesson.content_model import questions as qm
from lesson.quiz import answers, grading


@dataclass(frozen=True)
class QuestionType:
    """One question type: its model and the pure functions that work on it."""

    model: type[Any]
    grade: Callable[[Any, Any], grading.Result]
    """``grade(question, response)``: never raises for bad learner input (status "invalid")."""
    answer: Callable[[Any], str]
    """The right answer as Markdown, for "Show answer"."""
    picks: Callable[[Any], list[str]] | None = None
    """Dropdown types only: the names offered in every dropdown, in bank order (shown shuffled)."""


def _ordering_picks(q: qm.OrderingQuestion) -> list[str]:
    return list(q.items)


def _matching_picks(q: qm.MatchingQuestion) -> list[str]:
    return [p.right for p in q.pairs]


def _labelling_picks(q: qm.LabellingQuestion) -> list[str]:
    return list(dict.fromkeys([lab.answer for lab in q.labels] + list(q.distractors)))


TYPES: dict[str, QuestionType] = {
    "single": QuestionType(qm.SingleQuestion, grading.single, answers.choice),
    "multiple": QuestionType(qm.MultipleQuestion, grading.multiple, answers.choice),
    "truefalse": QuestionType(qm.TrueFalseQuestion, grading.truefalse, answers.truefalse),
    "verdict": QuestionType(qm.VerdictQuestion, grading.verdict, answers.verdict),
    "numeric": QuestionType(qm.NumericQuestion, grading.numeric, answers.numeric),
    "ordering": QuestionType(qm.OrderingQuestion, grading.ordering, answers.ordering, _ordering_picks),
    "matching": QuestionType(qm.MatchingQuestion, grading.matching, answers.matching, _matching_picks),
    "labelling": QuestionType(qm.LabellingQuestion, grading.labelling, answers.labelling, _labelling_picks),
}


def grade(question: qm.AnyQuestion, response: Any) -> grading.Result:
    """Grade one response; never raises for bad learner input."""
    return TYPES[question.type].grade(question, response)


def answer_markdown(question: qm.AnyQuestion) -> str:
    """A short statement of the right answer."""
    return TYPES[question.type].answer(question)
