"""The landing page's chapter cards and the start page's progress table, and the progress words
and "Continue" target that the cards, the contents drawer and the landing's nav share.

Each card is a real ``<a href>`` (keyboard, screen reader and "open in new tab" all work)
carrying the learner's query. Progress comes from the one scoring rule in
``lesson.progress.scoring``; if the store cannot be read, the cards still show and say so.
Chapters are numbered 1 to N, the same as "Chapter 3 of 8" in the page header and the list on
the Start here page.
"""

from __future__ import annotations

import logging
from html import escape
from typing import TYPE_CHECKING, Any

from lesson.app import nav
from lesson.display import Shown
from lesson.progress.identity import Learner, current_learner, link_query

if TYPE_CHECKING:
    from lesson.content_model.models import Chapter
    from lesson.progress.scoring import Score

PRACTICE_ONLY = "Practice only"
NOT_STARTED = "Not started"
UNAVAILABLE = "Progress could not be read just now"
DONE = "Done"

_log = logging.getLogger("lesson")


def chapter_progress(learner: Learner) -> dict[str, Score] | None:
    """Chapter id -> its score under the one scoring rule; ``None`` if the store cannot be read."""
    try:
        from lesson.progress.scoring import chapter_scores

        return chapter_scores(learner)
    except Exception:  # a broken or locked database must not take a page down
        _log.exception("could not read the learner's progress")
        return None


def progress_word(chapter_id: str, scores: dict[str, Score] | None) -> str:
    """"3 of 8 correct" / "Not started" / "Practice only" / "Progress could not be read just now"."""
    score = None if scores is None else scores.get(chapter_id)
    if score is None:
        if chapter_id == "start":
            return PRACTICE_ONLY
        return UNAVAILABLE if scores is None else NOT_STARTED
    if score.answered == 0:
        return NOT_STARTED
    return str(score)


def is_done(score: Score | None) -> bool:
    """Every question of the chapter counts as correct."""
    return bool(score is not None and score.total and score.correct == score.total)


def has_progress(scores: dict[str, Score] | None) -> bool:
    """The learner has answered at least one scored question."""
    return bool(scores) and any(s.answered for s in scores.values())  # type: ignore[union-attr]


def continue_target(scores: dict[str, Score] | None) -> Chapter | None:
    """Where "Continue" leads: the first scored chapter, in reading order, not yet all correct.

    ``None`` when the learner has no progress yet (the landing offers "Start here" instead) or
    every scored chapter is done."""
    if not has_progress(scores):
        return None
    assert scores is not None
    for ch in nav.chapters():
        if ch.id in scores and not is_done(scores[ch.id]):
            return ch
    return None


def progress_texts(learner: Learner) -> dict[str, str]:
    """Chapter id -> "3 of 8 correct" / "Not started" / "Practice only" for every chapter."""
    scores = chapter_progress(learner)
    return {ch.id: progress_word(ch.id, scores) for ch in nav.chapters()}


def share(score: Score | None) -> float:
    """Share of the chapter's questions that count as correct (0..1)."""
    return score.correct / score.total if score is not None and score.total else 0.0


def _bar(score: Score | None) -> str:
    """A bar showing the share correct; decorative, because the words beside it say the same."""
    if score is None or not score.total:
        return ""
    percent = round(100 * share(score))
    return (f'<span class="lesson-card-bar" aria-hidden="true">'
            f'<span class="lesson-card-bar-fill" style="width:{percent}%"></span></span>')


def continue_html(scores: dict[str, Score] | None, query: str) -> str:
    """The button above the cards: "Continue" to the first unfinished chapter once there is
    progress, "Start here" before, and a word of praise when every chapter is done."""
    chapters = nav.chapters()
    if not chapters:
        return ""
    target = continue_target(scores)
    if target is not None:
        n = nav.number(target.id)
        return _button(target.notebook + query, f"Continue: Chapter {n}, {target.title}")
    if has_progress(scores):
        final = chapters[-1]
        return ('<p class="lesson-continue-row lesson-all-done">You have got every question right in every '
                f'chapter. Well done. <a href="{escape(final.notebook + query)}">See your report</a></p>')
    first = chapters[0]
    return _button(first.notebook + query, f"Start: Chapter 1, {first.title}")


def _review_due(learner: Learner, query: str) -> str:
    """ "3 questions due for review", linking to the review page (issue 16); "" with none due."""
    from lesson.progress.review_state import due_line

    return due_line(learner, query)


def _button(href: str, words: str) -> str:
    return (f'<p class="lesson-continue-row"><a class="lesson-continue" href="{escape(href)}">'
            f'{escape(words)} <span aria-hidden="true">&rarr;</span></a></p>')


def cards_html(progress: dict[str, str], query: str, scores: dict[str, Score] | None = None) -> str:
    """The card list; pure, so it can be tested without a kernel. ``scores`` draws the bars."""
    items = []
    for number, ch in enumerate(nav.chapters(), start=1):
        score = (scores or {}).get(ch.id)
        items.append(
            f'<li class="lesson-card lesson-card-{escape(ch.id)}">'
            f'<a href="{escape(ch.notebook + query)}">'
            f'<span class="lesson-card-title">{number}. {escape(ch.title)}</span>'
            f'<span class="lesson-card-summary">{escape(ch.summary)}</span>'
            f"{_bar(score)}"
            f'<span class="lesson-card-progress">{escape(progress.get(ch.id, NOT_STARTED))}</span>'
            "</a></li>"
        )
    return '<ol class="lesson-cards" aria-label="Chapters">' + "".join(items) + "</ol>"


def table_html(progress: dict[str, str], query: str) -> str:
    """A compact table of the same progress, for the start page."""
    rows = "".join(
        f'<tr><th scope="row"><a href="{escape(ch.notebook + query)}">{number}. {escape(ch.title)}</a></th>'
        f"<td>{escape(progress.get(ch.id, NOT_STARTED))}</td></tr>"
        for number, ch in enumerate(nav.chapters(), start=1)
    )
    return (
        '<table class="lesson-progress-table"><caption>Your progress so far</caption>'
        '<thead><tr><th scope="col">Chapter</th><th scope="col">Progress</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _html_widget(html: str, css_class: str) -> Any:
    import ipywidgets as widgets

    w = widgets.HTML(value=html, layout=widgets.Layout(width="100%"))
    w.add_class(css_class)
    return w


def landing() -> Shown:
    """The Continue (or Start) button and the chapter cards with this learner's progress."""
    learner = current_learner()
    scores = chapter_progress(learner)
    query = link_query()
    progress = {ch.id: progress_word(ch.id, scores) for ch in nav.chapters()}
    html = continue_html(scores, query) + _review_due(learner, query) + cards_html(progress, query, scores)
    from lesson.teacher.access import teacher_link_html

    html += teacher_link_html()  # "" unless this page was opened with the teacher key
    ids = ", ".join(c.id for c in nav.chapters())
    summary = f"landing: {len(nav.chapters())} chapter cards ({ids})"
    return Shown(_html_widget(html, "lesson-landing"), summary)


def progress_overview() -> Shown:
    """Progress across chapters as a small table."""
    learner, query = current_learner(), link_query()
    html = _review_due(learner, query) + table_html(progress_texts(learner), query)
    return Shown(_html_widget(html, "lesson-progress-overview"),
                 f"progress overview: {len(nav.chapters())} chapters")
