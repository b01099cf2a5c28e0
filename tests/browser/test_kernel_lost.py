"""A lost kernel: the page says the connection was lost and offers Reload; after the reload the
learner's saved progress comes back.

Ways to lose it: the kernel process dies (the server restarts a fresh kernel that knows none of
the page's widgets); the whole server stops and starts again on the same port; and, before the
page's front end has connected, the kernel is shut down (on an overloaded server, a kernel taken
for one whose page never connected) or dies and is restarted. Such a page once showed its prose
without a quiz and without a word. The front end's first request for its kernel is held back
(not timed) until the kernel is lost, so the order is certain however slow the machine is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from conftest import (
    QUIZ_READY,
    LessonServer,
    answer_one_right,
    kernel_alive,
    kernel_id,
    one_right_score,
    open_lesson,
    wait_until,
)
from playwright.sync_api import Page, Route, WebSocket, expect

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


KERNEL_MODEL = re.compile(r"/api/kernels/[^/?]+(\?|$)")
"""The front end's first question about its kernel (``GET api/kernels/<id>``), asked before it opens
the kernel's socket."""


def shut_down(page: Page, srv: LessonServer, kid: str) -> None:
    """Through the server's kernel API, as the server does with a kernel it takes for a ``curl``'s."""
    xsrf = next(c["value"] for c in page.context.cookies() if c["name"] == "_xsrf")
    gone = page.request.delete(f"{srv.url}/api/kernels/{kid}", headers={"X-XSRFToken": xsrf})
    assert gone.status == 204, gone.status
    assert not kernel_alive(srv.url, kid)


def crashed(page: Page, srv: LessonServer, kid: str) -> None:
    """The kernel process dies; the server starts a fresh one under the same id, which knows none of
    the page's widgets (and no socket is open yet to hear that it restarted)."""
    (old,) = srv.kernels()
    old.kill()
    assert wait_until(lambda: [k.pid for k in srv.kernels()] not in ([], [old.pid]), 120), \
        "the server did not restart the kernel"
    assert kernel_alive(srv.url, kid)


@pytest.mark.parametrize("lose", [shut_down, crashed], ids=["shut-down", "crashed"])
def test_kernel_lost_before_the_page_connects_offers_reload(
    page: Page, start_server: Callable[..., LessonServer], lose: Callable[[Page, LessonServer, str], None]
) -> None:
    srv = start_server()
    held: list[Route] = []

    def hold_first(route: Route) -> None:
        if route.request.method == "GET" and not held:
            held.append(route)  # answered below, once the kernel is lost
        else:
            route.continue_()

    page.route(KERNEL_MODEL, hold_first)
    page.goto(srv.url + CHAPTER + "lost-early")
    # No wall-clock assertion: the front end may take minutes to start on a loaded machine.
    assert wait_until(lambda: bool(held), 300, pause=lambda: page.wait_for_timeout(200)), \
        "the front end never asked for its kernel"
    lose(page, srv, kernel_id(page))
    held[0].continue_()
    expect_lost_notice(page)
    expect(page.locator("#rendered_cells h1")).to_be_visible()  # the prose stays readable
    expect(page.locator(QUIZ_READY)).to_have_count(0)
    page.unroute(KERNEL_MODEL, hold_first)
    page.locator(f"{LOST} button.lesson-reload").click()
    page.wait_for_selector(QUIZ_READY)  # a new kernel: the quiz works again
    expect(page.locator(LOST)).to_have_count(0)
