"""The correct answer as Markdown, for "Show answer" (built from bank text only)."""

from __future__ import annotations

from lesson.content_model.questions import (
    VERDICT_LABELS,
    AnyQuestion,
    LabellingQuestion,
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    SingleQuestion,
    TrueFalseQuestion,
    VerdictQuestion,
)
from lesson.quiz.numeric import format_number


def answer_markdown(q: AnyQuestion) -> str:
    """A short statement of the right answer."""
    if isinstance(q, SingleQuestion | MultipleQuestion):
        right = [o.text for o in q.options if o.correct]
        return "The answer: " + "; ".join(f"**{t}**" for t in right) + "."
    if isinstance(q, TrueFalseQuestion):
        return f"The answer: **{'True' if q.answer else 'False'}**."
    if isinstance(q, VerdictQuestion):
        return f"The answer: **{VERDICT_LABELS[q.answer]}**."
    if isinstance(q, NumericQuestion):
        unit = f" {q.unit}" if q.unit else ""
        extra = f" (anything within {format_number(q.tolerance)} counts)" if q.tolerance else ""
        return f"The answer: **{format_number(q.answer)}{unit}**{extra}."
    if isinstance(q, OrderingQuestion):
        return "The right order:\n\n" + "\n".join(f"{i}. {t}" for i, t in enumerate(q.items, 1))
    if isinstance(q, MatchingQuestion):
        return "The right matches:\n\n" + "\n".join(f"- **{p.left}**: {p.right}" for p in q.pairs)
    if isinstance(q, LabellingQuestion):
        return "The right names:\n\n" + "\n".join(f"- Part {lab.number}: {lab.answer}" for lab in q.labels)
    raise TypeError(f"unknown question type {q.type}")
