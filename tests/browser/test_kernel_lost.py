"""A lost kernel: the page says the connection was lost and offers Reload; after the reload the
learner's saved progress comes back.

Two ways to lose it: the kernel process dies (the server restarts a fresh kernel that knows none
of the page's widgets), and the whole server stops and starts again on the same port.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import QUIZ_READY, LessonServer, answer_one_right, one_right_score, open_lesson, wait_until
from playwright.sync_api import Page, WebSocket, expect

pytestmark = pytest.mark.browser
LOST = ".lesson-connection-lost"
CHAPTER = "/voila/render/01_anatomy.ipynb?learner="


def expect_lost_notice(page: Page) -> None:
    banner = page.locator(LOST)
    expect(banner).to_be_visible()
    expect(banner).to_have_attribute("role", "alert")
    expect(banner).to_contain_text("connection to the lesson was lost")
    expect(banner.locator("button.lesson-reload")).to_have_text("Reload")


class KernelSockets:
    """Kernel sockets (``/channels``) the page opens from now on, and which have had a frame.

    The frame listener is attached as each socket is created. Waiting on the socket only after
    it was handed over raced with its first frames: on a busy machine the kernel-info reply and
    status messages had already arrived, nothing more came, and the wait ran out (seen in CI).
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.opened = 0
        self.with_frames: set[int] = set()
        page.on("websocket", self._track)

    def _track(self, ws: WebSocket) -> None:
        if "/channels" not in ws.url:
            return
        self.opened += 1
        number = self.opened
        ws.on("framereceived", lambda _frame: self.with_frames.add(number))

    def wait_for_frame(self, limit_s: float = 60.0) -> None:
        """Until a socket opened since the watch began has received a frame; fails after ``limit_s``."""
        arrived = wait_until(lambda: bool(self.with_frames), limit_s,
                             pause=lambda: self.page.wait_for_timeout(100))  # lets Playwright deliver events
        assert arrived, f"no frame on {self.opened} new socket(s) in {limit_s}s"


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
    sockets = KernelSockets(page)
    kernels[0].kill()
    expect_lost_notice(page)
    sockets.wait_for_frame()  # the page's socket to the fresh kernel is open
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
