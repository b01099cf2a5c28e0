"""One page's quiz session: who is answering, where attempts go, and the save notice.

The store is chosen once per build (database for a saving learner, memory otherwise), so a
Check costs one small SQLite insert and one indexed read, never a YAML load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lesson.content_model.questions import AnyQuestion, version
from lesson.progress import identity
from lesson.progress.scoring import Score, score_of, states, storage_key, store_for
from lesson.progress.store import NOT_SAVING, Attempt, Store


@dataclass
class Session:
    """The learner, their store and the quiz's question versions."""

    quiz_id: str
    questions: tuple[AnyQuestion, ...]
    learner: identity.Learner = field(default_factory=identity.current_learner)
    store: Store = field(init=False)
    versions: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.store = store_for(self.learner)
        self.versions = {q.id: version(q) for q in self.questions}

    @property
    def key(self) -> str:
        return storage_key(self.learner)

    def record(self, q: AnyQuestion, kind: str, response: Any = None, score: float = 0.0,
               correct: bool = False) -> None:
        """Store one check or reveal for the current version of ``q``."""
        if isinstance(response, set | frozenset):
            response = sorted(response)
        row = Attempt(self.key, self.quiz_id, q.id, self.versions[q.id], response, score, correct, kind)
        self.store.add(row)

    def reset(self, whole_lesson: bool) -> None:
        """Add a reset row for this quiz or for every quiz."""
        from lesson.progress.scoring import reset_progress

        reset_progress(self.learner, None if whole_lesson else self.quiz_id)

    def attempts(self) -> list[Attempt]:
        return self.store.attempts(self.key, self.quiz_id)

    def state_map(self, attempts: list[Attempt] | None = None) -> dict[str, str]:
        return states(self.attempts() if attempts is None else attempts, self.versions, self.quiz_id)

    def score(self, attempts: list[Attempt] | None = None) -> Score:
        return score_of(self.state_map(attempts))

    def notice(self) -> str:
        """A plain sentence about saving: not kept, paused, resumed, read-only; ``""`` while all is well.

        It never says "saved" while an answer is still waiting to be written (``Store.notice``)."""
        parts = [identity.name_problem() or ""]
        if self.learner.presenting:
            parts.append("Presenter mode: answers are not saved.")
        elif not self.learner.saving:
            parts.append(NOT_SAVING + " Give your name at the top of the page to save your answers.")
        else:
            parts.append(self.store.notice())
        return " ".join(p for p in parts if p)


def since_reset(attempts: list[Attempt], qid: str) -> list[Attempt]:
    """This question's attempts after the latest reset that touched it (oldest first)."""
    out: list[Attempt] = []
    for a in attempts:
        if a.kind == "reset" and a.question_id in ("", qid):
            out.clear()
        elif a.question_id == qid:
            out.append(a)
    return out
