"""``quiz(quiz_id) -> Shown``: the whole quiz for a chapter, built from its bank.

The builder returns widgets and never displays; it restores the learner's earlier answers
and score from the store, because every Voila reload starts a new kernel.
"""

from __future__ import annotations

import base64
import html
import os

from lesson import paths
from lesson import pooled_widgets as pooled
from lesson.display import Shown
from lesson.errors import _log, guarded
from lesson.quiz import bank
from lesson.quiz.confidence import SurePanel
from lesson.quiz.question_view import SCORE_ANCHOR, QuestionView
from lesson.quiz.session import Session

LOAD_FAILED = "Sorry, this quiz could not be loaded. Please reload the page."
CONFIRM = {
    "quiz": "Clear all your answers in this quiz? This cannot be undone.",
    "lesson": "Clear all your answers in every chapter of the lesson? This cannot be undone.",
}


def _css() -> pooled.Widget:
    """The quiz CSS inline, so JupyterLab shows the same look as the Voila template."""
    try:
        css = paths.style_path("quiz.css").read_text(encoding="utf-8")
    except OSError:
        css = ""
    return pooled.HTML(f"<style>{css}</style>", layout=pooled.Layout(display="none" if not css else None))


def _diagram(diagram_id: str) -> pooled.Widget:
    """The labelling diagram as an <img> with alt text; a text placeholder if it cannot be drawn."""
    from lesson.charts.diagram import diagram_alt, stored_png  # the drawing code loads on first use

    try:
        png, alt = stored_png(diagram_id), diagram_alt(diagram_id)
    except Exception:  # a broken diagram file: the question still works with its dropdowns
        _log.exception("could not draw diagram %s", diagram_id)
        missing = f"<p><em>(Diagram {html.escape(diagram_id)}: the picture is not available.)</em></p>"
        return pooled.HTML(missing)
    data = base64.b64encode(png).decode("ascii")
    return pooled.HTML(f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" '
                  'style="max-width:100%;height:auto">')


FIRST_ENV = "LESSON_QUIZ_FIRST"
"""How many questions a quiz builds before a Voila page shows (``all``: every one). Default 1."""
FIRST_DEFAULT = 1


def questions_first(total: int) -> int:
    """How many of ``total`` questions to build at once.

    Under Voila, only the first few: every widget is a model the browser must load before the page
    is usable, and a chapter quiz is most of a page's widgets. The page's script (lesson.js) then
    presses the quiz's "more" button, and the rest are built while the learner reads. JupyterLab,
    nbval and tests build every question at once (the summary nbval compares lists them all)."""
    from lesson.progress.request import under_voila

    raw = os.environ.get(FIRST_ENV, "").strip().lower()
    if raw == "all" or not under_voila():
        return total
    try:
        first = int(raw) if raw else FIRST_DEFAULT
    except ValueError:
        first = FIRST_DEFAULT
    return total if first <= 0 else min(first, total)


class QuizView:
    """All questions, the score line, the save notice and the reset controls."""

    def __init__(self, quiz_id: str, first: int | None = None) -> None:
        self.bank = bank.load_bank(quiz_id)
        self.session = Session(quiz_id, bank.questions(quiz_id))
        self.refs: dict[str, object] = dict(bank.references())
        self.score = pooled.HTML("")
        self.score.add_class("lesson-score")
        self.progress = pooled.HTML("")
        self.progress.add_class("lesson-score-top")
        self.notice = pooled.HTML("")
        self.notice.add_class("lesson-save-notice")
        qs = self.session.questions
        count = questions_first(len(qs)) if first is None else min(first, len(qs))
        self.views = [self._view(n) for n in range(1, count + 1)]
        attempts = self.session.attempts()
        self.sure = SurePanel.for_quiz(self.session, self.views)
        state_map = self.session.state_map(attempts)
        for view in self.views:
            view.restore(attempts, state_map[view.q.id])
        self._build_reset()
        self.more: pooled.Widget | None = None
        if count < len(qs):
            rest = len(qs) - count
            self.more = pooled.Button(description=f"Show the other {rest} questions",
                                      tooltip="The page loads them by itself in a moment")
            self.more.add_class("lesson-quiz-more")
            self.more.on_click(guarded(self._error)(lambda _b: self.build_rest()))
        self.refresh(attempts)
        self.session.store.on_change(self._store_changed)
        self.css = _css()
        # No title heading of its own: the chapter's "Check your understanding" heading introduces it.
        self.widget = pooled.VBox(self._children())
        self.widget.add_class("lesson-quiz")
        if self.more is not None:
            self.widget.add_class("lesson-quiz-pending")

    def _view(self, n: int) -> QuestionView:
        """The view of question ``n`` (1-based), numbered "n of total", linking to the next one."""
        qs = self.session.questions
        q = qs[n - 1]
        return QuestionView(q, self.session, self.refs, self.refresh,
                            _diagram(q.image) if q.type == "labelling" else None,
                            number=n, total=len(qs), next_id=qs[n].id if n < len(qs) else None)

    def _children(self) -> list[pooled.Widget]:
        """The quiz's parts in page order. The same widgets each time, so when the rest of the
        questions arrive the browser keeps the views before them (and the learner's focus)."""
        more = [self.more] if self.more is not None else []
        return [self.css, self.progress, self.notice, self.sure.box, *[v.box for v in self.views], *more,
                self.sure.marks, self.score, self.reset_row]

    def build_rest(self) -> None:
        """Build, restore and show the questions not built yet (once; the "more" button goes)."""
        if self.more is None:
            return
        attempts = self.session.attempts()
        state_map = self.session.state_map(attempts)
        new = [self._view(n) for n in range(len(self.views) + 1, len(self.session.questions) + 1)]
        for view in new:
            view.restore(attempts, state_map[view.q.id])
            self.sure.add(view.sure)
        self.views += new
        more, self.more = self.more, None
        self.widget.children = self._children()
        self.widget.remove_class("lesson-quiz-pending")
        more.close()

    def _build_reset(self) -> None:
        self.pending = ""
        self.reset_quiz = pooled.Button(description="Reset my answers", tooltip="Clear this quiz's answers")
        self.reset_quiz.add_class("lesson-reset")
        self.reset_all = pooled.Button(description="Reset the whole lesson",
                                  tooltip="Clear every chapter's answers")
        self.reset_all.add_class("lesson-reset-all")
        self.confirm_text = pooled.HTML("")
        self.yes = pooled.Button(description="Yes, reset", button_style="danger")
        self.yes.add_class("lesson-reset-yes")
        self.cancel = pooled.Button(description="Cancel")
        self.cancel.add_class("lesson-reset-cancel")
        self.confirm_row = pooled.VBox([self.confirm_text, pooled.HBox([self.yes, self.cancel])],
                                  layout=pooled.Layout(display="none"))
        report = guarded(self._error)
        self.reset_quiz.on_click(report(lambda _b: self.ask("quiz")))
        self.reset_all.on_click(report(lambda _b: self.ask("lesson")))
        self.yes.on_click(report(lambda _b: self.confirm()))
        self.cancel.on_click(report(lambda _b: self.ask("")))
        self.reset_row = pooled.VBox([pooled.HBox([self.reset_quiz, self.reset_all]), self.confirm_row])

    def _error(self, message: str) -> None:
        self.confirm_text.value = f'<p class="lesson-error" role="status">{html.escape(message)}</p>'
        self.confirm_row.layout.display = None

    def ask(self, what: str) -> None:
        """Show (or, with ``""``, hide) the confirmation step for a reset."""
        self.pending = what
        self.confirm_text.value = f"<p>{html.escape(CONFIRM[what])}</p>" if what else ""
        self.confirm_row.layout.display = None if what else "none"

    def confirm(self) -> None:
        """Carry out the reset that was asked for."""
        if not self.pending:
            return
        self.session.reset(whole_lesson=self.pending == "lesson")
        self.sure.after_reset()
        for view in self.views:
            view.clear()
        self.ask("")
        self.refresh()

    def refresh(self, attempts: list | None = None) -> None:
        """Update the score lines (top and bottom) and the save notice after any change."""
        score = self.session.score(attempts)
        text = str(score) if self.bank.scored else "Practice: not scored"
        self.score.value = (f'<p id="{SCORE_ANCHOR}" tabindex="-1" role="status" aria-live="polite">'
                            f"<strong>Score:</strong> {html.escape(text)}</p>")
        self.progress.value = progress_html(score.correct, score.answered, score.total, self.bank.scored)
        self.sure.refresh()
        self._show_notice()

    def _show_notice(self) -> None:
        """The save notice as it is now (paused, resumed, not saving...); empty while all is well."""
        notice = self.session.notice()
        value = f'<p class="lesson-notice" role="status">{html.escape(notice)}</p>' if notice else ""
        if self.notice.value != value:
            self.notice.value = value

    def _store_changed(self, _store: object) -> None:
        """Saving paused or resumed without a click (the store's retry thread): update the notice."""
        try:
            self._show_notice()
        except Exception:
            _log.exception("could not update the save notice")

    def summary(self) -> str:
        """Deterministic text/plain: quiz id, scored or not, each question's id, type and shown order."""
        kind = "scored" if self.bank.scored else "practice, not scored"
        lines = [f"quiz {self.session.quiz_id} ({kind}), {len(self.session.questions)} questions"]
        lines += [f"{v.q.id} ({v.q.type}) {v.controls.shown}" for v in self.views]
        return "\n".join(lines)


def progress_html(correct: int, answered: int, total: int, scored: bool) -> str:
    """The running score at the top of the quiz: words, plus a bar drawn for sighted readers only.

    It is not a live region: the score under the quiz announces each change once."""
    done = f"{answered} of {total} answered"
    words = f"<strong>Score so far:</strong> {correct} of {total} correct · {done}" if scored else (
        f"<strong>Practice questions</strong> (not scored) · {done}")
    share = 0 if total <= 0 else round(100 * answered / total)
    right = 0 if total <= 0 else round(100 * correct / total) if scored else share
    bar = (f'<span class="lesson-bar" aria-hidden="true">'
           f'<span class="lesson-bar-right" style="width:{right}%"></span>'
           f'<span class="lesson-bar-done" style="width:{max(0, share - right)}%"></span></span>')
    return f'<div class="lesson-progress"><p>{words}</p>{bar}</div>'


def quiz(quiz_id: str) -> Shown:
    """The chapter's quiz as a widget plus its deterministic summary."""
    try:
        view = QuizView(quiz_id)
    except Exception:
        _log.exception("could not build quiz %s", quiz_id)
        box = pooled.HTML(f'<p class="lesson-error">{html.escape(LOAD_FAILED)}</p>')
        box.add_class("lesson-error")
        return Shown(pooled.VBox([box]), f"quiz {quiz_id}: could not be loaded")
    return Shown(view.widget, view.summary())
