"""THE scoring rule, used by the quiz page, the export and the final chapter alike.

A question counts as correct when its latest checked answer since the last reset is fully
correct and was given to the question's current version. "Show answer" never counts: a
revealed question stays not-correct until the quiz is reset. An answer to an older version
shows as "changed" and does not count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lesson.content_model import load
from lesson.progress.identity import Learner
from lesson.progress.store import ALL_QUIZZES, Attempt, Store, get_store, memory_store


@dataclass(frozen=True)
class Score:
    """How many questions of a set count as correct, of how many, and how many were tried."""

    correct: int
    total: int
    answered: int

    def __str__(self) -> str:
        return f"{self.correct} of {self.total} correct"


def store_for(learner: Learner) -> Store:
    """The database for a saving learner; the session's memory otherwise."""
    return get_store() if learner.saving and learner.id else memory_store()


def storage_key(learner: Learner) -> str:
    """Key rows are stored under; unsaved sessions share one in-memory key."""
    return learner.id or "session"


def states(attempts: Iterable[Attempt], versions: dict[str, str], quiz_id: str) -> dict[str, str]:
    """Apply the rule to ``attempts`` (oldest first): qid -> unanswered|correct|wrong|revealed|changed."""
    last: dict[str, Attempt] = {}
    revealed: set[str] = set()
    for a in attempts:
        if a.quiz_id not in (quiz_id, ALL_QUIZZES):
            continue
        if a.kind == "reset":
            if a.question_id:
                last.pop(a.question_id, None)
                revealed.discard(a.question_id)
            else:
                last.clear()
                revealed.clear()
        elif a.kind == "reveal":
            revealed.add(a.question_id)
        elif a.kind == "check":
            last[a.question_id] = a
    out: dict[str, str] = {}
    for qid, current in versions.items():
        if qid in revealed:
            out[qid] = "revealed"
        elif qid not in last:
            out[qid] = "unanswered"
        elif last[qid].question_version != current:
            out[qid] = "changed"
        else:
            out[qid] = "correct" if last[qid].correct else "wrong"
    return out


def score_of(state_map: dict[str, str]) -> Score:
    """Count a state map into a Score ("answered" = correct, wrong or revealed)."""
    values = list(state_map.values())
    answered = sum(v in ("correct", "wrong", "revealed") for v in values)
    return Score(values.count("correct"), len(values), answered)


def question_states(learner: Learner, quiz_id: str) -> dict[str, str]:
    """Each question of the quiz and its state under the rule."""
    attempts = store_for(learner).attempts(storage_key(learner), quiz_id)
    return states(attempts, load.versions(quiz_id), quiz_id)


def quiz_score(learner: Learner, quiz_id: str) -> Score:
    """The quiz's score, e.g. "4 of 6 correct"."""
    return score_of(question_states(learner, quiz_id))


def _scored_quizzes() -> list[str]:
    return [qid for qid in load.bank_ids() if load.bank(qid).scored]


def chapter_scores(learner: Learner) -> dict[str, Score]:
    """Every scored quiz, in chapters.yaml order."""
    return {qid: quiz_score(learner, qid) for qid in _scored_quizzes()}


def objective_scores(learner: Learner) -> dict[str, Score]:
    """Objective id -> score over every scored quiz's questions that check it (draws included)."""
    merged: dict[str, dict[str, str]] = {}
    for quiz_id in _scored_quizzes():
        state_map = question_states(learner, quiz_id)
        for q in load.bank(quiz_id).questions:
            merged.setdefault(q.objective, {})[f"{quiz_id}/{q.id}"] = state_map[q.id]
    return {obj: score_of(m) for obj, m in merged.items()}


def reset_progress(learner: Learner, quiz_id: str | None = None) -> None:
    """Clear one quiz (or, with ``None``, the whole lesson); old rows are kept, a reset row is added."""
    row = Attempt(storage_key(learner), quiz_id or ALL_QUIZZES, "", "", None, 0.0, False, "reset")
    store_for(learner).add(row)
