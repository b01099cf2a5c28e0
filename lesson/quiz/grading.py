"""Pure grading, one function per question type (``lesson.quiz.question_types.grade`` picks it):
``grader(question, response) -> Result``, with no widgets involved.

Responses by type: single -> option index in bank order; multiple -> set of indices;
truefalse -> bool; verdict -> a verdict key; numeric -> the raw text typed; ordering ->
items in the learner's order; matching -> {left: chosen right}; labelling -> {number: name}.
Bad or missing input gives status "invalid" with a friendly ``message``, never an exception.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from lesson.content_model import questions as qm
from lesson.quiz.numeric import format_number, parse_number, within

Status = Literal["correct", "partial", "wrong", "invalid"]


@dataclass(frozen=True)
class Result:
    """The outcome of one Check; ``feedback`` is Markdown built only from bank text and numbers."""

    correct: bool
    score: float
    feedback: str
    status: Status
    message: str = ""


def _invalid(message: str) -> Result:
    return Result(False, 0.0, "", "invalid", message)


def _scored(score: float, feedback: str) -> Result:
    score = min(1.0, max(0.0, score))
    if score >= 1.0:
        return Result(True, 1.0, feedback, "correct")
    return Result(False, score, feedback, "partial" if score > 0 else "wrong")


def single(q: qm.SingleQuestion, response: Any) -> Result:
    if isinstance(response, bool) or not isinstance(response, int) or not 0 <= response < len(q.options):
        return _invalid("Please choose an answer first.")
    option = q.options[response]
    return _scored(1.0 if option.correct else 0.0, option.feedback)


def multiple(q: qm.MultipleQuestion, response: Any) -> Result:
    try:
        picks = {int(i) for i in response}
    except (TypeError, ValueError):
        return _invalid("Please tick at least one answer.")
    if not picks or any(not 0 <= i < len(q.options) for i in picks):
        return _invalid("Please tick at least one answer.")
    right = sum(1 for i in picks if q.options[i].correct)
    wrong = len(picks) - right
    n_correct = sum(1 for o in q.options if o.correct)
    score = 1.0 if wrong == 0 and right == n_correct else max(0.0, (right - wrong) / n_correct)
    lines = [f"- **{q.options[i].text}**: {q.options[i].feedback}" for i in sorted(picks)]
    summary = f"You picked {right} of the {n_correct} right answers"
    summary += f" and {wrong} that {'does' if wrong == 1 else 'do'} not fit." if wrong else "."
    return _scored(score, summary + "\n\n" + "\n".join(lines))


def truefalse(q: qm.TrueFalseQuestion, response: Any) -> Result:
    if not isinstance(response, bool):
        return _invalid("Please choose True or False first.")
    return _scored(1.0 if response == q.answer else 0.0, q.feedback[response])


def verdict(q: qm.VerdictQuestion, response: Any) -> Result:
    if response not in qm.VERDICT_LABELS:
        return _invalid("Please choose a verdict first.")
    return _scored(1.0 if response == q.answer else 0.0, q.feedback[response])


def numeric(q: qm.NumericQuestion, response: Any) -> Result:
    parsed = parse_number(response, q.unit)
    if parsed.value is None:
        return _invalid(parsed.message)
    shown = format_number(parsed.value) + (f" {q.unit}" if q.unit else "")
    if within(parsed.value, q.answer, q.tolerance):
        return _scored(1.0, f"{shown} is right.")
    side = "too high" if parsed.value > q.answer else "too low"
    return _scored(0.0, f"{shown} is {side}.")


def _placed(right: int, total: int, what: str) -> str:
    return f"{right} of {total} {what}."


def ordering(q: qm.OrderingQuestion, response: Any) -> Result:
    if not isinstance(response, Sequence) or isinstance(response, str) or len(response) != len(q.items):
        return _invalid("Please choose an item for every position.")
    if any(r is None or r == "" for r in response):
        return _invalid("Please choose an item for every position.")
    if sorted(map(str, response)) != sorted(q.items):
        return _invalid("Please use each item once: two positions have the same item.")
    right = sum(1 for a, b in zip(response, q.items, strict=True) if a == b)
    return _scored(right / len(q.items), _placed(right, len(q.items), "in the right place"))


def _mapping(expected: dict[Any, str], response: Any, ask: str) -> Result:
    if not isinstance(response, Mapping):
        return _invalid(ask)
    picked = {k: response.get(k) for k in expected}
    if any(v is None or v == "" for v in picked.values()):
        return _invalid(ask)
    right = sum(1 for k, v in expected.items() if picked[k] == v)
    return _scored(right / len(expected), _placed(right, len(expected), "matched correctly"))


def matching(q: qm.MatchingQuestion, response: Any) -> Result:
    return _mapping({p.left: p.right for p in q.pairs}, response, "Please choose a match for every item.")


def labelling(q: qm.LabellingQuestion, response: Any) -> Result:
    if isinstance(response, Mapping):
        try:
            response = {int(k): v for k, v in response.items()}
        except (TypeError, ValueError):
            return _invalid("Please choose a name for every numbered part.")
    expected = {lab.number: lab.answer for lab in q.labels}
    return _mapping(expected, response, "Please choose a name for every numbered part.")
