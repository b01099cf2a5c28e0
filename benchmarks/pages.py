"""In-page measurements with async Playwright: time until the first Check is clickable, and
time from a Check click to its feedback.

Both are timed inside the page with ``performance.now()`` (milliseconds since navigation
start), never with Python sleeps: a requestAnimationFrame loop notes the first frame in which
the button is visible, enabled and not under Voila's spinner; a MutationObserver notes when the
question's feedback changes, and the next animation frame counts as "shown".
"""

from __future__ import annotations

import os
import sys
from typing import Any

from playwright.async_api import Browser, BrowserContext, Locator, Page, Playwright

from lesson.paths import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "tests" / "browser"))
from keyboard import right_and_wrong  # noqa: E402  (the browser tests' answer key, reused)
from lesson_server import QUIZ_READY as READY  # noqa: E402  (the browser tests' quiz-ready selector)

PAGE_TIMEOUT_MS = 120_000
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1280, "height": 900}
SETTLE_MS = 300
"""Pause between entering an answer and Check, as a person would (see tests/browser/keyboard.py:
ipywidgets may otherwise send the click before the answer's own state update)."""

READY_PROBE = """
window.__bench = {ready: null, text: null, lcp: null};
(() => {
  const sel = %s;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) { window.__bench.lcp = e.startTime; }
    }).observe({type: 'largest-contentful-paint', buffered: true});
  } catch (e) { /* no LCP in this browser */ }
  const shown = (el) => el && el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden';
  const poll = () => {
    const now = performance.now();
    if (window.__bench.text === null) {
      const h = document.querySelector('.jp-MarkdownOutput h1');
      const p = h && h.parentElement.querySelector('h1 ~ p');
      if (shown(h) && shown(p)) { window.__bench.text = now; }
    }
    // Only once the button exists is anything measured that makes the browser work out styles or
    // layout: on a big page, doing so every frame would slow the very load being timed.
    const b = document.querySelector(sel);
    const spin = b && !b.disabled ? document.querySelector('#loading') : null;
    if (b && !b.disabled && !(spin && getComputedStyle(spin).display !== 'none') && shown(b)) {
      window.__bench.ready = now;
      return;
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
})();
"""
"""Notes, in ms since navigation start: ``ready`` when the first quiz Check is clickable,
``text`` when a chapter's heading and first paragraph are on screen, ``lcp`` the largest
contentful paint the browser reported by then (unthrottled, unlike Lighthouse's)."""

CHECK_PROBE = """
async (sel) => {
  const box = document.querySelector(sel);
  const fb = box.querySelector('.lesson-feedback');
  const btn = box.querySelector('.lesson-check');
  const before = fb.innerHTML;
  return await new Promise((resolve) => {
    let t0 = 0;
    const timer = setTimeout(() => { obs.disconnect(); resolve(-1); }, 20000);
    const obs = new MutationObserver(() => {
      if (fb.innerHTML === before || !fb.innerText.trim()) return;
      obs.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => resolve(performance.now() - t0));
    });
    obs.observe(fb, {subtree: true, childList: true, characterData: true, attributes: true});
    t0 = performance.now();
    btn.click();
  });
}
"""


LINK = {"offline": False, "latency": 150, "downloadThroughput": 9216 * 1024 / 8,
        "uploadThroughput": 9216 * 1024 / 8}
"""The network Lighthouse's desktop preset stands for (40 ms round trip, 10 Mbit/s), as Lighthouse
itself applies it through DevTools (latency x 3.75, throughput x 0.9): a school Wi-Fi, roughly."""


def chromium_path() -> str:
    return os.environ.get("CHROMIUM", "/usr/bin/chromium")


async def launch(pw: Playwright, **options: Any) -> Browser:
    """Headless Debian Chromium with the benchmarks' switches (``options`` go to ``launch``)."""
    return await pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True,
                                    **options)


async def new_context(browser: Browser, timeout_ms: float = PAGE_TIMEOUT_MS) -> BrowserContext:
    """A fresh context (no cache, no cookies) at desktop size, every wait bounded by ``timeout_ms``."""
    ctx = await browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    ctx.set_default_timeout(timeout_ms)
    return ctx


async def open_ready(page: Page, url: str) -> None:
    """Go to ``url`` and wait until its first quiz Check is visible."""
    await page.goto(url)
    await page.wait_for_selector(READY, state="visible")


async def time_to_ready(browser: Browser, url: str, link: bool = False) -> dict[str, float | None]:
    """Milliseconds from navigation start until the first quiz Check button is clickable
    (``ready``), the chapter text is visible (``text``) and the last LCP before that (``lcp``).

    A fresh context each time (no cache), and the page is left through ``about:blank`` so
    Voila's unload handler shuts its kernel down, as a closing tab would.
    """
    ctx = await new_context(browser)
    try:
        await ctx.add_init_script(READY_PROBE % repr(READY))
        page = await ctx.new_page()
        if link:
            cdp = await ctx.new_cdp_session(page)
            await cdp.send("Network.enable")
            await cdp.send("Network.emulateNetworkConditions", LINK)
        await page.goto(url, wait_until="commit")
        await page.wait_for_function("() => window.__bench && window.__bench.ready !== null",
                                     timeout=PAGE_TIMEOUT_MS)
        marks = await page.evaluate("() => window.__bench")
        await leave(page)
        return {k: (float(v) if v is not None else None) for k, v in marks.items()}
    finally:
        await ctx.close()


async def leave(page: Page) -> None:
    """Navigate away so the kernel is shut down by Voila's beforeunload handler."""
    try:
        await page.goto("about:blank", wait_until="load", timeout=10_000)
    except Exception:  # a closing page may race; the server's kernel count is checked separately
        pass


async def enter(page: Page, q: Any, response: Any) -> Locator:
    """Put ``response`` into question ``q``'s controls with the mouse (no Check yet)."""
    box = page.locator(f".lesson-q-{q.id}")
    await box.scroll_into_view_if_needed()
    if q.type in ("single", "truefalse", "verdict"):  # one radio group each (tests/browser/keyboard.py)
        await box.locator("input[type=radio]").nth(response).check()
    elif q.type == "multiple":
        boxes = box.locator("input[type=checkbox]")
        for i in range(await boxes.count()):
            await boxes.nth(i).set_checked(i in response)
    elif q.type == "numeric":
        await box.locator("input[type=text], input:not([type])").first.fill(response)
    else:  # each select lists the placeholder "Choose…" first, then the choices
        selects = box.locator("select")
        for n, index in enumerate(response):
            await selects.nth(n).select_option(index=index + 1)
    await page.wait_for_timeout(SETTLE_MS)
    return box


async def check_latency(page: Page, q: Any, response: Any) -> float:
    """Enter an answer, click Check, and return ms until the feedback changed on screen (-1: never)."""
    await enter(page, q, response)
    return float(await page.evaluate(CHECK_PROBE, f".lesson-q-{q.id}"))


async def answer_both(page: Page, q: Any) -> list[float]:
    """A wrong answer then the right one (two Checks whose feedback differs)."""
    right, wrong = right_and_wrong(q)
    return [await check_latency(page, q, wrong), await check_latency(page, q, right)]
