"""One question's widgets and callbacks: Check, Hint, Show answer, feedback, restore.

Callbacks only change widget values (no ``print``/``display``), so they behave the same in
JupyterLab, Voila and headless tests; each is wrapped with ``guarded`` and reports into the
question's own feedback area.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from lesson import pooled_widgets as pooled
from lesson.content_model.questions import AnyQuestion
from lesson.errors import guarded
from lesson.progress.store import Attempt
from lesson.quiz import controls, render
from lesson.quiz.confidence import SureControl
from lesson.quiz.confidence import record as record_attempt
from lesson.quiz.controls import MARK_PREFIX
from lesson.quiz.grading import Result
from lesson.quiz.question_types import answer_markdown, grade
from lesson.quiz.session import Session, since_reset

STALE = "lesson-stale"
"""On the question's box while the answer on screen is not the one last checked."""
SCORE_ANCHOR = "lesson-quiz-score"
"""The id of the score line under the quiz (the last question's "See your score" link)."""


def anchor(question_id: str) -> str:
    """The id of a question's heading, for "Next question" links."""
    return f"q-{question_id}"


def question_heading(question_id: str, number: int, total: int) -> str:
    """"Question 3 of 15" above the prompt ("" when the position is not known)."""
    if number <= 0 or total <= 0:
        return ""
    return (f'<p class="lesson-q-count" id="{anchor(question_id)}" tabindex="-1">'
            f"Question {number} of {total}</p>")


class QuestionView:
    """Widgets for one question, bound to the quiz session."""

    def __init__(self, q: AnyQuestion, session: Session, references: dict[str, object],
                 on_change: Callable[[], None], image: pooled.Widget | None = None,
                 number: int = 0, total: int = 0, next_id: str | None = None) -> None:
        self.q, self.session, self.on_change = q, session, on_change
        self.next_id = next_id
        """The next question's id (its "Next question" link), ``None`` for the last one."""
        self.marked = False
        """Whether the box carries right/wrong marks for the answer on screen."""
        self.chapter = session.quiz_id  # a quiz's id is its chapter's: citations use its numbers
        self.sources = render.sources_html(q, references, self.chapter)
        self.controls = controls.build(q)
        self.controls.watch(self._answer_changed)
        self.sure = SureControl()
        """Low / medium / high, shown while the quiz's "say how sure you are" switch is on (issue 16)."""
        self.tries = 0
        self.hints_shown = 0
        self.feedback = pooled.HTML(render.EMPTY)
        self.feedback.add_class("lesson-feedback")
        self.hint_area = pooled.HTML("")
        self.check = pooled.Button(description="Check", tooltip="Check your answer", button_style="primary")
        self.check.add_class("lesson-check")
        self.hint = pooled.Button(description=self._hint_label(), tooltip="Show a hint")
        self.hint.add_class("lesson-hint")
        pooled.set_shown(self.hint, bool(q.hints))
        self.show = pooled.Button(description="Show answer", tooltip="Show the answer (it will not count)")
        self.show.add_class("lesson-show-answer")
        self._set_show_visible(session.learner.presenting)
        report = guarded(self._error)
        self.check.on_click(report(lambda _b: self.do_check()))
        self.hint.on_click(report(lambda _b: self.do_hint()))
        self.show.on_click(report(lambda _b: self.do_show()))
        prompt = pooled.HTML(question_heading(q.id, number, total) + render.markdown(q.prompt, self.chapter))
        prompt.add_class("lesson-prompt")
        parts: list[pooled.Widget] = [prompt] + ([image] if image is not None else [])
        buttons = pooled.HBox([self.check, self.hint, self.show])
        parts += [self.controls.box, self.sure.box, buttons, self.hint_area, self.feedback]
        if session.learner.presenting:  # the live class poll: presenter mode with the teacher key only
            from lesson.quiz.poll import class_poll

            poll = class_poll(q, session.quiz_id, self.do_show)
            if poll is not None:
                parts.append(poll)
        self.box = pooled.VBox(parts)
        self.box.add_class("lesson-question")
        self.box.add_class(f"lesson-q-{q.id}")

    def _error(self, message: str) -> None:
        self.feedback.value = render.live(f'<p class="lesson-error">{html.escape(message)}</p>')

    def _hint_label(self) -> str:
        n = len(self.q.hints)
        return "Hint" if n <= 1 else f"Hint ({min(self.hints_shown + 1, n)} of {n})"

    def _set_show_visible(self, visible: bool) -> None:
        pooled.set_shown(self.show, visible)

    def _result_html(self, result: Result, response: object = None) -> str:
        if result.status == "invalid":
            return render.feedback_html("invalid", message=result.message)
        done = result.correct or self.tries >= self.q.max_tries
        explanation = self.q.explanation if done else ""
        return render.feedback_html(result.status, result.feedback, explanation, self.sources,
                                    chapter=self.chapter, chosen_md=self.controls.chosen(response),
                                    next_html=self._next_step(result.correct, done))

    def _next_step(self, correct: bool, done: bool) -> str:
        """Try again, or go on: the last line of the feedback."""
        if not correct:
            if done:
                return ("<strong>Try again</strong>, or press <strong>Show answer</strong> (it does not "
                        f"count). {self._next_link('Next question')}")
            return "<strong>Try again:</strong> change your answer and press <strong>Check</strong>."
        return self._next_link("Next question")

    def _next_link(self, words: str) -> str:
        if self.next_id is None:
            return f'<a class="lesson-next" href="#{SCORE_ANCHOR}">See your score</a>'
        return f'<a class="lesson-next" href="#{anchor(self.next_id)}">{html.escape(words)} ↓</a>'

    def _set_classes(self, marks: set[str], stale: bool) -> None:
        """The box's mark classes and "changed since Check" flag, in one update (none if unchanged).

        Only the question's box changes: a Box view redraws no children, so focus and the
        answer being typed stay where they are."""
        keep = [c for c in self.box._dom_classes if not c.startswith(MARK_PREFIX) and c != STALE]
        want = keep + sorted(marks) + ([STALE] if stale else [])
        if list(self.box._dom_classes) != want:
            self.box._dom_classes = tuple(want)

    def _show_marks(self, response: object) -> None:
        self._set_classes(self.controls.marks(response), stale=False)
        self.marked = True

    def _answer_changed(self) -> None:
        """The learner changed the answer after a Check: its marks and feedback no longer apply."""
        if self.marked:
            self.marked = False
            self._set_classes(set(), stale=True)

    def _set_stale(self, stale: bool) -> None:
        if (STALE in self.box._dom_classes) != stale:
            marks = {c for c in self.box._dom_classes if c.startswith(MARK_PREFIX)}
            self._set_classes(marks, stale)

    def do_check(self) -> Result:
        """Grade the current input, store it, show feedback and marks, update the score."""
        response = self.controls.get()
        result = self.sure.require(grade(self.q, response))
        if result.status != "invalid":
            record_attempt(self.session, self.q, "check", response, result.score, result.correct,
                           self.sure.level)
            if not result.correct:
                self.tries += 1
            if self.tries >= self.q.max_tries:
                self._set_show_visible(True)
            self.on_change()
            self._show_marks(response)
        else:
            self._set_stale(False)
        self.feedback.value = self._result_html(result, response)
        return result

    def do_hint(self) -> None:
        """Reveal the next hint (one at a time)."""
        if self.hints_shown >= len(self.q.hints):
            return
        self.hints_shown += 1
        shown = self.q.hints[: self.hints_shown]
        items = "".join(f"<li>{render.markdown(h, self.chapter)}</li>" for h in shown)
        self.hint_area.value = f'<div class="lesson-hints"><p><strong>Hint</strong></p><ul>{items}</ul></div>'
        self.hint.description = self._hint_label()
        self.hint.disabled = self.hints_shown >= len(self.q.hints)

    def do_show(self) -> None:
        """Show the answer; it is recorded as a reveal and never counts."""
        record_attempt(self.session, self.q, "reveal")
        self._show_revealed()
        self.on_change()

    def _show_revealed(self) -> None:
        self._set_stale(False)
        self.feedback.value = render.feedback_html("revealed", answer_markdown(self.q), self.q.explanation,
                                                   self.sources, chapter=self.chapter,
                                                   next_html=self._next_link("Next question"))

    def clear(self) -> None:
        """Back to a fresh question (after a reset)."""
        self.controls.clear()
        self.sure.clear()
        self.marked = False
        self._set_classes(set(), stale=False)
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
            response = checks[-1].response
            self.controls.set(response)
            result = grade(self.q, response)
            if result.status != "invalid":
                self._show_marks(self.controls.get())
            self.feedback.value = self._result_html(result, self.controls.get())
