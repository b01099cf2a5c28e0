"""Pages in a second (issue 11): readable before the kernel is ready, light on the wire, and
Back shows the page as it was.

No test here times anything: the kernel is held back by a gate file (a kernel spec that waits
for the file before starting ipykernel), so "the text shows before the kernel is ready" is a
fact about order, not about speed. The figures themselves are ``make bench``'s job.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import (
    CHROMIUM_ARGS,
    PAGE_TIMEOUT_MS,
    QUIZ_READY,
    LessonServer,
    chromium_path,
    kernel_alive,
    kernel_id,
    wait_until,
)
from keyboard import answer, right_and_wrong
from playwright.sync_api import Browser, Page, Response, expect

from lesson.quiz.bank import questions

pytestmark = pytest.mark.browser

CHAPTER = "/voila/render/04_treatment.ipynb"
NEXT_CHAPTER = "/voila/render/05_natural_prevention.ipynb"
HEADING = "Treatment"
GATE_ENV = "LESSON_TEST_KERNEL_GATE"
YEAR = 31536000

GATED_KERNEL = (
    "import os, sys, time\n"
    f"gate = os.environ['{GATE_ENV}']\n"
    "while not os.path.exists(gate):\n"
    "    time.sleep(0.05)\n"
    "from ipykernel.kernelapp import launch_new_instance\n"
    "launch_new_instance()\n"
)
"""A python3 kernel that starts only once the gate file exists (polls the file system, not a clock)."""


@pytest.fixture
def gated_server(tmp_path: Path, start_server) -> tuple[LessonServer, Path]:  # noqa: ANN001
    """A lesson server whose ``python3`` kernels wait for ``gate`` before they start."""
    spec_dir = tmp_path / "jupyter" / "kernels" / "python3"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-c", GATED_KERNEL, "-f", "{connection_file}"],
        "display_name": "Python 3 (gated)", "language": "python",
    }))
    gate = tmp_path / "gate"
    srv = start_server(env_extra={"JUPYTER_PATH": str(tmp_path / "jupyter"), GATE_ENV: str(gate)})
    return srv, gate


def test_chapter_text_shows_before_its_kernel_is_ready(page: Page, gated_server) -> None:  # noqa: ANN001
    srv, gate = gated_server
    page.goto(srv.url + CHAPTER + "?learner=early", wait_until="commit")
    heading = page.locator(".jp-MarkdownOutput h1").first
    expect(heading).to_be_visible()
    expect(heading).to_contain_text(HEADING)
    first_paragraph = page.locator(".jp-MarkdownOutput h1 ~ p").first
    expect(first_paragraph).to_be_visible()
    assert len(first_paragraph.inner_text().split()) >= 5
    # The kernel cannot be ready: it has not even started (the gate is closed), and Voila writes
    # the page's kernel id only once the kernel answers.
    assert not gate.exists()
    assert page.locator("#jupyter-config-data").count() == 0
    expect(page.locator("#loading")).to_be_visible()
    expect(page.locator(QUIZ_READY)).to_have_count(0)
    # Open the gate: the same page now runs its cells and its quiz becomes usable.
    gate.write_text("open")
    page.wait_for_selector(QUIZ_READY, state="visible", timeout=PAGE_TIMEOUT_MS)
    expect(page.locator("#loading")).to_have_count(0)
    # The header, the chapter's objectives and its quiz went into their places among the prose.
    expect(page.locator(".lesson-slot:empty")).to_have_count(0)
    order = page.evaluate("""() => {
      const h1 = document.querySelector('.jp-MarkdownOutput h1');
      const quiz = document.querySelector('.lesson-quiz');
      return !!(h1.compareDocumentPosition(quiz) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    assert order, "the quiz should come after the chapter's heading, where its cell is"


def _headers(response: Response) -> dict[str, str]:
    return {k.lower(): v for k, v in response.all_headers().items()}


def test_responses_are_compressed_and_static_files_carry_cache_lifetimes(page: Page,
                                                                         server: LessonServer) -> None:
    seen: list[Response] = []
    page.on("response", lambda r: seen.append(r))
    page.goto(server.url + CHAPTER + "?learner=wire")
    page.wait_for_selector(QUIZ_READY, state="visible")
    doc = next(r for r in seen if r.request.resource_type == "document")
    h = _headers(doc)
    assert h.get("content-encoding") == "gzip", h
    assert "no-store" not in h.get("cache-control", ""), "no-store keeps a page out of the back/forward cache"
    statics = [r for r in seen if r.request.resource_type in ("script", "stylesheet") and r.status == 200
               and r.url.startswith(server.url)]
    assert len(statics) > 20, [r.url for r in statics]
    for r in statics:
        hs = _headers(r)
        assert hs.get("content-encoding") == "gzip" or int(hs.get("content-length", "0")) < 1024, r.url
        cache = hs.get("cache-control", "")
        assert f"max-age={YEAR}" in cache and "immutable" in cache, (r.url, cache)


def test_next_chapter_takes_its_scripts_and_styles_from_the_cache(page: Page, server: LessonServer) -> None:
    page.goto(server.url + CHAPTER + "?learner=next")
    page.wait_for_selector(QUIZ_READY, state="visible")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    kinds: dict[str, tuple[str, str]] = {}
    cached: set[str] = set()
    cdp.on("Network.requestWillBeSent", lambda e: kinds.__setitem__(e["requestId"], (e.get("type", ""),
                                                                                      e["request"]["url"])))
    cdp.on("Network.requestServedFromCache", lambda e: cached.add(e["requestId"]))
    cdp.on("Network.responseReceived",
           lambda e: cached.add(e["requestId"]) if e["response"].get("fromDiskCache") else None)
    page.goto(server.url + NEXT_CHAPTER + "?learner=next")
    page.wait_for_selector(QUIZ_READY, state="visible")
    assets = {rid: url for rid, (kind, url) in kinds.items() if kind in ("Script", "Stylesheet")}
    assert len(assets) > 20, "the next chapter should use the same scripts and styles"
    refetched = [url for rid, url in assets.items() if rid not in cached]
    assert refetched == [], f"fetched again instead of taken from the cache: {refetched[:5]}"


@pytest.fixture(scope="module")
def caching_browser(browser: Browser) -> Iterator[Browser]:
    """Chromium with its back/forward cache on (Playwright turns it off by default), launched by
    the same Playwright as the session's browser."""
    b = browser.browser_type.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True,
                                    ignore_default_args=["--disable-back-forward-cache"])
    yield b
    b.close()


def test_back_shows_the_page_as_it_was_and_its_quiz_still_works(caching_browser: Browser,
                                                                server: LessonServer) -> None:
    ctx = caching_browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(PAGE_TIMEOUT_MS)
    try:
        page = ctx.new_page()
        page.goto(server.url + CHAPTER + "?learner=back")
        page.wait_for_selector(QUIZ_READY, state="visible")
        page.locator(".lesson-quiz").first.scroll_into_view_if_needed()
        y = page.evaluate("() => window.scrollY")
        assert y > 500, "the chapter should scroll as a page"
        kid = kernel_id(page)
        page.evaluate("() => { window.__keptByTheBrowser = true; }")
        page.goto(server.url + NEXT_CHAPTER + "?learner=back")
        page.wait_for_selector(QUIZ_READY, state="visible")
        assert kernel_alive(server.url, kid), "a page in the back/forward cache keeps its kernel for a while"
        page.go_back(wait_until="commit")
        page.wait_for_selector(QUIZ_READY, state="visible")
        assert page.evaluate("() => window.__keptByTheBrowser === true"), "Back ran the chapter again"
        assert kernel_id(page) == kid
        assert abs(page.evaluate("() => window.scrollY") - y) <= 2
        q = next(q for q in questions("treatment") if q.type in ("single", "truefalse"))
        right, _ = right_and_wrong(q)
        box = answer(page, q, right)
        expect(box.locator(".lesson-feedback .lesson-mark-correct")).to_be_visible()
        expect(page.locator(".lesson-connection-lost")).to_have_count(0)  # not even for a moment
    finally:
        ctx.close()


def test_a_closed_tab_still_frees_its_kernel_at_once(caching_browser: Browser, server: LessonServer) -> None:
    ctx = caching_browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(PAGE_TIMEOUT_MS)
    try:
        page = ctx.new_page()
        page.goto(server.url + CHAPTER + "?learner=closer")
        page.wait_for_selector(QUIZ_READY, state="visible")
        kid = kernel_id(page)
        page.close(run_before_unload=True)
        assert wait_until(lambda: not kernel_alive(server.url, kid), 30.0), "a closed page's kernel lives on"
    finally:
        ctx.close()
