"""A lost kernel: the page says the connection was lost and offers Reload; after the reload the
learner's saved progress comes back.

Two ways to lose it: the kernel process dies (the server restarts a fresh kernel that knows none
of the page's widgets), and the whole server stops and starts again on the same port.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import QUIZ_READY, LessonServer, answer_one_right, one_right_score, open_lesson
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
LOST = ".lesson-connection-lost"
CHAPTER = "/voila/render/01_anatomy.ipynb?learner="


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
    expect(page.locator(".lesson-quiz .lesson-score")).to_contain_text(one_right_score())
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
