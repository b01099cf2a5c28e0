"""Quizzes in a real browser: feedback and score, keyboard-only answers, progress across pages."""

from __future__ import annotations

import pytest
from conftest import (
    NOT_RIGHT,
    QUIZ_READY,
    LessonServer,
    answer_each_wrong_then_right,
    one_right_score,
    open_lesson,
    page_text,
)
from keyboard import answer, right_and_wrong
from playwright.sync_api import Page, expect

from lesson.progress.scoring import Score
from lesson.quiz.bank import questions

pytestmark = pytest.mark.browser


def test_chapter_quiz_right_and_wrong_feedback_and_score(page: Page, server: LessonServer) -> None:
    open_lesson(page, server, "/voila/render/01_anatomy.ipynb?learner=quiz-a", QUIZ_READY)
    qs = [q for q in questions("anatomy") if q.type in ("single", "truefalse", "verdict", "numeric")]
    first, second = qs[0], qs[1]
    feedback = page.locator(f".lesson-q-{first.id} .lesson-feedback [aria-live='polite']")
    expect(feedback).to_have_count(1)  # the live region exists before the first Check
    right, _ = right_and_wrong(first)
    box = answer(page, first, right)
    expect(box.locator(".lesson-feedback .lesson-mark-correct")).to_be_visible()
    _, wrong = right_and_wrong(second)
    box = answer(page, second, wrong)
    expect(box.locator(f".lesson-feedback :is({NOT_RIGHT})")).to_be_visible()
    total = len(questions("anatomy"))
    expect(page.locator(".lesson-score").first).to_contain_text(str(Score(1, total, 2)))


def test_keyboard_alone_answers_every_practice_type(page: Page, server: LessonServer) -> None:
    open_lesson(page, server, "/voila/render/00_start_here.ipynb?learner=keys", QUIZ_READY)
    assert answer_each_wrong_then_right(page, "start") == {
        "single", "multiple", "truefalse", "verdict", "numeric", "ordering", "matching", "labelling"}


def test_progress_survives_navigation_and_reload(page: Page, server: LessonServer) -> None:
    open_lesson(page, server, "/?learner=nav-b", ".lesson-card")
    page.locator(".lesson-card-anatomy a").click()
    page.wait_for_selector(QUIZ_READY)
    assert page.url.endswith("/voila/render/01_anatomy.ipynb?learner=nav-b")
    q = questions("anatomy")[0]
    right, _ = right_and_wrong(q)
    answer(page, q, right)
    expect(page.locator(f".lesson-q-{q.id} .lesson-mark-correct")).to_be_visible()
    page.locator(".lesson-header .lesson-nav a.lesson-nav-next").click()
    page.wait_for_selector(".lesson-header")
    assert page.url.endswith("/voila/render/02_causes.ipynb?learner=nav-b")
    page.locator(".lesson-header .lesson-contents-toggle").click()  # the contents drawer
    page.locator(".lesson-contents-home a").click()  # its link to the landing page
    page.wait_for_selector(".lesson-card")
    page.reload()
    page.wait_for_selector(".lesson-card")
    assert "?learner=nav-b" in page.url
    expect(page.locator(".lesson-card-anatomy .lesson-card-progress")).to_have_text(one_right_score())
    page.goto(server.url + "/voila/render/01_anatomy.ipynb?learner=nav-b")
    page.wait_for_selector(QUIZ_READY)
    expect(page.locator(f".lesson-q-{q.id} .lesson-mark-correct")).to_be_visible()


def test_presenter_mode_saves_nothing_and_says_so(page: Page, server: LessonServer) -> None:
    open_lesson(page, server, "/voila/render/01_anatomy.ipynb?learner=pres&present=1", QUIZ_READY)
    assert "Presenter mode: nothing is saved." in page_text(page)
    q = questions("anatomy")[0]
    expect(page.locator(f".lesson-q-{q.id} .lesson-show-answer")).to_be_visible()
    right, _ = right_and_wrong(q)
    answer(page, q, right)
    expect(page.locator(f".lesson-q-{q.id} .lesson-mark-correct")).to_be_visible()
    href = page.locator(".lesson-header .lesson-nav a.lesson-nav-next").get_attribute("href")
    assert href == "02_causes.ipynb?learner=pres&present=1"
    open_lesson(page, server, "/voila/render/index.ipynb?learner=pres", ".lesson-card")
    expect(page.locator(".lesson-card-anatomy .lesson-card-progress")).to_have_text("Not started")


def test_markdown_links_keep_the_learner(page: Page, server: LessonServer) -> None:
    open_lesson(page, server, "/voila/render/00_start_here.ipynb?learner=links&present=1", QUIZ_READY)
    hrefs = page.eval_on_selector_all(".jp-RenderedMarkdown a[href$='.ipynb'], .jp-RenderedMarkdown "
                                      "a[href*='.ipynb#'], .jp-RenderedMarkdown a[href*='.ipynb?']",
                                      "els => els.map(e => e.getAttribute('href'))")
    assert hrefs, "the start page should link to other pages in its Markdown"
    for href in hrefs:
        assert "learner=links" in href and "present=1" in href, href
