"""The review page (``notebooks/review.ipynb``): the questions due today, answered like any quiz.

Each answer is an FSRS review (``schedule``); under the question the page then says when it comes
back ("See this again in 3 days (Friday 4 December)."). With nothing due, it says when the next
review is. Answers here are stored under the quiz id "review", so a chapter's own score never
changes because of a review. The page has its own small header and footer (it is not a chapter).
"""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from lesson import pooled_widgets as pooled
from lesson.app import chrome
from lesson.app.chrome import SKIP_TARGET
from lesson.display import Shown, ShownHTML
from lesson.progress import review_state as state
from lesson.progress.identity import current_learner, link_query, name_problem
from lesson.progress.scoring import storage_key, store_for
from lesson.quiz import bank
from lesson.quiz.confidence import SurePanel
from lesson.quiz.question_view import QuestionView
from lesson.quiz.session import Session
from lesson.review import clock, schedule

NOTEBOOK = "review.ipynb"
NOTHING_YET = ("Nothing to review yet. Questions you miss, reveal with Show answer, or get right while "
               "saying you were not sure come back here, spaced out over the weeks.")
ABOUT = ("Answer each question again. A wrong answer comes back tomorrow; a right one comes back later, "
         "and later still when you were sure.")


class ReviewSession(Session):
    """A one-question session whose answers are stored as reviews (``confidence.record``)."""

    on_review_page = True
    also: tuple[str, ...] = ()
    """Other quizzes whose card for the same question is due too: one answer reviews them all."""


def _nav(query: str) -> str:
    q = html.escape(query)
    return ('<nav class="lesson-nav lesson-nav-top" aria-label="Lesson pages (top)"><ul>'
            f'<li class="lesson-nav-item-contents"><a class="lesson-nav-contents" href="index.ipynb{q}">'
            "Contents</a></li>"
            '<li class="lesson-nav-where" aria-current="page">Review</li>'
            f'<li class="lesson-nav-item-glossary"><a class="lesson-nav-glossary" href="glossary.ipynb{q}">'
            "Glossary</a></li></ul></nav>")


def _here(fragment: str) -> str:
    """The chrome's name forms point at the contents page; on this page they come back here."""
    return fragment.replace('action="index.ipynb"', f'action="{NOTEBOOK}"').replace(
        'href="index.ipynb?', f'href="{NOTEBOOK}?')


def header() -> ShownHTML:
    """Help line, a name prompt only when needed, and Contents · Review · Glossary."""
    query = link_query()
    learner = current_learner()
    body = ('<div class="lesson-header">' + chrome.help_line(query)
            + _here(chrome.learner_prompt("index", learner, name_problem())) + _nav(query)
            + f'<span id="{SKIP_TARGET}" class="lesson-main-start" tabindex="-1"></span></div>')
    return ShownHTML(body, "lesson header: review (help line, navigation: Review)")


def footer() -> ShownHTML:
    """Who is learning and the links back."""
    query = link_query()
    learner = current_learner()
    problem = name_problem()
    who = "" if chrome.needs_prompt(learner, problem) else _here(chrome.learner_bar("index", learner))
    q = html.escape(query)
    links = ('<nav class="lesson-nav" aria-label="Lesson pages (bottom)"><ul>'
             f'<li><a class="lesson-nav-contents" href="index.ipynb{q}">Contents</a></li>'
             f'<li><a href="glossary.ipynb{q}">Glossary</a></li></ul></nav>')
    return ShownHTML(f'<div class="lesson-footer">{who}{links}</div>', "lesson footer: review")


class ReviewPage:
    """The due questions, their "see this again" lines, and the next review date."""

    def __init__(self, now: datetime | None = None) -> None:
        self.learner = current_learner()
        self.now = now or clock.now()
        self.questions = state.scored_questions()
        self.versions = state.versions_of(self.questions)
        self.store = store_for(self.learner)
        attempts = self.store.attempts(storage_key(self.learner))
        cards = state.cards_from(attempts, self.versions, self.now)
        self.total = len(cards)
        self.due = [c for c in schedule.due_cards(cards, self.now) if c.key in self.questions]
        groups = schedule.by_question(self.due)
        self.due = [card for card, _also in groups]
        also = {card.key: others for card, others in groups}
        self.status = pooled.HTML(self._status_html(cards))
        self.status.add_class("lesson-review-status")
        refs = bank.references()
        self.views: list[QuestionView] = []
        self.after: dict[tuple[str, str], Any] = {}
        parts: list[Any] = []
        for n, card in enumerate(self.due, 1):
            q = self.questions[card.key]
            session = ReviewSession(card.quiz_id, (q,), learner=self.learner)  # type: ignore[arg-type]
            session.also = also[card.key]
            line = pooled.HTML("")
            line.add_class("lesson-review-next")
            nxt = self.due[n].question_id if n < len(self.due) else None
            view = QuestionView(q, session, refs, self._changed(card.key, line),  # type: ignore[arg-type]
                                _image(q), number=n, total=len(self.due), next_id=nxt)
            view.box.add_class("lesson-review-question")
            self.views.append(view)
            self.after[card.key] = line
            parts += [pooled.HTML(f'<p class="lesson-review-from">From the chapter: '
                             f"{html.escape(_chapter_title(card.quiz_id))}</p>"), view.box, line]
        self.sure = SurePanel([v.sure for v in self.views], state.uses_confidence(attempts))
        top: list[Any] = [_css(), self.status]
        if self.views:
            top.append(self.sure.box)
        self.widget = pooled.VBox(top + parts)
        self.widget.add_class("lesson-quiz")
        self.widget.add_class("lesson-review")

    def _status_html(self, cards: dict) -> str:
        n = len(self.due)
        if n:
            words = f"{n} question{'s are' if n != 1 else ' is'} due for review today."
            return f'<p class="lesson-review-count"><strong>{words}</strong> {html.escape(ABOUT)}</p>'
        nxt = schedule.next_due(cards, self.now)
        if nxt is None:
            return f'<p class="lesson-review-count">{html.escape(NOTHING_YET)}</p>'
        return ('<p class="lesson-review-count"><strong>Nothing is due for review today.</strong> '
                f"Your next review is {html.escape(schedule.date_words(nxt, self.now))}.</p>")

    def _changed(self, key: tuple[str, str], line: Any) -> Any:
        def show() -> None:
            now = clock.now()
            attempts = self.store.attempts(storage_key(self.learner))
            card = state.cards_from(attempts, self.versions, now).get(key)
            if card is None:
                text = ""
            elif schedule.is_due(card, now):
                text = "This question is still due today: answer it to set its next review."
            else:
                text = f"See this again {schedule.date_words(card.due, now)}."
            words = html.escape(text)
            line.value = f'<p class="lesson-review-when" role="status">{words}</p>' if text else ""
        return show

    def summary(self) -> str:
        """Deterministic text/plain: how many are due, which, and how many are in the review set."""
        ids = ", ".join(f"{c.quiz_id}/{c.question_id}" for c in self.due)
        return f"review page: {len(self.due)} due ({ids or 'none'}), {self.total} in the review set"


def _chapter_title(quiz_id: str) -> str:
    try:
        from lesson.app import nav

        return nav.chapter(quiz_id).title
    except Exception:  # a bank with no chapter (tests): its own title
        try:
            return bank.load_bank(quiz_id).title
        except Exception:
            return quiz_id


def _image(q: Any) -> Any:
    if getattr(q, "type", "") != "labelling":
        return None
    from lesson.quiz.widgets import _diagram

    return _diagram(q.image)


def _css() -> Any:
    from lesson.quiz.widgets import _css as quiz_css

    return quiz_css()


def review_page() -> Shown:
    page = ReviewPage()
    return Shown(page.widget, page.summary())
