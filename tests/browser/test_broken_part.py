"""One content file breaks while the app runs: its part of the chapter shows a short friendly
message, and the rest of the chapter (the other chart, the quiz, the references, the footer) works.

Issue 12: a row ``acute,six,23,,25,99`` in data/recovery.csv stopped the Treatment page at the
chart with Voila's "There was an error when executing cell [4]", and nothing below it rendered.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import QUIZ_READY, LessonServer, assert_no_error_shown, open_lesson
from keyboard import answer, right_and_wrong
from playwright.sync_api import Page, expect

from lesson.paths import CONTENT_DIR
from lesson.quiz.bank import questions

pytestmark = pytest.mark.browser
CHAPTER = "/voila/render/04_treatment.ipynb?learner=broken-part"


def test_bad_chart_row_at_run_time_leaves_the_rest_of_the_chapter_working(
    page: Page, start_server: Callable[..., LessonServer], tmp_path: Path
) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    srv = start_server(env_extra={"LESSON_CONTENT_DIR": str(content)})

    open_lesson(page, srv, CHAPTER, QUIZ_READY)
    expect(page.locator("figure.lesson-chart-recovery")).to_be_visible()  # fine before the break

    csv_path = content / "data" / "recovery.csv"
    csv_path.write_text(csv_path.read_text().replace("acute,6,23,21,25\n", "acute,six,23,,25,99\n"))
    open_lesson(page, srv, CHAPTER, QUIZ_READY)  # a reload: a new kernel reads the broken file

    broken = page.locator(".lesson-unavailable")
    expect(broken).to_have_count(1)
    expect(broken).to_contain_text("Sorry, this chart could not be shown just now.")
    expect(broken).to_contain_text("The rest of this page still works.")
    expect(page.locator("figure.lesson-chart-recovery")).to_have_count(0)
    expect(page.locator("figure.lesson-chart-treatment-effects")).to_be_visible()  # the other chart
    expect(page.locator(".lesson-footer .lesson-nav")).to_be_visible()
    expect(page.locator("section.lesson-references li.lesson-reference").first).to_be_visible()

    q = next(q for q in questions("treatment") if q.type in ("single", "truefalse"))
    right, _ = right_and_wrong(q)
    box = answer(page, q, right)  # the quiz below the broken chart still works
    expect(box.locator(".lesson-feedback .lesson-mark-correct")).to_be_visible()
    expect(page.locator(".lesson-quiz .lesson-score")).to_contain_text("1 of")

    assert_no_error_shown(page)
    log = srv.log()
    assert "ui.chart('recovery') failed" in log and "recovery.csv:3: 6 values" in log
