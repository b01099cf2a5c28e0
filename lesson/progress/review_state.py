"""The learner's review set and certainty-based marks, read from the progress store.

No widgets here: this joins the pure rules (``marking``, ``schedule``) to the stored attempts
and the question banks. The schedule is rebuilt from the attempts (the source of truth) every
time; after a change, a copy of each card is written to the ``review_cards`` table (for export
and teachers' SQL). That copy is best effort: if the file is busy, read-only or gone, the next
change writes it again, and nothing the learner sees depends on it. Presenter mode and unsaved
sessions use the in-memory store, so nothing reaches the file.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable
from datetime import datetime

from lesson.progress.identity import Learner
from lesson.progress.scoring import storage_key, store_for
from lesson.progress.store import ALL_QUIZZES, Attempt, Store
from lesson.review import clock, marking, schedule

_log = logging.getLogger("lesson")
EPOCH = datetime.fromisoformat("2000-01-01T00:00:00+00:00")


def scored_questions() -> dict[tuple[str, str], object]:
    """(quiz, question) -> question, for every scored quiz (the practice quiz never comes back)."""
    from lesson.content_model import load

    out: dict[tuple[str, str], object] = {}
    for quiz_id in load.bank_ids():
        try:
            bank = load.bank(quiz_id)
            if not bank.scored:
                continue
            for q in bank.questions:
                out[(quiz_id, q.id)] = q
        except Exception:  # one broken bank must not take the review page down
            _log.exception("could not load quiz %s for review", quiz_id)
    return out


def versions_of(questions: dict[tuple[str, str], object]) -> dict[tuple[str, str], str]:
    """Each question's content hash; the loader's cached hash when ``q`` is the loaded question."""
    from lesson.content_model import load
    from lesson.content_model.questions import version

    loaded: dict[str, tuple[dict[str, object], dict[str, str]]] = {}
    out: dict[tuple[str, str], str] = {}
    for (quiz_id, qid), q in questions.items():
        if quiz_id not in loaded:
            try:
                loaded[quiz_id] = ({x.id: x for x in load.questions(quiz_id)}, load.versions(quiz_id))
            except Exception:  # not a bank on disk (or a broken one): hash the question given
                loaded[quiz_id] = ({}, {})
        same, hashes = loaded[quiz_id]
        out[(quiz_id, qid)] = hashes[qid] if same.get(qid) is q else version(q)  # type: ignore[arg-type]
    return out


def cards_from(attempts: Iterable[Attempt], versions: dict[tuple[str, str], str],
               now: datetime) -> dict[tuple[str, str], schedule.ReviewCard]:
    return schedule.replay(schedule.events_from_attempts(attempts, EPOCH), versions, now)


def learner_attempts(learner: Learner) -> list[Attempt]:
    return store_for(learner).attempts(storage_key(learner))


Cards = dict[tuple[str, str], schedule.ReviewCard]


def review_cards(learner: Learner, now: datetime | None = None,
                 versions: dict[tuple[str, str], str] | None = None) -> Cards:
    """The learner's review set now."""
    now = now or clock.now()
    versions = versions if versions is not None else versions_of(scored_questions())
    return cards_from(learner_attempts(learner), versions, now)


def due_count(learner: Learner, now: datetime | None = None) -> int:
    """How many questions are due for review today."""
    now = now or clock.now()
    return len(schedule.by_question(schedule.due_cards(review_cards(learner, now), now)))


def due_line(learner: Learner, query: str) -> str:
    """ "3 questions due for review" as a link to the review page ("" with nothing due or on error)."""
    from html import escape

    try:
        n = due_count(learner)
    except Exception:
        _log.exception("could not count the questions due for review")
        return ""
    if not n:
        return ""
    words = f"{n} question{'s' if n != 1 else ''} due for review"
    return (f'<p class="lesson-review-due"><a class="lesson-review-link" href="review.ipynb{escape(query)}">'
            f'{words} <span aria-hidden="true">&rarr;</span></a></p>')


def save_snapshot(store: Store, key: str, cards: dict[tuple[str, str], schedule.ReviewCard]) -> bool:
    """Write the learner's cards to ``review_cards`` (replacing theirs); False if it could not."""
    if store.path is None or store.state != "saving":
        return False  # waiting for a busy file: a Check must not wait for it a second time
    rows = [(key, c.quiz_id, c.question_id, c.version, json.dumps(c.card.to_dict(), sort_keys=True),
             clock.stamp(c.due), clock.stamp()) for c in cards.values()]

    def work(conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM review_cards WHERE learner = ?", (key,))
        conn.executemany("INSERT INTO review_cards (learner, quiz_id, question_id, question_version, card,"
                         " due, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)

    try:
        store.transaction(work)
        return True
    except (sqlite3.Error, OSError) as exc:
        _log.warning("review cards not copied to the progress file this time (%s); they are rebuilt "
                     "from the saved answers", exc)
        return False


def stored_snapshot(store: Store, key: str) -> list[tuple[str, str, str, str]]:
    """(quiz, question, version, due) rows of ``review_cards`` for ``key`` (tests, teachers)."""
    if store._conn is None:  # noqa: SLF001 - read-only look at the store's open connection
        return []
    return [tuple(r) for r in store._conn.execute(  # noqa: SLF001
        "SELECT quiz_id, question_id, question_version, due FROM review_cards WHERE learner = ? "
        "ORDER BY quiz_id, question_id", (key,))]


def refresh_snapshot(learner: Learner) -> None:
    """After a check, reveal or reset: copy the rebuilt cards to the file (saving learners only)."""
    if not learner.saving or not learner.id:
        return
    try:
        save_snapshot(store_for(learner), storage_key(learner), review_cards(learner))
    except Exception:
        _log.exception("could not copy the review cards")


# -- certainty-based marks ----------------------------------------------------------------------------


def sure_answers(attempts: Iterable[Attempt], questions: dict[tuple[str, str], object],
                 quiz_id: str | None = None) -> list[marking.Answer]:
    """The answers that count for certainty-based marks (chapter quizzes only), in question order."""
    versions = versions_of(questions)
    rows = [(a.kind, a.quiz_id, a.question_id, a.correct, a.confidence, a.question_version)
            for a in attempts if a.quiz_id != schedule.REVIEW_QUIZ]
    first = marking.first_sure_answers(rows, versions)
    out = []
    for key, q in questions.items():
        if key in first and (quiz_id is None or key[0] == quiz_id):
            correct, level = first[key]
            out.append(marking.Answer(key[0], key[1], correct, level,
                                      marking.is_safety(key[0], getattr(q, "objective", "")),
                                      _title(getattr(q, "prompt", ""))))
    return out


def _title(prompt: str, limit: int = 90) -> str:
    text = " ".join(prompt.replace("*", "").split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def uses_confidence(attempts: Iterable[Attempt]) -> bool:
    """Whether the learner's latest chapter check carried a certainty (the switch starts on then)."""
    latest = ""
    for a in attempts:
        if a.kind == "check":
            latest = a.confidence
        elif a.kind == "reset" and a.quiz_id == ALL_QUIZZES:
            latest = ""
    return bool(latest)


def export_due(attempts: list[Attempt], now: datetime | None = None) -> dict[tuple[str, str, str], str]:
    """(learner, quiz, question) -> when its review card is next due (ISO 8601), for the export."""
    now = now or clock.now()
    try:
        versions = versions_of(scored_questions())
    except Exception:
        _log.exception("could not load the banks for the review export")
        return {}
    out: dict[tuple[str, str, str], str] = {}
    for learner in sorted({a.learner for a in attempts}):
        mine = [a for a in attempts if a.learner == learner]
        for (quiz_id, qid), card in cards_from(mine, versions, now).items():
            out[(learner, quiz_id, qid)] = clock.stamp(card.due)
    return out


def source_of(quiz_id: str, question_id: str) -> tuple[str, str]:
    """The chapter question an attempt is about (review-page rows name it as "<quiz>/<question>")."""
    if quiz_id == schedule.REVIEW_QUIZ:
        quiz, _, qid = question_id.partition("/")
        return quiz, qid
    return quiz_id, question_id


def cbm_report_html(learner: Learner | None = None, query: str = "") -> str:
    """The whole lesson's certainty-based mark for the final report ("" with no such answers or on error)."""
    from lesson.progress.identity import current_learner
    from lesson.review import report

    try:
        learner = learner or current_learner()
        summary = marking.summarise(sure_answers(learner_attempts(learner), scored_questions()))
        return report.cbm_html(summary, query, heading="How sure you were")
    except Exception:
        _log.exception("could not build the certainty-based marks")
        return ""
