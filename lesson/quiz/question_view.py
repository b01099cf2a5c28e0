"""One question's widgets and callbacks: Check, Hint, Show answer, feedback, restore.

Callbacks only change widget values (no ``print``/``display``), so they behave the same in
JupyterLab, Voila and headless tests; each is wrapped with ``guarded`` and reports into the
question's own feedback area.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from lesson.content_model.questions import AnyQuestion
from lesson.errors import guarded
from lesson.progress.store import Attempt
from lesson.quiz import controls, render
from lesson.quiz import lean as W
from lesson.quiz.answers import answer_markdown
from lesson.quiz.grading import Result, grade
from lesson.quiz.session import Session, since_reset


class QuestionView:
    """Widgets for one question, bound to the quiz session."""

    def __init__(self, q: AnyQuestion, session: Session, references: dict[str, object],
                 on_change: Callable[[], None], image: W.Widget | None = None) -> None:
        self.q, self.session, self.on_change = q, session, on_change
        self.sources = render.sources_html(q, references)
        self.controls = controls.build(q)
        self.tries = 0
        self.hints_shown = 0
        self.feedback = W.HTML(render.EMPTY)
        self.feedback.add_class("lesson-feedback")
        self.hint_area = W.HTML("")
        self.check = W.Button(description="Check", tooltip="Check your answer", button_style="primary")
        self.check.add_class("lesson-check")
        self.hint = W.Button(description=self._hint_label(), tooltip="Show a hint", layout=W.Layout())
        self.hint.add_class("lesson-hint")
        self.hint.layout.display = None if q.hints else "none"
        self.show = W.Button(description="Show answer", tooltip="Show the answer (it will not count)",
                             layout=W.Layout())
        self.show.add_class("lesson-show-answer")
        self._set_show_visible(session.learner.presenting)
        report = guarded(self._error)
        self.check.on_click(report(lambda _b: self.do_check()))
        self.hint.on_click(report(lambda _b: self.do_hint()))
        self.show.on_click(report(lambda _b: self.do_show()))
        prompt = W.HTML(render.markdown(q.prompt))
        prompt.add_class("lesson-prompt")
        parts: list[W.Widget] = [prompt] + ([image] if image is not None else [])
        buttons = W.HBox([self.check, self.hint, self.show])
        parts += [self.controls.box, buttons, self.hint_area, self.feedback]
        self.box = W.VBox(parts)
        self.box.add_class("lesson-question")
        self.box.add_class(f"lesson-q-{q.id}")

    def _error(self, message: str) -> None:
        self.feedback.value = render.live(f'<p class="lesson-error">{html.escape(message)}</p>')

    def _hint_label(self) -> str:
        n = len(self.q.hints)
        return "Hint" if n <= 1 else f"Hint ({min(self.hints_shown + 1, n)} of {n})"

    def _set_show_visible(self, visible: bool) -> None:
        self.show.layout.display = None if visible else "none"

    def _result_html(self, result: Result) -> str:
        if result.status == "invalid":
            return render.feedback_html("invalid", message=result.message)
        done = result.correct or self.tries >= self.q.max_tries
        explanation = self.q.explanation if done else ""
        return render.feedback_html(result.status, result.feedback, explanation, self.sources)

    def do_check(self) -> Result:
        """Grade the current input, store it, show feedback, update the score."""
        response = self.controls.get()
        result = grade(self.q, response)
        if result.status != "invalid":
            self.session.record(self.q, "check", response, result.score, result.correct)
            if not result.correct:
                self.tries += 1
            if self.tries >= self.q.max_tries:
                self._set_show_visible(True)
            self.on_change()
        self.feedback.value = self._result_html(result)
        return result

    def do_hint(self) -> None:
        """Reveal the next hint (one at a time)."""
        if self.hints_shown >= len(self.q.hints):
            return
        self.hints_shown += 1
        items = "".join(f"<li>{render.markdown(h)}</li>" for h in self.q.hints[: self.hints_shown])
        self.hint_area.value = f'<div class="lesson-hints"><p><strong>Hint</strong></p><ul>{items}</ul></div>'
        self.hint.description = self._hint_label()
        self.hint.disabled = self.hints_shown >= len(self.q.hints)

    def do_show(self) -> None:
        """Show the answer; it is recorded as a reveal and never counts."""
        self.session.record(self.q, "reveal")
        self._show_revealed()
        self.on_change()

    def _show_revealed(self) -> None:
        self.feedback.value = render.feedback_html("revealed", answer_markdown(self.q), self.q.explanation,
                                                   self.sources)

    def clear(self) -> None:
        """Back to a fresh question (after a reset)."""
        self.controls.clear()
        self.tries = self.hints_shown = 0
        self.feedback.value = render.EMPTY
        self.hint_area.value = ""
        self.hint.disabled = False
        self.hint.description = self._hint_label()
        self._set_show_visible(self.session.learner.presenting)

    def restore(self, attempts: list[Attempt], state: str) -> None:
        """Refill the learner's latest answer and its feedback from stored attempts."""
        mine = since_reset(attempts, self.q.id)
        current = self.session.versions[self.q.id]
        checks = [a for a in mine if a.kind == "check" and a.question_version == current]
        self.tries = sum(1 for a in checks if not a.correct)
        if self.tries >= self.q.max_tries:
            self._set_show_visible(True)
        if state == "revealed":
            if checks:
                self.controls.set(checks[-1].response)
            self._show_revealed()
        elif state == "changed":
            self.feedback.value = render.feedback_html("changed")
        elif checks:
            self.controls.set(checks[-1].response)
            self.feedback.value = self._result_html(grade(self.q, checks[-1].response))
