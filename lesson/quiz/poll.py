"""The live class poll under each question in presenter mode (``?present=1`` with the teacher key).

The presenter presses **Start class poll**: from then on, every few seconds, the box shows how
many learners on this server have answered the question and how many chose each answer
(each learner's latest checked answer since the poll started; counts only, never names).
**Reveal answer** marks the right answer in the counts and shows it in the question, as the
presenter's own "Show answer" does. The poll reads the database read-only (``mode=ro``) with one
small indexed query per refresh, so it never holds up learners' writes.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from lesson.content_model.questions import AnyQuestion, version
from lesson.progress.store import Attempt
from lesson.teacher.data import OptionCount, choice_indices, option_labels, teacher_db
from lesson.teacher.report import bar_chart, esc

INTERVAL_S = 3.0
"""Seconds between refreshes while a poll is open."""
MAX_OPEN_S = 30 * 60
"""A poll left open stops refreshing after this long (the presenter can start it again)."""
_SQL = (
    "SELECT learner, response, score, correct, created_at FROM attempts "
    "WHERE quiz_id = ? AND question_id = ? "
    "AND question_version = ? AND kind = 'check' AND created_at >= ? ORDER BY id"
)


def latest_answers(db: Path, quiz_id: str, q: AnyQuestion, since: str) -> list[Attempt]:
    """Each learner's latest checked answer to the current version since ``since`` (read-only)."""
    if not db.is_file():
        return []
    import json

    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=1.0)
    try:
        rows = conn.execute(_SQL, (quiz_id, q.id, version(q), since)).fetchall()
    finally:
        conn.close()
    latest: dict[str, Attempt] = {}
    for learner, response, score, correct, created in rows:
        try:
            value = json.loads(response)
        except (TypeError, ValueError):
            value = None
        latest[learner] = Attempt(
            learner, quiz_id, q.id, "", value, float(score), bool(correct), "check", created
        )
    return list(latest.values())


def tally(q: AnyQuestion, answers: list[Attempt]) -> list[OptionCount]:
    counts = [0] * len(option_labels(q))
    for a in answers:
        for i in choice_indices(q, a):
            counts[i] += 1
    return [OptionCount(label, ok, counts[i], tag) for i, (label, ok, tag) in enumerate(option_labels(q))]


def poll_html(q: AnyQuestion, options: list[OptionCount], learners: int, revealed: bool, open_: bool) -> str:
    """The counts as bars; the right answer is marked (word and tick) only once revealed."""
    state = "updating every few seconds" if open_ else "stopped"
    rows = [
        (("\u2713 " if revealed and o.correct else "") + o.label, float(o.count), str(o.count))
        for o in options
    ]
    alt = (
        f"Class answers so far, {learners} learner{'s' if learners != 1 else ''}: "
        + "; ".join(
            f"{o.label}{' (right answer)' if revealed and o.correct else ''} {o.count}" for o in options
        )
        + "."
    )
    right = ", ".join(o.label for o in options if o.correct)
    reveal = (
        f'<p class="lesson-poll-answer"><strong>Right answer: {esc(right)}</strong></p>' if revealed else ""
    )
    return (
        f'<div class="lesson-poll-result" role="status" aria-live="polite">'
        f'<p><strong class="lesson-poll-count">{learners}</strong> learner{"s" if learners != 1 else ""} '
        f"answered ({state}).</p>"
        f"{bar_chart(rows, 'Class answers', alt, maximum=float(max(1, learners)))}{reveal}</div>"
    )


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


class ClassPoll:
    """The poll's widgets and its refresh thread for one question."""

    def __init__(
        self,
        q: AnyQuestion,
        quiz_id: str,
        reveal: Callable[[], None] | None = None,
        db: Path | None = None,
        interval: float = INTERVAL_S,
    ) -> None:
        from lesson import pooled_widgets as pooled

        self.q, self.quiz_id, self.reveal_question = q, quiz_id, reveal
        self.db = Path(db) if db is not None else teacher_db()
        self.interval = interval
        self.since = ""
        self.revealed = False
        self.running = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.area = pooled.HTML("")
        self.area.add_class("lesson-poll-area")
        self.start = pooled.Button(
            description="Start class poll",
            tooltip="Show the room's answers as they come in",
            layout=pooled.Layout(),
        )
        self.start.add_class("lesson-poll-start")
        self.show = pooled.Button(
            description="Reveal answer", tooltip="Mark the right answer for the room", layout=pooled.Layout()
        )
        self.show.add_class("lesson-poll-reveal")
        self.start.on_click(lambda _b: self.toggle())
        self.show.on_click(lambda _b: self.do_reveal())
        self.box = pooled.VBox(
            [
                pooled.HTML('<p class="lesson-poll-title"><strong>Class poll</strong></p>'),
                pooled.HBox([self.start, self.show]),
                self.area,
            ]
        )
        self.box.add_class("lesson-poll")

    def refresh(self) -> None:
        try:
            answers = latest_answers(self.db, self.quiz_id, self.q, self.since)
        except sqlite3.Error:
            return  # busy for a moment: keep what is shown, try again next time
        self.area.value = poll_html(self.q, tally(self.q, answers), len(answers), self.revealed, self.running)

    def toggle(self) -> None:
        if self.running:
            self.stop()
            return
        self.since = self.since or now_iso()
        self.running = True
        self._stop.clear()
        self.start.description = "Stop class poll"
        self.refresh()
        self._thread = threading.Thread(target=self._loop, name=f"lesson-poll-{self.q.id}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.running = False
        self._stop.set()
        self.start.description = "Start class poll"
        self.refresh()

    def do_reveal(self) -> None:
        self.revealed = True
        self.since = self.since or now_iso()
        self.refresh()
        if self.reveal_question is not None:
            self.reveal_question()

    def _loop(self) -> None:
        ends = time.monotonic() + MAX_OPEN_S
        while not self._stop.wait(self.interval):
            if time.monotonic() > ends:
                self.running = False
                self.start.description = "Start class poll"
                self.refresh()
                return
            try:
                self.refresh()
            except Exception:  # a poll must never take the page down
                from lesson.errors import _log

                _log.exception("class poll refresh failed")


def class_poll(q: AnyQuestion, quiz_id: str, reveal: Callable[[], None] | None = None):  # type: ignore[no-untyped-def]
    """The poll's widget for the presenter's screen, or ``None`` when this page may not see class data."""
    from lesson.teacher.access import is_teacher, served

    if not served() or not is_teacher():
        return None
    return ClassPoll(q, quiz_id, reveal).box
