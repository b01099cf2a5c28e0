"""The final chapter's report: the learner's scores per chapter and objective, a chart of
them, and what to review next.

Everything is computed by the one scoring rule in ``lesson.progress.scoring``; this page only
presents it. A Refresh button recomputes it, because the learner answers the final quiz on
the same page. The text/plain summary is deterministic (no names, times or paths).
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass

import ipywidgets as widgets

from lesson.content_model.load import chapters
from lesson.display import Shown
from lesson.errors import guarded
from lesson.progress.identity import Learner, current_learner, link_query
from lesson.progress.scoring import Score, chapter_scores, objective_scores

REVIEW_COUNT = 3
NO_ANSWERS = "No answers yet. Answer the questions in the chapters or above, then press Refresh."


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


def chart_png(report: Report) -> bytes:
    """A bar chart of the share correct per chapter (deterministic PNG).

    matplotlib is imported here, not at module level: a learner with no answers yet gets no
    chart, and that page load should not pay for the import.
    """
    from matplotlib.figure import Figure

    from lesson.charts.style import OKABE_ITO, add_source_line, styled

    with styled():
        fig = Figure(figsize=(9, 0.6 * len(report.chapters) + 2.2))
        ax = fig.add_subplot()
        fig.suptitle("Your results by chapter", x=0.01, ha="left", fontsize="x-large", fontweight="bold")
        titles = [title for _, title, _ in report.chapters][::-1]
        scores = [s for _, _, s in report.chapters][::-1]
        bars = ax.barh(titles, [100 * share(s) for s in scores], color=OKABE_ITO[0], edgecolor="black")
        ax.bar_label(bars, labels=[str(s) for s in scores], padding=4, fontsize=11)
        ax.set_xlim(0, 130)
        ax.set_xticks([0, 25, 50, 75, 100])
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
        ax.set_xlabel("Questions correct (%)")
        add_source_line(fig, "Source: your own answers in this lesson, counted by the lesson's scoring rule.")
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def chart_alt(report: Report) -> str:
    """Alt text with every number the chart shows."""
    parts = "; ".join(f"{title}: {score}" for _, title, score in report.chapters)
    return f"Bar chart of your share of questions correct in each chapter. {parts}."


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
    """The report as HTML: chart, review list, then the two score tables."""
    if not report.answered:
        return f'<div class="lesson-final-report"><p>{html.escape(NO_ANSWERS)}</p></div>'
    src = base64.b64encode(chart_png(report)).decode("ascii")
    links = "".join(
        f'<li><a href="{html.escape(r.notebook + query)}">{html.escape(r.chapter_title)}</a>: '
        f"{html.escape(r.objective_text)} ({html.escape(str(r.score))})</li>" for r in report.review)
    review = (f"<h3>What to review next</h3><ul>{links}</ul>" if links
              else "<h3>What to review next</h3><p>You got every question you answered right. Well done.</p>")
    return (
        '<div class="lesson-final-report">'
        f'<figure class="lesson-chart"><img alt="{html.escape(chart_alt(report))}" '
        f'src="data:image/png;base64,{src}" style="max-width:100%;height:auto">'
        "<figcaption>Your share of questions correct in each chapter. Questions you have not "
        "answered count as not correct.</figcaption></figure>"
        f"{review}{_table('Scores by chapter', 'Chapter', report.chapters)}"
        f"{_table('Scores by learning objective', 'Objective', report.objectives)}</div>"
    )


def final_report() -> Shown:
    """The final report for the current learner, with a Refresh button."""
    learner = current_learner()
    report = build_report(learner)
    view = widgets.HTML(value=report_html(report, link_query()))
    refresh = widgets.Button(description="Refresh my results", icon="refresh")

    def show_error(message: str) -> None:
        view.value = f'<div class="lesson-error" role="alert">{html.escape(message)}</div>'

    @guarded(show_error)
    def on_refresh(_: widgets.Button) -> None:
        view.value = report_html(build_report(current_learner()), link_query())

    refresh.on_click(on_refresh)
    box = widgets.VBox([refresh, view])
    box.add_class("lesson-final")
    return Shown(box, summary(report))
