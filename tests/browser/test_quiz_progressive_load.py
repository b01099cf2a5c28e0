"""A Voila page builds its quiz's first question with the page and the rest right after (issue 11):
lesson.js asks for them once the page is usable, saved answers come back on the late questions too,
and without the script a learner can still load them with the quiz's own button."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import (
    ALL_QUESTIONS_SHOWN,
    QUIZ_READY,
    LessonServer,
    assert_no_error_shown,
    axe_source,
    open_lesson,
    wait_rendered,
)
from keyboard import answer, right_and_wrong
from playwright.sync_api import Page, Route, expect

from lesson.quiz.bank import questions
from lesson.quiz.widgets import FIRST_DEFAULT

pytestmark = pytest.mark.browser

CHAPTER = "/voila/render/03_diagnosis.ipynb"
STARTS_SMALL = {"LESSON_QUIZ_FIRST": ""}
"""The default (``lesson.quiz.widgets.FIRST_DEFAULT``: one question first), not the tests' ``all``."""
AXE = """async () => {
  const r = await axe.run(document.querySelector('.lesson-quiz'), {resultTypes: ['violations']});
  return r.violations.map(v => v.id + ' (' + v.impact + ')');
}"""


def test_the_rest_arrive_by_themselves_with_saved_answers(page: Page,
                                                          start_server: Callable[..., LessonServer]) -> None:
    srv = start_server(env_extra=STARTS_SMALL)
    qs = questions("diagnosis")
    late = next(q for q in reversed(qs) if q.type in ("single", "truefalse"))
    assert qs.index(late) >= FIRST_DEFAULT, "a question the page does not build at first"
    open_lesson(page, srv, f"{CHAPTER}?learner=late", QUIZ_READY)  # waits for every question
    right, _ = right_and_wrong(late)
    box = answer(page, late, right)
    expect(box.locator(".lesson-feedback .lesson-mark-correct")).to_be_visible()

    page.reload()
    page.wait_for_selector(QUIZ_READY)
    page.wait_for_function(ALL_QUESTIONS_SHOWN)  # nobody pressed anything
    expect(page.locator(".lesson-quiz .lesson-question")).to_have_count(len(qs))
    expect(page.locator(".lesson-quiz-more")).to_have_count(0)
    expect(page.locator(f".lesson-q-{late.id} .lesson-mark-correct")).to_be_visible()  # restored
    expect(page.locator(f".lesson-q-{late.id} .lesson-q-count")).to_have_text(
        f"Question {qs.index(late) + 1} of {len(qs)}")
    assert_no_error_shown(page)


def test_without_the_script_the_quiz_button_loads_them(page: Page,
                                                       start_server: Callable[..., LessonServer]) -> None:
    srv = start_server(env_extra=STARTS_SMALL)
    total = len(questions("diagnosis"))

    def no_lesson_js(route: Route) -> None:
        route.abort()

    page.route("**/lesson.js*", no_lesson_js)
    page.goto(f"{srv.url}{CHAPTER}?learner=noscript")
    page.wait_for_selector(QUIZ_READY)
    more = page.locator("button.lesson-quiz-more")
    expect(more).to_be_visible()
    expect(more).to_have_text(f"Show the other {total - FIRST_DEFAULT} questions")
    expect(page.locator(".lesson-quiz .lesson-question")).to_have_count(FIRST_DEFAULT)
    page.add_script_tag(content=axe_source())
    # The quiz alone: without lesson.js the page also lacks its main landmark and skip link.
    assert page.evaluate(AXE) == [], "the waiting quiz and its button pass axe"
    more.click()
    page.wait_for_function(ALL_QUESTIONS_SHOWN)
    expect(page.locator(".lesson-quiz .lesson-question")).to_have_count(total)
    expect(more).to_have_count(0)
    wait_rendered(page)
    assert_no_error_shown(page)
