"""The correct answer as Markdown, for "Show answer" (built from bank text only), one function
per question type; ``lesson.quiz.question_types`` picks the right one."""

from __future__ import annotations

from lesson.content_model import questions as qm
from lesson.quiz.numeric import format_number


def choice(q: qm.SingleQuestion | qm.MultipleQuestion) -> str:
    right = [o.text for o in q.options if o.correct]
    return "The answer: " + "; ".join(f"**{t}**" for t in right) + "."


def truefalse(q: qm.TrueFalseQuestion) -> str:
    return f"The answer: **{'True' if q.answer else 'False'}**."


def verdict(q: qm.VerdictQuestion) -> str:
    return f"The answer: **{qm.VERDICT_LABELS[q.answer]}**."


def numeric(q: qm.NumericQuestion) -> str:
    unit = f" {q.unit}" if q.unit else ""
    extra = f" (anything within {format_number(q.tolerance)} counts)" if q.tolerance else ""
    return f"The answer: **{format_number(q.answer)}{unit}**{extra}."


def ordering(q: qm.OrderingQuestion) -> str:
    return "The right order:\n\n" + "\n".join(f"{i}. {t}" for i, t in enumerate(q.items, 1))


def matching(q: qm.MatchingQuestion) -> str:
    return "The right matches:\n\n" + "\n".join(f"- **{p.left}**: {p.right}" for p in q.pairs)


def labelling(q: qm.LabellingQuestion) -> str:
    return "The right names:\n\n" + "\n".join(f"- Part {lab.number}: {lab.answer}" for lab in q.labels)
