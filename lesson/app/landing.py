"""The landing page's chapter cards and the start page's progress table.

Each card is a real ``<a href>`` (keyboard, screen reader and "open in new tab" all work)
carrying the learner's query. Progress comes from the one scoring rule in
``lesson.progress.scoring``; if the store cannot be read, the cards still show and say so.
"""

from __future__ import annotations

import logging
from html import escape

import ipywidgets as widgets

from lesson.app import nav
from lesson.display import Shown
from lesson.progress.identity import Learner, current_learner, link_query

PRACTICE_ONLY = "Practice only"
NOT_STARTED = "Not started"
UNAVAILABLE = "Progress could not be read just now"

_log = logging.getLogger("lesson")


def progress_texts(learner: Learner) -> dict[str, str]:
    """Chapter id -> "3 of 8 correct" / "Not started" / "Practice only" for every chapter."""
    try:
        from lesson.progress.scoring import chapter_scores

        scores = chapter_scores(learner)
    except Exception:  # a broken or locked database must not take the contents page down
        _log.exception("could not read progress for the landing page")
        return {c.id: (PRACTICE_ONLY if c.id == "start" else UNAVAILABLE) for c in nav.chapters()}
    out = {}
    for ch in nav.chapters():
        score = scores.get(ch.id)
        if score is None:
            out[ch.id] = PRACTICE_ONLY if ch.id == "start" else NOT_STARTED
        elif score.answered == 0:
            out[ch.id] = NOT_STARTED
        else:
            out[ch.id] = str(score)
    return out


def cards_html(progress: dict[str, str], query: str) -> str:
    """The card list; pure, so it can be tested without a kernel."""
    items = []
    for number, ch in enumerate(nav.chapters()):
        items.append(
            f'<li class="lesson-card lesson-card-{escape(ch.id)}">'
            f'<a href="{escape(ch.notebook + query)}">'
            f'<span class="lesson-card-title">{number}. {escape(ch.title)}</span>'
            f'<span class="lesson-card-summary">{escape(ch.summary)}</span>'
            f'<span class="lesson-card-progress">{escape(progress.get(ch.id, NOT_STARTED))}</span>'
            "</a></li>"
        )
    return '<ul class="lesson-cards" aria-label="Chapters">' + "".join(items) + "</ul>"


def table_html(progress: dict[str, str], query: str) -> str:
    """A compact table of the same progress, for the start page."""
    rows = "".join(
        f'<tr><th scope="row"><a href="{escape(ch.notebook + query)}">{escape(ch.title)}</a></th>'
        f"<td>{escape(progress.get(ch.id, NOT_STARTED))}</td></tr>"
        for ch in nav.chapters()
    )
    return (
        '<table class="lesson-progress-table"><caption>Your progress so far</caption>'
        '<thead><tr><th scope="col">Chapter</th><th scope="col">Progress</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _html_widget(html: str, css_class: str) -> widgets.HTML:
    w = widgets.HTML(value=html, layout=widgets.Layout(width="100%"))
    w.add_class(css_class)
    return w


def landing() -> Shown:
    """The chapter cards with this learner's progress."""
    html = cards_html(progress_texts(current_learner()), link_query())
    ids = ", ".join(c.id for c in nav.chapters())
    summary = f"landing: {len(nav.chapters())} chapter cards ({ids})"
    return Shown(_html_widget(html, "lesson-landing"), summary)


def progress_overview() -> Shown:
    """Progress across chapters as a small table."""
    html = table_html(progress_texts(current_learner()), link_query())
    return Shown(_html_widget(html, "lesson-progress-overview"),
                 f"progress overview: {len(nav.chapters())} chapters")
