"""Many learners at once on one server: section 4 of ``make bench`` (20 learners) and
``make bench-class`` (50), measured the same way.

Each learner is its own browser context of one headless Chromium. It opens the page, waits
(through the busy page of ``lesson.app.capacity``, which reloads itself) for a working quiz and
answers one question right; its page stays open until the whole crowd is done, as a class
keeps its pages open. Every learner notes when the server let it in (its page's first answer
that was not the busy page), when its page had arrived (the load event: every cell run on the
server) and when its quiz worked, so a slow crowd shows where its time went.

Check -> feedback is measured twice: each learner's first Check, made as soon as its own page
works (while the rest of the class may still be loading, so kernels starting elsewhere compete
for the CPUs), and, once every learner has a working page or has given up, one more Check each
on another question, spread over ``SPREAD_S`` seconds (the class working, nobody loading).
"""

from __future__ import annotations

import asyncio
import random
import time
from typing import Any

import harness as H
import pages as P
import psutil
from playwright.async_api import Browser

from lesson.quiz.bank import chapters, questions

SPREAD_S = 10.0
"""The Checks after everyone has loaded come at random moments within this many seconds."""
STATE_PROBE = """() => {
  const spin = document.querySelector('#loading');
  const rendered = document.querySelector('#rendered_cells');
  const done = rendered && (!spin || getComputedStyle(spin).display === 'none');
  const text = document.body ? document.body.innerText : '';
  const app = window.jupyterapp;
  return {done: !!done, quiz: !!document.querySelector('.lesson-quiz'),
          busy: !!document.querySelector('.lesson-busy'),
          lost: !!document.querySelector('.lesson-connection-lost'),
          frontend: !!(app && app.widgetManager),
          widgets: document.querySelectorAll('.jupyter-widgets').length,
          outputs: document.querySelectorAll('.jp-OutputArea-output').length,
          error: /Traceback|There was an error/.test(text) ||
                 !!document.querySelector(".jp-OutputArea-output[data-mime-type*='error']")};
}"""
"""What a page shows when its learner stops waiting: ``frontend`` says whether Voila's front end
had started (its widget manager exists), ``lost`` whether the page says its kernel is gone."""


def chapter_path(cid: str) -> str:
    return "/voila/render/" + next(c.notebook for c in chapters() if c.id == cid)


async def page_state(page: Any) -> dict:
    try:
        return dict(await page.evaluate(STATE_PROBE))
    except Exception:  # navigating at that instant
        return {}


async def learner(browser: Browser, url: str, q: Any | None, limit_s: float) -> dict:
    """One learner: open ``url``, wait (through busy pages) for the quiz, answer ``q`` right.

    The page and its context are returned open (``page``, ``ctx``) when it worked."""
    t0 = time.monotonic()
    ctx = await P.new_context(browser, limit_s * 1000)
    statuses: list[int] = []
    marks: dict[str, float] = {}
    out: dict[str, Any] = {"ok": False, "ms": -1.0, "busy_loads": 0, "broken": False}

    def on_response(r: Any) -> None:
        if r.request.is_navigation_request() and r.frame == page.main_frame:
            statuses.append(r.status)
            if r.status != 503:
                marks.setdefault("admitted_s", time.monotonic() - t0)

    def on_load(_page: Any) -> None:
        if "admitted_s" in marks:
            marks.setdefault("arrived_s", time.monotonic() - t0)

    try:
        page = await ctx.new_page()
        page.on("response", on_response)
        page.on("load", on_load)
        await page.goto(url, wait_until="commit")
        try:
            await page.wait_for_selector(P.READY, state="visible", timeout=limit_s * 1000)
        except Exception as exc:
            state = await page_state(page)
            out["broken"] = bool(state.get("done") and not state.get("busy") and not state.get("quiz"))
            busy = sum(1 for s in statuses if s == 503)
            raise RuntimeError(f"no working quiz in {limit_s:.0f} s after {busy} busy page(s) "
                               f"({state})") from exc
        out["ready_s"] = time.monotonic() - t0
        out["broken"] = bool((await page_state(page)).get("error"))
        if q is not None:
            right, _ = P.right_and_wrong(q)
            out["ms"] = await P.check_latency(page, q, right)
        out["ok"] = not out["broken"] and (q is None or out["ms"] >= 0)
        out["page"], out["ctx"] = page, ctx
    except asyncio.CancelledError:
        await ctx.close()
        raise
    except Exception as exc:
        out["error"] = f"{type(exc).__name__}: {exc}"[:240]
        await ctx.close()
    out.update(marks)
    out["busy_loads"] = sum(1 for s in statuses if s == 503)
    out["other_status"] = sorted({s for s in statuses if s not in (200, 503)})
    return out


async def check_again(r: dict, q: Any, delay_s: float) -> float:
    """One more Check by a learner whose page works, after ``delay_s`` (-1: no feedback)."""
    await asyncio.sleep(delay_s)
    try:
        right, _ = P.right_and_wrong(q)
        return await P.check_latency(r["page"], q, right)
    except Exception:
        return -1.0


def reclaimed(log: str) -> tuple[int, int]:
    """Kernels the server shut down so far: (page never connected, page went away)."""
    return log.count("its page never connected"), log.count("its page went away")


async def run_crowd(browser: Browser, server: H.Server, cid: str | None, size: int, limit_s: float,
                    crowd_limit_s: float | None = None, label: str = "class") -> dict:
    """``size`` learners at once on chapter ``cid`` (None: the hello page, opened only).

    Each learner waits up to ``limit_s`` for a working page; the crowd as a whole up to
    ``crowd_limit_s`` (default ``limit_s`` + 120 s). Memory is summed while every page is open."""
    peak = 0
    done = asyncio.Event()

    async def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, server.total_rss())
            await asyncio.sleep(0.5)

    sampler = asyncio.create_task(sample())
    log0 = reclaimed(server.log())
    me, server_proc = psutil.Process(), psutil.Process(server.proc.pid)
    cpu0 = (H.tree_cpu(server_proc), H.tree_cpu(me, "chrom"))
    t0 = time.monotonic()
    qs: list[Any] = []
    if cid is None:
        jobs = [(f"{server.url}/voila/render/hello.ipynb", None) for _ in range(size)]
    else:
        qs, url = list(questions(cid)), server.url + chapter_path(cid)
        jobs = [(f"{url}?learner={label}-{n}", qs[n % len(qs)]) for n in range(size)]
    tasks = [asyncio.create_task(learner(browser, u, q, limit_s)) for u, q in jobs]
    finished: set = set()
    deadline = t0 + (limit_s + 120 if crowd_limit_s is None else crowd_limit_s)
    while len(finished) < len(tasks) and time.monotonic() < deadline:
        finished, _ = await asyncio.wait(tasks, timeout=min(30.0, max(0.1, deadline - time.monotonic())))
        ready = sum(1 for t in finished if not t.cancelled() and t.exception() is None and t.result()["ok"])
        print(f"  {time.monotonic() - t0:5.0f} s: {ready}/{size} working, {len(finished)} done, "
              f"{len(server.kernels())} kernels", flush=True)
    pending = [t for t in tasks if t not in finished]
    for t in pending:
        t.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    wall = time.monotonic() - t0
    results = [t.result() for t in tasks if t in finished and not t.cancelled() and t.exception() is None]
    open_total, kernels = server.total_rss(), len(server.kernels())
    cpu_server = H.tree_cpu(server_proc) - cpu0[0]
    cpu_browser = H.tree_cpu(me, "chrom") - cpu0[1]
    after: list[float] = []
    if qs:  # every learner has loaded (or given up): one more Check each, spread out
        rnd = random.Random(size)
        working = [(n, r) for n, r in enumerate(results) if r["ok"] and "page" in r]
        after = list(await asyncio.gather(*(check_again(r, qs[(n + 1) % len(qs)], rnd.uniform(0, SPREAD_S))
                                             for n, r in working)))
    done.set()
    await sampler
    for r in results:
        if "ctx" in r:
            await P.leave(r["page"])
            await r["ctx"].close()
    ok = [r for r in results if r["ok"]]
    log1 = reclaimed(server.log())
    return {
        "reclaimed_never": log1[0] - log0[0], "reclaimed_gone": log1[1] - log0[1],
        "size": size, "complete": len(ok), "times": [r["ms"] for r in ok if r["ms"] >= 0],
        "times_after": [t for t in after if t >= 0], "no_feedback_after": sum(1 for t in after if t < 0),
        "ready_s": [r["ready_s"] for r in ok], "wall_s": wall, "total_rss": open_total, "peak_rss": peak,
        "admitted_s": [r["admitted_s"] for r in ok if "admitted_s" in r],
        "build_s": [r["arrived_s"] - r["admitted_s"] for r in ok if "arrived_s" in r],
        "frontend_s": [r["ready_s"] - r["arrived_s"] for r in ok if "arrived_s" in r],
        "kernels": kernels, "broken": sum(1 for r in results if r["broken"]) + len(pending),
        "saw_busy": sum(1 for r in results if r["busy_loads"]),
        "busy_loads": sum(r["busy_loads"] for r in results),
        "max_busy_loads": max((r["busy_loads"] for r in results), default=0),
        "other_status": sorted({s for r in results for s in r["other_status"]}),
        "errors": [r["error"] for r in results if "error" in r] + ["cancelled"] * len(pending),
        "cpu_server_s": cpu_server, "cpu_browser_s": cpu_browser,
    }


def phases(run: dict) -> str:
    """Where the working learners' time went (medians and maxima, in seconds)."""
    def mm(xs: list[float]) -> str:
        return f"{H.median(xs):.0f} / {max(xs):.0f}" if xs else "-"

    return (f"waiting for room {mm(run.get('admitted_s', []))}, then the page arriving (cells run on the "
            f"server, until the load event) {mm(run.get('build_s', []))}, then Voila's front end until the "
            f"quiz worked {mm(run.get('frontend_s', []))}")


def feedback(xs: list[float]) -> str:
    return f"{H.median(xs):.0f} / {H.p95(xs):.0f}" if xs else "-"
