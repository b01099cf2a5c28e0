"""The "say how sure you are" switch, the low / medium / high radio group, and the quiz's
certainty-based mark line (widgets; the rules are in ``marking``).

The switch starts on when the learner's latest answer carried a certainty, so it follows them
from page to page without any extra setting being stored. When it is on, each Check asks how
sure the learner is; a Check without a choice asks for one and is not recorded.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import Any

from lesson import pooled_widgets as pooled
from lesson.errors import guarded
from lesson.progress.store import Attempt
from lesson.quiz.grading import Result
from lesson.review import clock, marking, report, schedule

QUESTION = "How sure are you?"
CHOOSE_FIRST = "Say how sure you are (low, medium or high), then press Check."
SWITCH = "Say how sure I am with each answer"
ABOUT = ("Each Check then asks how sure you are. A right answer earns 1, 2 or 3 marks (low, medium, high); "
         "a wrong one 0, −2 or −6. Your chapter score stays the same.")


class SureControl:
    """One question's low / medium / high radio group (a native radio group: arrow keys, touch).

    The group is made the first time it is needed (the switch is on, or code reads ``radio``):
    most learners never turn the switch on, and every widget is a model the page must load."""

    def __init__(self, on: bool = False) -> None:
        self._radio: Any = None
        self.box = pooled.VBox([])
        self.box.add_class("lesson-sure-box")
        self.on = False
        self.set_on(on)

    @property
    def radio(self) -> Any:
        """The radio group, made (and put in ``box``) on first use."""
        if self._radio is None:
            levels = [(marking.LABELS[lv], lv) for lv in marking.LEVELS]
            self._radio = pooled.RadioButtons(options=levels, value=None, description=QUESTION,
                                              orientation="horizontal")
            for cls in ("lesson-options", "lesson-options-row", "lesson-sure"):
                self._radio.add_class(cls)
            self.box.children = (self._radio,)
        return self._radio

    @property
    def shown(self) -> bool:
        """Whether the group is on screen."""
        return pooled.is_shown(self.box)

    @property
    def level(self) -> str:
        """The chosen level while the switch is on ("" otherwise)."""
        return (self.radio.value or "") if self.on else ""

    def set_on(self, on: bool) -> None:
        self.on = on
        if on:
            self.radio  # noqa: B018 - made now, so it is on screen with the switch
        pooled.set_shown(self.box, on)

    def require(self, result: Result) -> Result:
        """``result``, or an "invalid" one asking for a certainty when the switch is on and none is chosen."""
        if self.on and result.status != "invalid" and self.radio.value is None:
            return Result(False, 0.0, "", "invalid", CHOOSE_FIRST)
        return result

    def clear(self) -> None:
        if self._radio is not None:
            self._radio.value = None


def record(session: Any, q: Any, kind: str, response: Any = None, score: float = 0.0, correct: bool = False,
           confidence: str = "") -> None:
    """Store one check or reveal like ``Session.record``, with the certainty and the review clock's time.

    A session with ``on_review_page`` set stores under the review quiz ("review", "<quiz>/<question>")
    so the chapter's own score is never changed by a review."""
    review = getattr(session, "on_review_page", False)
    if not confidence and not review and not clock.offset_days():
        session.record(q, kind, response, score, correct)  # the plain path, exactly as before issue 16
        if kind == "reveal" or not correct:
            _copy_cards(session)
        return
    if isinstance(response, set | frozenset):
        response = sorted(response)
    targets = [(session.quiz_id, q.id)]
    if review:
        targets = [(schedule.REVIEW_QUIZ, f"{quiz}/{q.id}") for quiz in (session.quiz_id, *session.also)]
    for quiz_id, qid in targets:
        session.store.add(Attempt(session.key, quiz_id, qid, session.versions[q.id], response, score, correct,
                                  kind, created_at=clock.stamp(), confidence=confidence))
    if review or kind == "reveal" or not correct or confidence == "low":
        _copy_cards(session)  # only these can change the review set


def _copy_cards(session: Any) -> None:
    """Copy the rebuilt review cards to the ``review_cards`` table (a saving learner only)."""
    from lesson.progress.review_state import refresh_snapshot

    refresh_snapshot(session.learner)


class SurePanel:
    """The switch above the questions and (for a chapter quiz) the mark line under the score."""

    def __init__(self, controls: Iterable[SureControl], on: bool,
                 summary: Callable[[], marking.Summary] | None = None, query: str = "") -> None:
        self.controls = list(controls)
        self.summary, self.query = summary, query
        self.switch = pooled.Checkbox(value=on, description=SWITCH, indent=False)
        self.switch.add_class("lesson-sure-switch")
        about = pooled.HTML(f'<p class="lesson-sure-about">{html.escape(ABOUT)}</p>')
        self.box = pooled.VBox([self.switch, about])
        self.box.add_class("lesson-sure-panel")
        self.marks = pooled.HTML("")
        self.marks.add_class("lesson-cbm-line")
        self.switch.observe(guarded(lambda _m: None)(lambda _c: self._toggle()), names="value")
        for c in self.controls:
            c.set_on(on)

    def add(self, control: SureControl) -> None:
        """A question built after the panel (a quiz's later questions): it follows the switch too."""
        self.controls.append(control)
        control.set_on(bool(self.switch.value))

    def _toggle(self) -> None:
        for c in self.controls:
            c.set_on(bool(self.switch.value))

    def refresh(self) -> None:
        """The certainty-based mark and calibration lines beside the plain score."""
        if self.summary is None:
            return
        value = report.cbm_html(self.summary(), self.query)
        if self.marks.value != value:
            self.marks.value = value

    @classmethod
    def for_quiz(cls, session: Any, views: Iterable[Any]) -> SurePanel:
        """The panel of a chapter quiz: its questions' radio groups and its own mark line."""
        from lesson.progress.identity import link_query
        from lesson.progress.review_state import sure_answers, uses_confidence

        questions = {(session.quiz_id, q.id): q for q in session.questions}

        def summary() -> marking.Summary:
            return marking.summarise(sure_answers(session.attempts(), questions, session.quiz_id))

        everything = session.store.attempts(session.key)
        panel = cls([v.sure for v in views], uses_confidence(everything), summary, link_query())
        panel.session = session
        return panel

    session: Any = None

    def after_reset(self) -> None:
        """A reset clears review cards too: copy the (now smaller) set to the file."""
        if self.session is not None:
            _copy_cards(self.session)
