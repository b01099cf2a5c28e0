"""What crosses the wire, and what Back does, measured in Chromium through the DevTools protocol.

- Bytes per visit: every response's encoded length (headers and body as sent, so compression
  and 304 answers count as they really cost) for a first visit with an empty cache, then for
  the next chapter opened in the same tab, as a learner does. Kernel websocket frames are
  counted apart: Lighthouse leaves them out, but they cross the same Wi-Fi.
- Back: chapter A, scrolled to its quiz, then chapter B, then Back. Whether the page came
  from the back/forward cache (a marker set on A survives), the scroll position, whether its
  quiz still answers (the kernel is the same), and Chromium's reasons when it was not cached.
  Playwright turns the cache off by default (``--disable-back-forward-cache``), so this uses a
  browser launched without that switch.
"""

from __future__ import annotations

from typing import Any

import pages as P
from playwright.async_api import Browser, BrowserContext, Page


class Wire:
    """Byte counter on one page's DevTools session."""

    def __init__(self) -> None:
        self.http = 0
        self.ws = 0
        self.requests = 0
        self.cached = 0

    async def attach(self, ctx: BrowserContext, page: Page) -> None:
        cdp = await ctx.new_cdp_session(page)
        await cdp.send("Network.enable")
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.requestServedFromCache", self._from_cache)
        cdp.on("Network.webSocketFrameReceived", self._frame)
        cdp.on("Network.webSocketFrameSent", self._frame)

    def _finished(self, event: dict[str, Any]) -> None:
        self.http += int(event.get("encodedDataLength", 0))
        self.requests += 1

    def _from_cache(self, _event: dict[str, Any]) -> None:
        self.cached += 1

    def _frame(self, event: dict[str, Any]) -> None:
        self.ws += len(event.get("response", {}).get("payloadData", ""))

    def take(self) -> dict[str, int]:
        out = {"http": self.http, "ws": self.ws, "requests": self.requests, "cached": self.cached}
        self.http = self.ws = self.requests = self.cached = 0
        return out


async def visit_bytes(browser: Browser, first: str, second: str) -> dict[str, dict[str, int]]:
    """Bytes for ``first`` with an empty cache, then for ``second`` in the same tab."""
    ctx = await P.new_context(browser)
    try:
        page = await ctx.new_page()
        wire = Wire()
        await wire.attach(ctx, page)
        taken = []
        for url in (first, second):
            await P.open_ready(page, url)
            await page.wait_for_load_state("networkidle")
            taken.append(wire.take())
        one, two = taken
        await P.leave(page)
        return {"first": one, "next": two}
    finally:
        await ctx.close()


MARK = "() => { window.__lessonBackMark = 1; }"
NOT_RESTORED = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const r = nav && nav.notRestoredReasons;
  if (!r) return [];
  const out = [];
  const walk = (n) => { (n.reasons || []).forEach((x) => out.push(x.reason || String(x)));
                        (n.children || []).forEach(walk); };
  walk(r);
  return out;
}"""


async def back_forward(browser: Browser, first: str, second: str, q: Any) -> dict[str, Any]:
    """Open ``first``, scroll to its quiz, go to ``second``, press Back; then answer ``q`` right."""
    ctx = await P.new_context(browser)
    try:
        page = await ctx.new_page()
        await P.open_ready(page, first)
        await page.locator(".lesson-quiz").first.scroll_into_view_if_needed()
        await page.wait_for_timeout(300)
        y0 = await page.evaluate("() => window.scrollY")
        await page.evaluate(MARK)
        await P.open_ready(page, second)
        await page.go_back(wait_until="commit")  # a page from the cache fires no load event
        await page.wait_for_selector(P.READY, state="visible")
        restored = await page.evaluate("() => window.__lessonBackMark === 1")
        y1 = await page.evaluate("() => window.scrollY")
        reasons = [] if restored else await page.evaluate(NOT_RESTORED)
        right, _ = P.right_and_wrong(q)
        ms = await P.check_latency(page, q, right)
        await P.leave(page)
        return {"restored": restored, "scroll_before": y0, "scroll_after": y1, "quiz_works": ms >= 0,
                "check_ms": ms, "reasons": reasons}
    finally:
        await ctx.close()
