"""The final report always says what the quiz's score says, after every Check, with no Refresh
button (issue 10: "score 16 of 24, report 8 of 24 until Refresh my results")."""

from __future__ import annotations

import re

import pytest
from conftest import QUIZ_READY, LessonServer, open_lesson
from keyboard import answer, right_and_wrong
from playwright.sync_api import Page, expect

from lesson.app import nav
from lesson.quiz.bank import questions

pytestmark = pytest.mark.browser


def score_words(page: Page) -> str:
    text = page.locator(".lesson-quiz .lesson-score").inner_text()
    return re.search(r"\d+ of \d+ correct", text).group(0)


def report_words(page: Page) -> str:
    return page.locator(".lesson-final-bar-final .lesson-final-bar-score").inner_text()


@pytest.mark.parametrize("width", [390, 1280])
def test_report_equals_the_score_after_each_check(page: Page, server: LessonServer, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    final = nav.chapters()[-1]
    open_lesson(page, server, f"/voila/render/{final.notebook}?learner=report-{width}", QUIZ_READY)
    page.wait_for_selector(".lesson-final-view")
    assert page.locator(".lesson-final button", has_text="Refresh").count() == 0
    expect(page.locator(".lesson-final-view")).to_contain_text("No answers yet")
    simple = [q for q in questions(final.id) if q.type in ("single", "truefalse", "verdict")][:3]
    for q, right in zip(simple, (True, False, True), strict=True):
        good, bad = right_and_wrong(q)
        box = answer(page, q, good if right else bad)
        mark = ".lesson-mark-correct" if right else ".lesson-mark-wrong"
        expect(box.locator(f".lesson-feedback {mark}").first).to_be_visible()
        final_row = page.locator(".lesson-final-bar-final .lesson-final-bar-score")
        expect(final_row).to_have_text(score_words(page))
        assert report_words(page) == score_words(page)
    assert score_words(page).startswith("2 of ")
    report = page.locator(".lesson-final-view")
    widths = report.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert widths[0] <= widths[1] + 1, f"the report fits the screen at {width} px"
