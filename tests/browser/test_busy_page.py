"""A full server says so and recovers by itself (``lesson.app.capacity``), with a cap of 1 kernel.

- A second page gets "The lesson is busy - this page will retry in a few seconds": HTTP 503, an
  accessible page (axe finds nothing), no quiz and no traceback, that reloads itself.
- The learner already on a page keeps working meanwhile; once that page is left, the waiting page
  gets in by itself and shows the learner's saved answers.
- A kernel whose page never connected (a plain request, as ``curl`` makes) is shut down after
  ``LESSON_RECLAIM_AFTER`` seconds (15 here; 120 by default), so the next learner gets in; a page
  that is open keeps its kernel.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Callable, Iterator

import pytest
from conftest import (
    QUIZ_READY,
    LessonServer,
    NewContext,
    Recorded,
    answer_one_right,
    assert_no_error_shown,
    axe_source,
    one_right_score,
    open_lesson,
    page_text,
    screenshot,
    wait_until,
)
from keyboard import answer, right_and_wrong
from playwright.sync_api import BrowserContext, Page, Response, expect

from lesson.quiz.bank import questions

pytestmark = pytest.mark.browser
CHAPTER = "/voila/render/01_anatomy.ipynb?learner="
RECLAIM_S = 15
"""Short for the test, long enough for a page on a loaded machine to connect to its kernel."""
CAPPED = {"args": ["--max-kernels", "1"], "env_extra": {"LESSON_RECLAIM_AFTER": str(RECLAIM_S)}}
AXE_ALL = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.map(v => v.id + ' (' + v.impact + ')');
}"""


@pytest.fixture
def second(new_context: NewContext) -> Iterator[tuple[BrowserContext, Page, Recorded, list[Response]]]:
    """Another learner's browser: its page, the requests it made and its page responses."""
    ctx = new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(90_000)
    seen, pages = Recorded(), []
    ctx.on("request", lambda req: seen.urls.append(req.url))
    page = ctx.new_page()
    page.on("response", lambda r: pages.append(r) if r.request.is_navigation_request() else None)
    yield ctx, page, seen, pages
    ctx.close()


def in_by_itself(page: Page, srv: LessonServer) -> None:
    """The busy page retries until the chapter's quiz is there (no click), or fails with the log."""
    try:
        page.wait_for_selector(QUIZ_READY, timeout=90_000)
    except Exception as exc:
        raise AssertionError(f"never got in; now at {page.url}:\n{page_text(page)[:300]}\n"
                             f"server log:\n{srv.log()[-4000:]}") from exc


def cookie_names(page: Page) -> set[str]:
    return {c["name"] for c in page.context.cookies()}


def busy_loads(pages: list[Response]) -> int:
    return sum(1 for r in pages if r.status == 503)


def expect_busy_page(page: Page) -> None:
    expect(page.locator("h1")).to_have_text("The lesson is busy")
    status = page.locator("#lesson-busy-status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_contain_text("this page will retry in a few seconds")
    assert page.locator(".lesson-quiz").count() == 0
    assert_no_error_shown(page)


def test_busy_page_then_in_by_itself_with_saved_answers(
    page: Page, requests_seen: Recorded, start_server: Callable[..., LessonServer],
    second: tuple[BrowserContext, Page, Recorded, list[Response]],
) -> None:
    srv = start_server(**CAPPED)
    open_lesson(page, srv, CHAPTER + "ann", QUIZ_READY)  # the one kernel
    qid = answer_one_right(page)

    _, waiting, seen, loads = second
    url = srv.url + CHAPTER + "ann"  # the same learner on another device
    reply = waiting.goto(url)
    assert reply is not None and reply.status == 503
    assert reply.headers.get("retry-after", "").isdigit()
    expect_busy_page(waiting)
    assert "lesson_waiting" in cookie_names(waiting)  # its reloads keep its place in the queue
    waiting.locator("#lesson-busy-pause").click()  # stop the retry while the page is checked
    expect(waiting.locator("#lesson-busy-status")).to_contain_text("Automatic retry is stopped")
    expect(waiting.locator("#lesson-busy-pause")).to_have_text("Retry automatically")
    expect(waiting.locator("a.lesson-busy-retry")).to_have_attribute("href", CHAPTER + "ann")
    expect(waiting.locator(".lesson-help-line")).to_contain_text("emergency")
    assert waiting.evaluate("() => document.documentElement.lang") == "en"
    waiting.add_script_tag(content=axe_source())
    assert waiting.evaluate(AXE_ALL) == []
    waiting.set_viewport_size({"width": 320, "height": 700})
    assert waiting.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth")
    screenshot(waiting, "busy-page-phone")
    waiting.set_viewport_size({"width": 1280, "height": 900})

    waiting.locator("#lesson-busy-pause").click()  # retry again, and from now on by itself
    assert wait_until(lambda: busy_loads(loads) >= 2, 30, pause=lambda: waiting.wait_for_timeout(200)), \
        "the busy page did not retry"
    expect_busy_page(waiting)  # still full: the first page holds the only kernel

    q = [q for q in questions("anatomy") if q.type in ("single", "truefalse") and q.id != qid][0]
    right, _ = right_and_wrong(q)
    box = answer(page, q, right)  # the learner already in keeps working
    expect(box.locator(".lesson-feedback .lesson-mark-correct")).to_be_visible()

    page.goto("about:blank")  # leaves: its kernel is freed, and the waiting page gets in by itself
    in_by_itself(waiting, srv)
    expect(waiting.locator(f".lesson-q-{qid} .lesson-feedback .lesson-mark-correct")).to_be_visible()
    expect(waiting.locator(f".lesson-q-{q.id} .lesson-feedback .lesson-mark-correct")).to_be_visible()
    assert "busy" not in page_text(waiting)
    assert "lesson_waiting" not in cookie_names(waiting)
    assert_no_error_shown(waiting)
    assert seen.foreign() == [] and requests_seen.foreign() == []
    assert "Traceback" not in srv.log()


def test_unconnected_kernel_is_reclaimed_and_open_pages_keep_theirs(
    page: Page, start_server: Callable[..., LessonServer],
) -> None:
    srv = start_server(**CAPPED)
    with urllib.request.urlopen(srv.url + CHAPTER + "curl", timeout=120) as reply:  # as curl would
        assert reply.status == 200
    assert len(srv.kernels()) == 1  # a kernel nobody will ever connect to

    reply = page.goto(srv.url + CHAPTER + "bea")
    assert reply is not None and reply.status == 503
    in_by_itself(page, srv)  # the curl's kernel was reclaimed
    assert "its page never connected" in srv.log()
    (kernel,) = srv.kernels()

    page.wait_for_timeout(1.5 * RECLAIM_S * 1000)  # past the limit: an open (connected) page is kept
    assert kernel.is_running()
    answer_one_right(page)
    expect(page.locator(".lesson-quiz .lesson-score")).to_contain_text(one_right_score())


def test_a_page_whose_front_end_is_slow_to_connect_keeps_its_kernel(
    page: Page, start_server: Callable[..., LessonServer],
) -> None:
    """On an overloaded machine the front end may connect minutes after the page arrived; the
    page's inline beacon (``lesson/api/seen``) tells the server a browser holds it, so its kernel
    is not reclaimed as a curl's is. Here the front end never starts (Voila's bundle is blocked)."""
    srv = start_server(**CAPPED)
    page.route("**/voila/static/**", lambda route: route.abort())
    page.goto(srv.url + CHAPTER + "slow", wait_until="load")  # the whole page has arrived
    expect(page.locator(".jp-MarkdownOutput h1").first).to_be_visible()
    (kernel,) = srv.kernels()
    page.wait_for_timeout(1.5 * RECLAIM_S * 1000 + 5000)  # past the curl's limit and a reaper round
    assert kernel.is_running(), f"reclaimed although a browser holds the page:\n{srv.log()[-2000:]}"
    assert "never connected" not in srv.log()
