"""A lost kernel: the page says the connection was lost and offers Reload; after the reload the
learner's saved progress comes back.

Two ways to lose it: the kernel process dies (the server restarts a fresh kernel that knows none
of the page's widgets), and the whole server stops and starts again on the same port.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import LessonServer, open_lesson
from keyboard import answer, right_and_wrong
from playwright.sync_api import Page, expect

from lesson.progress.scoring import Score
from lesson.quiz.bank import questions

pytestmark = pytest.mark.browser
QUIZ_READY = ".lesson-quiz .lesson-check"
LOST = ".lesson-connection-lost"
CHAPTER = "/voila/render/01_anatomy.ipynb?learner="


def answer_one_right(page: Page) -> str:
    """Answer the chapter's first simple question right and wait for the saved score."""
    q = next(q for q in questions("anatomy") if q.type in ("single", "truefalse"))
    right, _ = right_and_wrong(q)
    box = answer(page, q, right)
    expect(box.locator(".lesson-feedback .lesson-mark-correct")).to_be_visible()
    expect(page.locator(".lesson-quiz .lesson-score")).to_contain_text(score_text())
    return q.id


def score_text() -> str:
    return str(Score(1, len(questions("anatomy")), 1))


def expect_lost_notice(page: Page) -> None:
    banner = page.locator(LOST)
    expect(banner).to_be_visible()
    expect(banner).to_have_attribute("role", "alert")
    expect(banner).to_contain_text("connection to the lesson was lost")
    expect(banner.locator("button.lesson-reload")).to_have_text("Reload")


def reload_and_expect_progress(page: Page, qid: str) -> None:
    page.locator(f"{LOST} button.lesson-reload").click()
    page.wait_for_selector(QUIZ_READY)
    expect(page.locator(f".lesson-q-{qid} .lesson-feedback .lesson-mark-correct")).to_be_visible()
    expect(page.locator(".lesson-quiz .lesson-score")).to_contain_text(score_text())
    expect(page.locator(LOST)).to_have_count(0)


def test_dead_kernel_offers_reload_and_progress_comes_back(
    page: Page, start_server: Callable[..., LessonServer]
) -> None:
    srv = start_server()
    open_lesson(page, srv, CHAPTER + "lost-kernel", QUIZ_READY)
    qid = answer_one_right(page)
    kernels = srv.kernels()
    assert len(kernels) == 1, kernels
    with page.expect_websocket(predicate=lambda ws: "/channels" in ws.url) as reconnect:
        kernels[0].kill()
        expect_lost_notice(page)
    reconnect.value.wait_for_event("framereceived")  # the page's socket to the fresh kernel is open
    expect_lost_notice(page)  # ...and the notice stays: that kernel knows none of the page's widgets
    reload_and_expect_progress(page, qid)


def test_server_restart_offers_reload_and_progress_comes_back(
    page: Page, start_server: Callable[..., LessonServer]
) -> None:
    first = start_server()
    open_lesson(page, first, CHAPTER + "lost-server", QUIZ_READY)
    qid = answer_one_right(page)
    first.stop()
    expect_lost_notice(page)
    start_server(tmp=first.tmp, port=first.port)  # same database, same address
    reload_and_expect_progress(page, qid)
