"""The class's results, from the progress database (read-only) or from learners' export files.

Pure logic: no widgets, no charts. ``class_report(attempts)`` turns stored attempts into what
the teacher page, the HTML report and the CSV show:

- progress per learner and chapter under the one scoring rule (``lesson.progress.scoring``);
- per quiz, the item analysis of ``lesson.teacher.stats`` over each learner's **first** checked
  answer to each question's current version (``which="last"``: the latest one instead);
- per question, how many learners chose each option, and per misconception tag how many
  chose a wrong option carrying it.

The database is opened with SQLite's ``mode=ro`` (``Store(read_only=True)``): the teacher page
never writes, never takes a write lock, and a read only holds the file for one short SELECT.
"""

from __future__ import annotations

import csv
import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from lesson import paths
from lesson.content_model import load
from lesson.content_model.questions import (
    VERDICT_LABELS,
    AnyQuestion,
    MultipleQuestion,
    NumericQuestion,
    SingleQuestion,
    TrueFalseQuestion,
    VerdictQuestion,
    version,
)
from lesson.progress.scoring import Score, score_of, states
from lesson.progress.store import ALL_QUIZZES, Attempt, Store
from lesson.quiz.numeric import parse_number
from lesson.teacher.stats import ItemStats, QuizStats, item_stats, quiz_stats

TEACHER_DB_ENV = "LESSON_TEACHER_DB"
"""A database for the teacher page other than ``LESSON_DB`` (nbval points it at a fixture)."""


def teacher_db() -> Path:
    """The file the teacher page reads: ``$LESSON_TEACHER_DB`` if set, else the lesson's database."""
    override = os.environ.get(TEACHER_DB_ENV)
    return Path(override).expanduser() if override else paths.db_path()


def read_attempts(db: Path | None = None) -> tuple[list[Attempt], str]:
    """Every stored attempt, read-only; and a sentence if the file could not be read ("" if fine)."""
    db = Path(db) if db is not None else teacher_db()
    if not db.is_file():
        return [], ""
    store = Store(db, read_only=True, retry_s=None)
    try:
        rows = store.attempts()
    finally:
        store.close()
    if store.state != "read-only":
        return [], "The progress file could not be read just now."
    return rows, ""


def _to_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def read_export(path: Path) -> list[Attempt]:
    """Attempts from a ``python -m lesson progress --export csv|json`` file."""
    text = Path(path).read_text(encoding="utf-8")
    records: list[dict[str, Any]]
    if text.lstrip().startswith("["):
        records = json.loads(text)
    else:
        records = list(csv.DictReader(text.splitlines()))
    out = []
    for r in records:
        raw = r.get("response", "null")
        try:
            response = json.loads(raw) if isinstance(raw, str) else raw
        except ValueError:
            response = None
        out.append(
            Attempt(
                str(r["learner"]),
                str(r["quiz_id"]),
                str(r.get("question_id") or ""),
                str(r.get("question_version") or ""),
                response,
                float(r.get("score") or 0),
                _to_bool(r.get("correct")),
                str(r["kind"]),
                str(r.get("created_at") or ""),
            )
        )
    return out


def merge(files: Iterable[Path]) -> list[Attempt]:
    """Attempts of several export files, each once (a learner's file given twice counts once)."""
    seen: set[tuple[Any, ...]] = set()
    out = []
    for path in files:
        for a in read_export(path):
            key = (
                a.learner,
                a.quiz_id,
                a.question_id,
                a.question_version,
                a.kind,
                a.created_at,
                json.dumps(a.response, sort_keys=True),
            )
            if key not in seen:
                seen.add(key)
                out.append(a)
    out.sort(key=lambda a: a.created_at)  # stable: rows without a time keep their file order
    return out


def display_name(learner: str) -> str:
    """``name:ann`` -> ``ann``, ``hub:bob`` -> ``bob``, ``local`` -> ``this computer``."""
    if learner == "local":
        return "this computer"
    return learner.split(":", 1)[1] if ":" in learner else learner


# -- what the page shows -----------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionCount:
    """One choice of a question and how many learners picked it."""

    label: str
    correct: bool
    count: int
    misconception: str | None = None


@dataclass(frozen=True)
class QuestionReport:
    quiz_id: str
    number: int
    question: AnyQuestion
    stats: ItemStats
    options: list[OptionCount]

    @property
    def id(self) -> str:
        return self.question.id


@dataclass(frozen=True)
class QuizReport:
    quiz_id: str
    title: str
    scored: bool
    questions: list[QuestionReport]
    stats: QuizStats
    tagged: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    """misconception tag -> question id -> learners who chose a wrong option carrying it."""


@dataclass(frozen=True)
class Misconception:
    tag: str
    learners: int
    """Learners who chose at least one wrong option carrying this tag."""
    questions: tuple[str, ...]


@dataclass
class ClassReport:
    learners: list[str]
    """Storage keys, in a stable order."""
    chapters: list[tuple[str, str]]
    """(chapter id, title) of every scored quiz, in reading order."""
    progress: dict[str, dict[str, Score]]
    """learner -> chapter -> score under the one rule (latest answers)."""
    quizzes: list[QuizReport]
    objectives: list[tuple[str, str, int, int]]
    """(objective id, text, correct answers, answers possible) over the class."""
    misconceptions: list[Misconception]
    which: str = "first"
    problem: str = ""
    attempts: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def started(self) -> list[str]:
        """Learners who have checked at least one answer, in any quiz (practice ones too)."""
        answered = self.extra.get("answered", set())
        return [lr for lr in self.learners if lr in answered]


Labels = list[tuple[str, bool, str | None]]


def _option_rows(q: SingleQuestion | MultipleQuestion) -> Labels:
    return [(o.text, o.correct, o.misconception) for o in q.options]


def _single_picked(q: SingleQuestion, a: Attempt) -> list[int]:
    return [int(a.response)] if 0 <= int(a.response) < len(q.options) else []


def _multiple_picked(q: MultipleQuestion, a: Attempt) -> list[int]:
    return sorted({int(i) for i in a.response if 0 <= int(i) < len(q.options)})


def _truefalse_rows(q: TrueFalseQuestion) -> Labels:
    return [("True", q.answer is True, None), ("False", q.answer is False, None)]


def _truefalse_picked(q: TrueFalseQuestion, a: Attempt) -> list[int]:
    return [0 if a.response is True else 1] if isinstance(a.response, bool) else []


def _verdict_rows(q: VerdictQuestion) -> Labels:
    return [(label, key == q.answer, None) for key, label in VERDICT_LABELS.items()]


def _verdict_picked(q: VerdictQuestion, a: Attempt) -> list[int]:
    keys = list(VERDICT_LABELS)
    return [keys.index(a.response)] if a.response in keys else []


def _numeric_rows(q: NumericQuestion) -> Labels:
    return [("Right", True, None), ("Too low", False, None), ("Too high", False, None)]


def _numeric_picked(q: NumericQuestion, a: Attempt) -> list[int]:
    if a.correct:
        return [0]
    value = parse_number(a.response, q.unit).value
    return [] if value is None else [1 if value < q.answer else 2]


def _graded_rows(q: AnyQuestion) -> Labels:
    return [("All right", True, None), ("Partly right", False, None), ("All wrong", False, None)]


def _graded_picked(q: AnyQuestion, a: Attempt) -> list[int]:
    return [0 if a.correct else 1 if a.score > 0 else 2]


DISTRIBUTIONS: dict[str, tuple[Any, Any]] = {
    "single": (_option_rows, _single_picked),
    "multiple": (_option_rows, _multiple_picked),
    "truefalse": (_truefalse_rows, _truefalse_picked),
    "verdict": (_verdict_rows, _verdict_picked),
    "numeric": (_numeric_rows, _numeric_picked),
    "ordering": (_graded_rows, _graded_picked),
    "matching": (_graded_rows, _graded_picked),
    "labelling": (_graded_rows, _graded_picked),
}
"""Per question type (``lesson.quiz.question_types``): the rows of its answer distribution, and
which rows one checked answer counts towards (right / partly / wrong where there are no options)."""


def option_labels(q: AnyQuestion) -> Labels:
    """(label, correct, misconception) for each choice the distribution counts."""
    rows, _picked = DISTRIBUTIONS[q.type]
    return rows(q)


def choice_indices(q: AnyQuestion, a: Attempt) -> list[int]:
    """Which entries of ``option_labels(q)`` one checked answer counts towards."""
    _rows, picked = DISTRIBUTIONS[q.type]
    try:
        return picked(q, a)
    except (TypeError, ValueError):
        return []


def _chosen(attempts: Sequence[Attempt], which: str) -> dict[tuple[str, str], Attempt]:
    """(learner, question) -> the first (or last) checked answer of one quiz."""
    out: dict[tuple[str, str], Attempt] = {}
    for a in attempts:
        key = (a.learner, a.question_id)
        if which == "last" or key not in out:
            out[key] = a
    return out


def quiz_report(
    quiz_id: str,
    title: str,
    scored: bool,
    questions: Sequence[AnyQuestion],
    attempts: Sequence[Attempt],
    learners: Sequence[str],
    which: str = "first",
    versions: dict[str, str] | None = None,
) -> QuizReport:
    """Item analysis, answer distributions and misconceptions of one quiz."""
    versions = versions or {q.id: version(q) for q in questions}
    checks = [
        a
        for a in attempts
        if a.kind == "check" and a.quiz_id == quiz_id and versions.get(a.question_id) == a.question_version
    ]
    chosen = _chosen(checks, which)
    who = [lr for lr in learners if any((lr, q.id) in chosen for q in questions)]
    marks = np.full((len(who), len(questions)), np.nan)
    for i, lr in enumerate(who):
        for j, q in enumerate(questions):
            a = chosen.get((lr, q.id))
            if a is not None:
                marks[i, j] = min(1.0, max(0.0, float(a.score)))
    items = item_stats(marks) if questions else []
    reports = []
    tagged: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for j, q in enumerate(questions):
        labels = option_labels(q)
        counts: Counter[int] = Counter()
        for lr in who:
            a = chosen.get((lr, q.id))
            if a is None:
                continue
            for i in choice_indices(q, a):
                counts[i] += 1
                tag = labels[i][2]
                if tag and not labels[i][1]:
                    tagged[tag].setdefault(q.id, set()).add(lr)
        options = [OptionCount(label, ok, counts.get(i, 0), tag) for i, (label, ok, tag) in enumerate(labels)]
        reports.append(QuestionReport(quiz_id, j + 1, q, items[j], options))
    return QuizReport(quiz_id, title, scored, reports, quiz_stats(marks), dict(tagged))


def _misconceptions(quizzes: Sequence[QuizReport]) -> list[Misconception]:
    learners_by_tag: dict[str, set[str]] = defaultdict(set)
    where: dict[str, list[str]] = defaultdict(list)
    for quiz in quizzes:
        for tag, per_question in quiz.tagged.items():
            for qid, learners in per_question.items():
                learners_by_tag[tag] |= learners
                if qid not in where[tag]:
                    where[tag].append(qid)
    out = [Misconception(tag, len(ls), tuple(where[tag])) for tag, ls in learners_by_tag.items()]
    return sorted(out, key=lambda m: (-m.learners, m.tag))


def class_report(attempts: Sequence[Attempt], which: str = "first", problem: str = "") -> ClassReport:
    """Everything the teacher page shows, from stored attempts (oldest first)."""
    titles = {c.id: c.title for c in load.chapters()}
    objective_text = {o.id: o.text for c in load.chapters() for o in c.objectives}
    learners = sorted(
        {a.learner for a in attempts if a.learner and a.learner != "session"},
        key=lambda k: (display_name(k).casefold(), k),
    )
    mine: dict[tuple[str, str], list[Attempt]] = defaultdict(list)
    by_quiz: dict[str, list[Attempt]] = defaultdict(list)
    for a in attempts:
        by_quiz[a.quiz_id].append(a)
        if a.quiz_id == ALL_QUIZZES:
            for qid in load.bank_ids():
                mine[(a.learner, qid)].append(a)
        else:
            mine[(a.learner, a.quiz_id)].append(a)
    for key in mine:
        mine[key].sort(key=lambda a: a.created_at)
    quizzes: list[QuizReport] = []
    progress: dict[str, dict[str, Score]] = {lr: {} for lr in learners}
    objective_counts: dict[str, list[int]] = {}
    chapter_list = []
    for qid in load.bank_ids():
        bank = load.bank(qid)
        qs = list(bank.questions)
        title = titles.get(qid, bank.title)
        versions = load.versions(qid)
        quizzes.append(
            quiz_report(qid, title, bank.scored, qs, by_quiz.get(qid, []), learners, which, versions)
        )
        if not bank.scored:
            continue
        chapter_list.append((qid, title))
        for lr in learners:
            state_map = states(mine.get((lr, qid), []), versions, qid)
            progress[lr][qid] = score_of(state_map)
            for q in qs:
                got = objective_counts.setdefault(q.objective, [0, 0])
                got[0] += state_map[q.id] == "correct"
                got[1] += 1
    objectives = [(oid, objective_text.get(oid, oid), c, t) for oid, (c, t) in objective_counts.items()]
    return ClassReport(
        learners,
        chapter_list,
        progress,
        quizzes,
        objectives,
        _misconceptions(quizzes),
        which,
        problem,
        len(attempts),
        {"answered": {a.learner for a in attempts if a.kind == "check"}},
    )


def load_class(which: str = "first", db: Path | None = None) -> ClassReport:
    """The class report for the database this server writes (read-only)."""
    attempts, problem = read_attempts(db)
    return class_report(attempts, which, problem)


CSV_FIELDS = [
    "quiz_id",
    "number",
    "question_id",
    "type",
    "objective",
    "learners",
    "answered",
    "facility",
    "discrimination",
    "efficiency",
    "flagged",
    "options",
]


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def csv_rows(report: ClassReport) -> list[dict[str, Any]]:
    """One row per question: its item analysis and option counts (no learner names)."""
    rows = []
    for quiz in report.quizzes:
        for qr in quiz.questions:
            s = qr.stats
            rows.append(
                {
                    "quiz_id": quiz.quiz_id,
                    "number": qr.number,
                    "question_id": qr.id,
                    "type": qr.question.type,
                    "objective": qr.question.objective,
                    "learners": s.n,
                    "answered": s.answered,
                    "facility": _fmt(s.facility),
                    "discrimination": _fmt(s.discrimination),
                    "efficiency": _fmt(s.efficiency),
                    "flagged": "yes" if s.flagged else "no",
                    "options": "; ".join(
                        f"{o.label}{' (right)' if o.correct else ''}: {o.count}" for o in qr.options
                    ),
                }
            )
    return rows


def learner_rows(report: ClassReport) -> list[dict[str, Any]]:
    """One row per learner: correct of total per chapter (the heatmap as a table)."""
    out = []
    for lr in report.learners:
        row: dict[str, Any] = {"learner": display_name(lr)}
        for cid, _ in report.chapters:
            s = report.progress[lr].get(cid)
            row[cid] = "" if s is None else f"{s.correct}/{s.total}"
        out.append(row)
    return out
