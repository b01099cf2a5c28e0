"""The final chapter's report: the learner's scores per chapter and objective, a bar for each
chapter, and what to review next.

Everything is computed by the one scoring rule in ``lesson.progress.scoring``; this page only
presents it. The learner answers the final quiz on the same page, so the report follows the
quiz: it is built again whenever a quiz's score line or feedback on this page changes (every
Check, Show answer or reset), and always says what the score says. No Refresh button needed.
The bars are HTML, not a picture: they fit any screen, cost no chart library, and their
words are the same text a screen reader reads. The text/plain summary is deterministic (no
names, times or paths).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from lesson.content_model.load import chapters
from lesson.display import Shown
from lesson.errors import guarded
from lesson.progress.identity import Learner, current_learner, link_query
from lesson.progress.scoring import Score, chapter_scores, objective_scores

REVIEW_COUNT = 3
NO_ANSWERS = ("No answers yet. Answer the questions in the chapters, or in the quiz above: your report "
              "shows here and changes each time you press Check.")
WATCHED = frozenset({"lesson-score", "lesson-feedback"})
"""The quiz parts whose changes mean an answer was checked, revealed or reset (``lesson.quiz``)."""

_log = logging.getLogger("lesson")


@dataclass(frozen=True)
class ReviewItem:
    objective_id: str
    objective_text: str
    chapter_id: str
    chapter_title: str
    notebook: str
    score: Score


@dataclass(frozen=True)
class Report:
    chapters: tuple[tuple[str, str, Score], ...]  # (chapter id, title, score)
    objectives: tuple[tuple[str, str, Score], ...]  # (objective id, text, score)
    review: tuple[ReviewItem, ...]

    @property
    def answered(self) -> int:
        return sum(score.answered for _, _, score in self.chapters)


def share(score: Score) -> float:
    """Share correct (0..1); 0 for an empty set."""
    return score.correct / score.total if score.total else 0.0


def build_report(learner: Learner) -> Report:
    """Scores in chapters.yaml order, and the objectives with the lowest share correct to review."""
    known = {c.id: c for c in chapters()}
    by_chapter = chapter_scores(learner)
    rows = tuple((cid, known[cid].title if cid in known else cid, s) for cid, s in by_chapter.items())
    owner = {o.id: (c, o.text) for c in chapters() for o in c.objectives}
    by_objective = objective_scores(learner)
    order = [o.id for c in chapters() for o in c.objectives]
    objs = tuple((oid, owner[oid][1] if oid in owner else oid, by_objective[oid])
                 for oid in sorted(by_objective, key=lambda o: order.index(o) if o in order else len(order)))
    weak = sorted((o for o in objs if o[2].total and o[2].correct < o[2].total),
                  key=lambda o: (share(o[2]), order.index(o[0]) if o[0] in order else len(order)))
    review = tuple(ReviewItem(oid, text, owner[oid][0].id, owner[oid][0].title, owner[oid][0].notebook, s)
                   for oid, text, s in weak[:REVIEW_COUNT] if oid in owner)
    return Report(rows, objs, review)


def bars_html(report: Report) -> str:
    """A bar per chapter with its words ("3 of 8 correct") beside it; the bars are decorative."""
    items = "".join(
        f'<li class="lesson-final-bar lesson-final-bar-{html.escape(cid)}">'
        f'<span class="lesson-final-bar-title">{html.escape(title)}</span>'
        f'<span class="lesson-final-bar-score">{html.escape(str(score))}</span>'
        f'<span class="lesson-card-bar" aria-hidden="true"><span class="lesson-card-bar-fill" '
        f'style="width:{round(100 * share(score))}%"></span></span></li>'
        for cid, title, score in report.chapters
    )
    return (f'<h3>Your results by chapter</h3><ul class="lesson-final-bars">{items}</ul>'
            "<p class=\"lesson-meta\">Questions you have not answered count as not correct.</p>")


def summary(report: Report) -> str:
    """Deterministic text/plain for nbval."""
    if not report.answered:
        return "final report\n" + NO_ANSWERS
    lines = ["final report", "by chapter:"]
    lines += [f"- {cid}: {score}" for cid, _, score in report.chapters]
    lines += ["by objective:"] + [f"- {oid}: {score}" for oid, _, score in report.objectives]
    lines += ["review next:"] + [f"- {r.objective_id} ({r.chapter_id})" for r in report.review]
    return "\n".join(lines)


def _table(caption: str, head: str, rows: tuple[tuple[str, str, Score], ...]) -> str:
    body = "".join(f"<tr><td>{html.escape(text)}</td><td>{html.escape(str(s))}</td></tr>"
                   for _, text, s in rows)
    return (f"<table class='lesson-final-scores'><caption>{html.escape(caption)}</caption><thead><tr>"
            f"<th scope='col'>{head}</th><th scope='col'>Score</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")


def report_html(report: Report, query: str = "") -> str:
    """The report as HTML: bars by chapter, what to review next, then the objectives table."""
    if not report.answered:
        return f'<div class="lesson-final-report"><p>{html.escape(NO_ANSWERS)}</p></div>'
    links = "".join(
        f'<li><a href="{html.escape(r.notebook + query)}">{html.escape(r.chapter_title)}</a>: '
        f"{html.escape(r.objective_text)} ({html.escape(str(r.score))})</li>" for r in report.review)
    review = (f"<h3>What to review next</h3><ul>{links}</ul>" if links
              else "<h3>What to review next</h3><p>You got every question you answered right. Well done.</p>")
    return (
        '<div class="lesson-final-report">'
        f"{bars_html(report)}{review}"
        f"{_table('Scores by learning goal', 'Goal', report.objectives)}</div>"
    )


def quiz_parts() -> list[Any]:
    """The quiz widgets in this kernel whose changes mean an answer changed (``WATCHED``)."""
    try:
        from ipywidgets.widgets.widget import _instances  # the kernel's live widgets
    except ImportError:  # pragma: no cover - ipywidgets is pinned; a newer one may move it
        _log.warning("the final report cannot follow the quiz: ipywidgets has no widget registry")
        return []
    return [w for w in list(_instances.values())
            if WATCHED & set(getattr(w, "_dom_classes", ())) and w.has_trait("value")]


def follow(update: Callable[[Any], None], parts: list[Any] | None = None) -> int:
    """Call ``update`` whenever a watched quiz part changes; returns how many parts are followed."""
    parts = quiz_parts() if parts is None else parts
    for part in parts:
        part.observe(update, names="value")
    return len(parts)


def final_report() -> Shown:
    """The final report for the current learner; it follows the quizzes on the same page."""
    from lesson.progress.review_state import cbm_report_html

    report = build_report(current_learner())
    view = widgets.HTML(value=report_html(report, link_query()) + cbm_report_html(query=link_query()))
    view.add_class("lesson-final-view")

    def show_error(message: str) -> None:
        view.value = f'<div class="lesson-error" role="alert">{html.escape(message)}</div>'

    @guarded(show_error)
    def update(_change: Any = None) -> None:
        value = report_html(build_report(current_learner()), link_query())
        value += cbm_report_html(query=link_query())  # issue 16: certainty-based mark beside the scores
        if value != view.value:
            view.value = value

    follow(update)
    box = widgets.VBox([view])
    box.add_class("lesson-final")
    return Shown(box, summary(report))
