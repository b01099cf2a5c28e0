"""Certainty-based marking (Gardner-Medwin; Moodle's CBM scheme). Pure: no widgets, no database.

With each answer the learner says how sure they are. A right answer earns 1 / 2 / 3 marks for
low / medium / high certainty; a wrong one earns 0 / -2 / -6. Being "very sure" pays only when
you are right more than about 8 times in 10, so honest certainty scores best.

A question's certainty-based mark uses the first answer given to its current version since the
last reset that carried a certainty (later tries come after the feedback, so they say less about
what the learner knew). The plain chapter score is never changed by any of this.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

LEVELS: tuple[str, ...] = ("low", "medium", "high")
LABELS: dict[str, str] = {"low": "Low", "medium": "Medium", "high": "High"}
"""What the radio buttons say."""
WORDS: dict[str, str] = {"low": "not sure", "medium": "fairly sure", "high": "very sure"}
"""How the calibration line names each level."""
RIGHT: dict[str, int] = {"low": 1, "medium": 2, "high": 3}
WRONG: dict[str, int] = {"low": 0, "medium": -2, "high": -6}
SAFETY_PREFIXES: tuple[str, ...] = ("seek-help",)
"""Objectives (and quizzes) whose questions count as safety questions (chapter 7's)."""


def mark(correct: bool, level: str) -> int:
    """Moodle's certainty-based mark for one answer; ``level`` is low, medium or high."""
    if level not in RIGHT:
        raise ValueError(f"unknown certainty {level!r}: use low, medium or high")
    return RIGHT[level] if correct else WRONG[level]


def is_safety(quiz_id: str, objective: str) -> bool:
    """A red-flag / when-to-seek-help question: its confidently wrong answers are shown first."""
    return any(quiz_id.startswith(p) or objective.startswith(p) for p in SAFETY_PREFIXES)


@dataclass(frozen=True)
class Answer:
    """One question's answer that counts for certainty-based marking."""

    quiz_id: str
    question_id: str
    correct: bool
    level: str
    safety: bool = False
    title: str = ""
    """A short name for the question (its prompt), for the report."""

    @property
    def mark(self) -> int:
        return mark(self.correct, self.level)

    @property
    def confidently_wrong(self) -> bool:
        return not self.correct and self.level in ("medium", "high")


@dataclass(frozen=True)
class Summary:
    """Certainty-based marks over a set of answers."""

    marks: int
    """The certainty-based mark: the sum of every answer's mark."""
    answered: int
    right: dict[str, int] = field(default_factory=dict)
    """Level -> how many answers at that level were right."""
    given: dict[str, int] = field(default_factory=dict)
    """Level -> how many answers were given at that level."""
    confidently_wrong: tuple[Answer, ...] = ()
    """Wrong answers given with medium or high certainty: safety questions first, then high before
    medium, then in the order given."""

    @property
    def best(self) -> int:
        """The most this many answers could earn (3 each)."""
        return 3 * self.answered

    def accuracy(self, level: str) -> tuple[int, int]:
        return self.right.get(level, 0), self.given.get(level, 0)


def summarise(answers: Iterable[Answer]) -> Summary:
    """Add up the marks, count right answers per certainty level, and order the confident mistakes."""
    items = list(answers)
    right = {lv: sum(1 for a in items if a.level == lv and a.correct) for lv in LEVELS}
    given = {lv: sum(1 for a in items if a.level == lv) for lv in LEVELS}
    wrong = [(n, a) for n, a in enumerate(items) if a.confidently_wrong]
    wrong.sort(key=lambda na: (not na[1].safety, na[1].level != "high", na[0]))
    return Summary(sum(a.mark for a in items), len(items), right, given, tuple(a for _n, a in wrong))


def times(right: int, given: int) -> str:
    """ "9 times in 10" (10 or more answers, rounded) or "3 times out of 4" (fewer)."""
    if given >= 10:
        return f"about {round(10 * right / given)} times in 10"
    if right == given:
        return "every time" if given > 1 else "that one time"
    if right == 0:
        return "none of the " + ("time" if given == 1 else f"{given} times")
    return f"{right} {'time' if right == 1 else 'times'} out of {given}"


def calibration_lines(summary: Summary) -> list[str]:
    """One sentence per certainty level used, most certain first:
    "When you were very sure, you were right about 9 times in 10."."""
    lines = []
    for level in reversed(LEVELS):
        right, given = summary.accuracy(level)
        if given:
            lines.append(f"When you were {WORDS[level]}, you were right {times(right, given)}.")
    return lines


def advice(summary: Summary) -> str:
    """One tip when the high-certainty answers were right too rarely to be worth the risk."""
    right, given = summary.accuracy("high")
    if given and right / given < 0.8:
        return ("Choose high only when you are right more than 8 times in 10: a very sure wrong answer "
                "costs 6 marks.")
    return ""


def mark_line(summary: Summary) -> str:
    """ "Certainty-based mark: 7 out of a possible 15 (5 answers)." ("" with no answers)."""
    if not summary.answered:
        return ""
    n = summary.answered
    return (f"Certainty-based mark: {summary.marks} out of a possible {summary.best} "
            f"({n} {'answer' if n == 1 else 'answers'} with a certainty).")


def first_sure_answers(rows: Iterable[tuple[str, str, str, bool, str, str]],
                       versions: Mapping[tuple[str, str], str]) -> dict[tuple[str, str], tuple[bool, str]]:
    """Per (quiz, question): (correct, level) of the first check with a certainty, given to the
    question's current version, since the latest reset that touched it.

    ``rows`` are (kind, quiz_id, question_id, correct, level, version) oldest first; a reset row
    has question_id "" for a whole quiz and quiz_id "*" for the whole lesson."""
    first: dict[tuple[str, str], tuple[bool, str]] = {}
    for kind, quiz_id, qid, correct, level, ver in rows:
        if kind == "reset":
            for key in list(first):
                if quiz_id == "*" or (key[0] == quiz_id and qid in ("", key[1])):
                    del first[key]
        elif kind == "check" and level in RIGHT and versions.get((quiz_id, qid)) == ver:
            first.setdefault((quiz_id, qid), (bool(correct), level))
    return first
