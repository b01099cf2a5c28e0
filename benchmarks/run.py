"""``make bench``: the Voila app's benchmarks, measured side by side in headless Chromium.

In one run: the lesson app and a one-cell "hello world" notebook served by the same launcher,
template and voila.json; then
  1. time until each chapter's first quiz Check is clickable vs the hello page (target <= 1.5x),
  2. Check -> feedback shown, p50/p95 over 40 clicks (target p95 < 150 ms),
  3. RSS of one learner's kernel vs a kernel that only imported ipywidgets and matplotlib,
  4. 20 learners at once in separate browser contexts (target all complete, p95 < 500 ms).
It prints a Markdown table; ``--readme`` also writes it into benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil
from playwright.async_api import Browser, async_playwright

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import harness as H  # noqa: E402
import pages as P  # noqa: E402
from report import render, write_readme  # noqa: E402

from lesson.quiz.bank import chapters, questions  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
MB = 2**20


def chapter_urls() -> dict[str, str]:
    return {c.id: f"/voila/render/{c.notebook}" for c in chapters()}


async def start_times(browser: Browser, lesson: H.Server, hello: H.Server, reps: int,
                      ids: list[str]) -> dict[str, list[float]]:
    """Each repetition loads hello then every chapter (rotated), so drift is shared."""
    urls = chapter_urls()
    out: dict[str, list[float]] = {"hello": [], **{i: [] for i in ids}}
    await P.time_to_ready(browser, hello.url + "/voila/render/hello.ipynb")  # warm-up, not counted
    await P.time_to_ready(browser, lesson.url + urls[ids[0]] + "?learner=warm")
    for rep in range(reps):
        order = ids[rep % len(ids):] + ids[: rep % len(ids)]
        out["hello"].append(await P.time_to_ready(browser, hello.url + "/voila/render/hello.ipynb"))
        for cid in order:
            out[cid].append(await P.time_to_ready(browser, f"{lesson.url}{urls[cid]}?learner=ready-{rep}"))
        line = "  ".join(f"{k}={v[-1]:.0f}" for k, v in out.items())
        print(f"  rep {rep + 1}/{reps}: {line} ms", flush=True)
    return out


async def latency_and_memory(browser: Browser, lesson: H.Server, cid: str, clicks: int) -> dict:
    """One learner: kernel RSS once the chapter is ready, then ``clicks`` Checks (wrong, right, ...)."""
    ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(P.PAGE_TIMEOUT_MS)
    try:
        page = await ctx.new_page()
        before = {k.pid for k in lesson.kernels()}
        await page.goto(f"{lesson.url}{chapter_urls()[cid]}?learner=latency")
        await page.wait_for_selector(P.READY, state="visible")
        mine = [k for k in lesson.kernels() if k.pid not in before]
        kernel_rss = H.rss(mine[0]) if len(mine) == 1 else 0
        times: list[float] = []
        qs = list(questions(cid))
        i = 0
        while len(times) < clicks:
            times += await P.answer_both(page, qs[i % len(qs)])
            i += 1
            if i % len(qs) == 0:  # every question answered: start again with a fresh learner
                await page.goto(f"{lesson.url}{chapter_urls()[cid]}?learner=latency-{i}")
                await page.wait_for_selector(P.READY, state="visible")
        await P.leave(page)
        return {"times": times[:clicks], "kernel_rss": kernel_rss, "new_kernels": len(mine)}
    finally:
        await ctx.close()


async def one_of_crowd(browser: Browser, url: str, q: Any | None) -> dict:
    """One learner of the crowd: open ``url`` and, if a question is given, answer it right."""
    t0 = time.monotonic()
    ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(P.PAGE_TIMEOUT_MS)
    try:
        page = await ctx.new_page()
        await page.goto(url)
        await page.wait_for_selector(P.READY, state="visible")
        ready = time.monotonic() - t0
        ms = 0.0
        if q is not None:
            right, _ = P.right_and_wrong(q)
            ms = await P.check_latency(page, q, right)
        return {"ok": ms >= 0, "ms": ms, "ready_s": ready, "page": page, "ctx": ctx}
    except Exception as exc:
        await ctx.close()
        return {"ok": False, "ms": -1.0, "error": f"{type(exc).__name__}: {exc}"[:200]}


async def crowd(browser: Browser, server: H.Server, cid: str | None, size: int, timeout: float) -> dict:
    """``size`` learners at once on chapter ``cid`` (None: the hello page, opened only).

    Memory is summed while every page is still open.
    """
    peak = 0
    done = asyncio.Event()

    async def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, server.total_rss())
            await asyncio.sleep(0.5)

    sampler = asyncio.create_task(sample())
    me, server_proc = psutil.Process(), psutil.Process(server.proc.pid)
    cpu0 = (H.tree_cpu(server_proc), H.tree_cpu(me, "chrom"))
    t0 = time.monotonic()
    if cid is None:
        jobs = [(f"{server.url}/voila/render/hello.ipynb", None) for _ in range(size)]
    else:
        qs, url = questions(cid), server.url + chapter_urls()[cid]
        jobs = [(f"{url}?learner=crowd-{n}", qs[n % len(qs)]) for n in range(size)]
    tasks = [asyncio.create_task(one_of_crowd(browser, url, q)) for url, q in jobs]
    finished, pending = await asyncio.wait(tasks, timeout=timeout)
    for t in pending:
        t.cancel()
    wall = time.monotonic() - t0
    cpu_server = H.tree_cpu(server_proc) - cpu0[0]
    cpu_browser = H.tree_cpu(me, "chrom") - cpu0[1]
    results = [t.result() for t in finished if not t.cancelled() and t.exception() is None]
    open_total = server.total_rss()
    kernels = len(server.kernels())
    done.set()
    await sampler
    for r in results:
        if "ctx" in r:
            await P.leave(r["page"])
            await r["ctx"].close()
    ok = [r for r in results if r["ok"]]
    errors = [r["error"] for r in results if "error" in r]
    return {"size": size, "complete": len(ok), "times": [r["ms"] for r in ok], "wall_s": wall,
            "ready_s": [r["ready_s"] for r in ok], "total_rss": open_total, "peak_rss": peak,
            "kernels": kernels, "errors": errors, "cpu_server_s": cpu_server, "cpu_browser_s": cpu_browser}


PRESENTER_PAGES = ["anatomy", "causes", "treatment", "final"]


async def presenter(settle_s: float = 25.0, pause_s: float = 8.0, reps: int = 2) -> dict[str, list[float]]:
    """A teacher presenting: chapters opened one at a time with a pause between them, on a
    plain server and on one with a preheated kernel per page (``--preheat 1``).

    The pause lets Voila refill its pool, which back-to-back loads (section 1) never do.
    """
    urls = chapter_urls()
    out: dict[str, list[float]] = {}
    async with async_playwright() as pw:
        chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        browser = await pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        for label, extra in (("plain", []), ("preheat 1", ["--preheat", "1"])):
            server = H.Server(args=extra).start()
            try:
                await asyncio.sleep(settle_s)  # the pools fill (or the machine settles) before the class
                times = out.setdefault(label, [])
                for rep in range(reps):
                    for cid in PRESENTER_PAGES:
                        url = f"{server.url}{urls[cid]}?learner=p{rep}"
                        times.append(await P.time_to_ready(browser, url))
                        await asyncio.sleep(pause_s)  # the teacher talks
                print(f"  {label}: " + " ".join(f"{t:.0f}" for t in times) + " ms", flush=True)
            finally:
                server.stop()
        await browser.close()
    return out


async def main_async(args: argparse.Namespace) -> dict:
    ids = args.chapters or [c.id for c in chapters()]
    hello_dir = H.hello_root()
    extra = ["--preheat", str(args.preheat)] if args.preheat else []
    lesson, hello = H.Server(args=extra).start(), H.Server(root=hello_dir, args=extra).start()
    results: dict = {"machine": H.machine(), "date": dt.date.today().isoformat(), "reps": args.reps,
                     "preheat": args.preheat}
    try:
        async with async_playwright() as pw:
            chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
            browser = await pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
            print(f"start time: {args.reps} repetitions of hello + {len(ids)} chapters", flush=True)
            results["start"] = await start_times(browser, lesson, hello, args.reps, ids)
            results["leftover_kernels"] = len(lesson.kernels()) + len(hello.kernels())
            heavy = args.crowd_chapter or max(ids, key=lambda i: H.median(results["start"][i]))
            results["heaviest"] = heavy
            print(f"check latency and kernel memory on {args.latency_chapter}", flush=True)
            results["latency"] = await latency_and_memory(browser, lesson, args.latency_chapter, args.clicks)
            results["latency"]["chapter"] = args.latency_chapter
            results["baseline_rss"] = H.baseline_kernel_rss()
            print(f"{args.crowd} learners at once on {heavy}", flush=True)
            results["crowd"] = await crowd(browser, lesson, heavy, args.crowd, args.crowd_timeout)
            print(f"{args.crowd} hello pages at once (the floor)", flush=True)
            results["crowd_hello"] = await crowd(browser, hello, None, args.crowd, args.crowd_timeout)
            await browser.close()
    finally:
        lesson.stop()
        hello.stop()
    if args.presenter:
        print("a presenter opening chapters one at a time, without and with preheated kernels", flush=True)
        results["presenter"] = await presenter()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=7, help="page loads per chapter and for hello")
    parser.add_argument("--chapters", nargs="*", help="chapter ids to time (default: all)")
    parser.add_argument("--clicks", type=int, default=40)
    parser.add_argument("--latency-chapter", default="treatment", help="20 questions -> 40 different Checks")
    parser.add_argument("--crowd", type=int, default=20)
    parser.add_argument("--crowd-chapter", help="chapter for the crowd (default: the slowest to start)")
    parser.add_argument("--crowd-timeout", type=float, default=300.0, help="seconds for the whole crowd")
    parser.add_argument("--preheat", type=int, default=0, help="preheated kernels per page on both servers")
    parser.add_argument("--presenter", action="store_true", help="also time spaced loads, plain vs preheated")
    parser.add_argument("--readme", action="store_true", help="write the table into benchmarks/README.md")
    args = parser.parse_args(argv)
    results = asyncio.run(main_async(args))
    text = render(results)
    print(text)
    raw = Path(tempfile.gettempdir()) / "lesson-bench-last.json"
    raw.write_text(H.dump(results))
    print(f"raw figures: {raw}")
    if args.readme:
        write_readme(HERE / "README.md", text)
        print("wrote benchmarks/README.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
