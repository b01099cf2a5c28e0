"""The teacher page (``notebooks/teacher.ipynb``): class results for whoever holds the teacher key.

Without the key the page shows a friendly refusal and reads nothing from the database. With
it: a bar with "Refresh", a choice of first or latest answers, and the files to download,
then every section of ``lesson.teacher.report``.
"""

from __future__ import annotations

import base64
import csv
import io
from typing import Any

from lesson.display import Shown, ShownHTML
from lesson.teacher import access
from lesson.teacher.data import CSV_FIELDS, ClassReport, csv_rows, load_class
from lesson.teacher.report import body_html, document, esc

REFUSAL = (
    '<div class="lesson-teacher-refusal" role="note"><h2>This page is for the teacher</h2>'
    "<p>It shows the class&#8217;s results, so it opens only with the teacher&#8217;s own address. "
    "If you are learning, nothing is wrong: your answers are saved as usual and only you see them here.</p>"
    '<p><a href="index.ipynb">Go to the start of the lesson</a></p></div>'
)


def refusal() -> ShownHTML:
    return ShownHTML(REFUSAL, "teacher page: refused (no teacher key)")


def summary(report: ClassReport) -> str:
    flagged = sum(qr.stats.flagged for q in report.quizzes for qr in q.questions)
    return (
        f"teacher page: {len(report.learners)} learners ({len(report.started)} started), "
        f"{len(report.quizzes)} quizzes, {flagged} questions flagged, {report.which} answers"
    )


def csv_text(report: ClassReport) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_rows(report))
    return out.getvalue()


def downloads_html(report: ClassReport) -> str:
    """Links that save the CSV and the self-contained HTML report (made when asked for)."""

    def link(data: str, mime: str, name: str, words: str) -> str:
        b64 = base64.b64encode(data.encode("utf-8")).decode("ascii")
        return f'<a download="{name}" href="data:{mime};base64,{b64}">{esc(words)}</a>'

    return (
        '<p class="lesson-teacher-downloads">'
        + link(csv_text(report), "text/csv", "class-results.csv", "Save the item analysis (CSV)")
        + " \u00b7 "
        + link(document(report), "text/html", "class-results.html", "Save this report (HTML)")
        + "</p>"
    )


def present_links(key: str) -> str:
    """Presenter-mode links that keep the key, so the class poll shows (this page only)."""
    from lesson.content_model.load import chapters

    items = "".join(
        f'<li><a href="{esc(c.notebook + access.teacher_query(key, present=True))}">{esc(c.title)}</a></li>'
        for c in chapters()
    )
    return (
        '<details class="lesson-teacher-present"><summary>Present a chapter with the class poll and speaker '
        f"notes</summary><ul>{items}</ul><p>Keep these links to yourself: they hold the teacher key.</p>"
        "</details>"
    )


class TeacherPage:
    """The controls and the report; "Refresh" and the first/latest switch rebuild the report."""

    def __init__(self) -> None:
        import ipywidgets as widgets

        self.which = widgets.ToggleButtons(
            options=[("First answers", "first"), ("Latest answers", "last")],
            value="first",
            tooltips=[
                "Item analysis over each learner's first answer",
                "Item analysis over each learner's latest answer",
            ],
        )
        self.refresh_button = widgets.Button(description="Refresh", tooltip="Read the class's answers again")
        self.files_button = widgets.Button(
            description="Make download files", tooltip="Make the CSV and HTML files of these results"
        )
        self.files = widgets.HTML("", layout=widgets.Layout(width="100%"))
        self.body = widgets.HTML("", layout=widgets.Layout(width="100%"))
        self.body.add_class("lesson-teacher-body")
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.files_button.on_click(lambda _b: self.make_files())
        self.which.observe(lambda _c: self.refresh(), names="value")
        key = access.given_key()  # the teacher's own key, from this page's address
        extra = [widgets.HTML(present_links(key), layout=widgets.Layout(width="100%"))] if key else []
        bar = widgets.HBox(
            [self.which, self.refresh_button, self.files_button],
            layout=widgets.Layout(flex_flow="row wrap", width="100%"),
        )
        self.box = widgets.VBox([bar, self.files, *extra, self.body], layout=widgets.Layout(width="100%"))
        self.box.add_class("lesson-teacher-page")
        self.report: ClassReport | None = None
        self.refresh()

    def refresh(self) -> None:
        self.report = load_class(self.which.value)
        self.body.value = body_html(self.report)
        self.files.value = ""

    def make_files(self) -> None:
        if self.report is not None:
            self.files.value = downloads_html(self.report)


def teacher_page() -> Any:
    """The whole page, or the refusal (which reads nothing) without the key."""
    if not access.is_teacher():
        return refusal()
    page = TeacherPage()
    assert page.report is not None
    return Shown(page.box, summary(page.report))
