"""``make bench``: the Voila app's benchmarks, measured side by side in headless Chromium.

In one run: the lesson app and a one-cell "hello world" notebook served by the same launcher,
template and voila.json; then
  1. time until each chapter's first quiz Check is clickable vs the hello page (target <= 1.5x),
  2. Check -> feedback shown, p50/p95 over 40 clicks (target p95 < 150 ms),
  3. RSS of one learner's kernel vs a kernel that only imported ipywidgets and matplotlib,
  4. 20 learners at once in separate browser contexts (target all complete, p95 < 500 ms),
  6. Lighthouse 12.2.3 (desktop preset, outside hosts blocked) on the hello page, a chapter and
     the landing page; bytes on a first visit and on the next chapter; what Back does.
It prints a Markdown table; ``--readme`` also writes it into benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sys
from pathlib import Path

from playwright.async_api import Browser, async_playwright

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import crowds as C  # noqa: E402
import harness as H  # noqa: E402
import lighthouse as LH  # noqa: E402
import pages as P  # noqa: E402
import wire as W  # noqa: E402
from report import render, write_readme  # noqa: E402

from lesson.quiz.bank import chapters, questions  # noqa: E402

MB = 2**20


def chapter_urls() -> dict[str, str]:
    return {c.id: f"/voila/render/{c.notebook}" for c in chapters()}


async def start_times(browser: Browser, lesson: H.Server, hello: H.Server, stock: H.Server, reps: int,
                      ids: list[str]) -> dict[str, dict[str, list[float]]]:
    """Each repetition loads hello, stock Voila's hello, then every chapter (rotated), so drift is shared.

    Returns, per page, the lists ``ready`` (first Check clickable), ``text`` (heading and first
    paragraph on screen; chapters only) and ``lcp`` (ms since navigation start)."""
    urls = chapter_urls()
    out: dict[str, dict[str, list[float]]] = {k: {"ready": [], "text": [], "lcp": []}
                                              for k in ["hello", "stock", *ids]}

    def note(key: str, marks: dict) -> None:
        for k, v in marks.items():
            if v is not None:
                out[key][k].append(v)

    await P.time_to_ready(browser, hello.url + "/voila/render/hello.ipynb")  # warm-up, not counted
    await P.time_to_ready(browser, stock.url + "/voila/render/hello.ipynb")
    await P.time_to_ready(browser, lesson.url + urls[ids[0]] + "?learner=warm")
    for rep in range(reps):
        order = ids[rep % len(ids):] + ids[: rep % len(ids)]
        note("hello", await P.time_to_ready(browser, hello.url + "/voila/render/hello.ipynb"))
        note("stock", await P.time_to_ready(browser, stock.url + "/voila/render/hello.ipynb"))
        for cid in order:
            note(cid, await P.time_to_ready(browser, f"{lesson.url}{urls[cid]}?learner=ready-{rep}"))
        line = "  ".join(f"{k}={v['ready'][-1]:.0f}" for k, v in out.items())
        print(f"  rep {rep + 1}/{reps}: {line} ms", flush=True)
    return out


async def link_times(browser: Browser, lesson: H.Server, stock: H.Server, reps: int,
                     ids: list[str]) -> dict[str, dict[str, list[float]]]:
    """As ``start_times``, on a 10 Mbit/s link (``pages.LINK``): stock Voila, then each chapter."""
    urls = chapter_urls()
    out: dict[str, dict[str, list[float]]] = {k: {"ready": [], "text": [], "lcp": []}
                                              for k in ["stock", *ids]}
    for rep in range(reps):
        for key, url in [("stock", stock.url + "/voila/render/hello.ipynb"),
                         *((cid, f"{lesson.url}{urls[cid]}?learner=link-{rep}") for cid in ids)]:
            marks = await P.time_to_ready(browser, url, link=True)
            for k, v in marks.items():
                if v is not None:
                    out[key][k].append(v)
        line = "  ".join(f"{k}={v['ready'][-1]:.0f}" for k, v in out.items())
        print(f"  link rep {rep + 1}/{reps}: {line} ms", flush=True)
    return out


LH_PAGES = {"stock": None, "treatment": "treatment", "landing": "index"}
"""Lighthouse pages: the floor (stock Voila), the chapter of the issue's table and the landing page."""


async def lighthouse(lesson: H.Server, stock: H.Server, runs: int) -> dict[str, list[dict]]:
    """``runs`` Lighthouse runs of each page, alternating, so the floor shares the drift."""
    chromium = P.chromium_path()
    urls = chapter_urls()
    urls["index"] = "/voila/render/index.ipynb"
    out: dict[str, list[dict]] = {k: [] for k in LH_PAGES}
    for rep in range(runs):
        for label, cid in LH_PAGES.items():
            url = (stock.url + "/voila/render/hello.ipynb" if cid is None
                   else f"{lesson.url}{urls[cid]}?learner=lighthouse-{rep}")
            for attempt in range(3):  # on a loaded machine DevTools may time out; try again
                try:
                    out[label].append(await asyncio.to_thread(LH.run, url, chromium))
                    break
                except RuntimeError as exc:
                    print(f"  lighthouse {label}: {str(exc).splitlines()[0][:160]} (attempt {attempt + 1})",
                          flush=True)
            else:
                continue
            r = out[label][-1]
            print(f"  lighthouse {rep + 1}/{runs} {label}: score {r['performance']:.2f} "
                  f"LCP {r['lcp_ms']:.0f} TBT {r['tbt_ms']:.0f} TTI {r['tti_ms']:.0f} ms "
                  f"{r['bytes'] / 1024:.0f} KiB", flush=True)
    return out


NEXT = ("treatment", "prevention")
"""A chapter and the one after it: bytes for the next chapter, and Back between the two."""


async def wire_and_back(browser: Browser, lesson: H.Server, hello: H.Server, stock: H.Server) -> dict:
    """Bytes on a first visit and on the next chapter; Back in a browser that allows the cache."""
    urls = chapter_urls()
    a, b = (f"{lesson.url}{urls[c]}?learner=wire" for c in NEXT)
    out: dict = {"pages": list(NEXT)}
    out["lesson"] = await W.visit_bytes(browser, a, b)
    hello_url = hello.url + "/voila/render/hello.ipynb"
    out["hello"] = await W.visit_bytes(browser, hello_url, hello_url)
    stock_url = stock.url + "/voila/render/hello.ipynb"
    out["stock"] = await W.visit_bytes(browser, stock_url, stock_url)
    async with async_playwright() as pw:
        bf = await P.launch(pw, ignore_default_args=["--disable-back-forward-cache"])
        try:
            a, b = (f"{lesson.url}{urls[c]}?learner=back" for c in NEXT)
            out["back"] = await W.back_forward(bf, a, b, questions(NEXT[0])[0])
        finally:
            await bf.close()
    return out


async def latency_and_memory(browser: Browser, lesson: H.Server, cid: str, clicks: int) -> dict:
    """One learner: kernel RSS once the chapter is ready, then ``clicks`` Checks (wrong, right, ...)."""
    ctx = await P.new_context(browser)
    try:
        page = await ctx.new_page()
        before = {k.pid for k in lesson.kernels()}
        await P.open_ready(page, f"{lesson.url}{chapter_urls()[cid]}?learner=latency")
        mine = [k for k in lesson.kernels() if k.pid not in before]
        kernel_rss = H.rss(mine[0]) if len(mine) == 1 else 0
        times: list[float] = []
        qs = list(questions(cid))
        i = 0
        while len(times) < clicks:
            times += await P.answer_both(page, qs[i % len(qs)])
            i += 1
            if i % len(qs) == 0:  # every question answered: start again with a fresh learner
                await P.open_ready(page, f"{lesson.url}{chapter_urls()[cid]}?learner=latency-{i}")
        await P.leave(page)
        return {"times": times[:clicks], "kernel_rss": kernel_rss, "new_kernels": len(mine)}
    finally:
        await ctx.close()


PRESENTER_PAGES = ["anatomy", "causes", "treatment", "final"]


async def presenter(settle_s: float = 25.0, pause_s: float = 8.0, reps: int = 2) -> dict[str, list[float]]:
    """A teacher presenting: chapters opened one at a time with a pause between them, on a
    plain server and on one with a preheated kernel per page (``--preheat 1``).

    The pause lets Voila refill its pool, which back-to-back loads (section 1) never do.
    """
    urls = chapter_urls()
    out: dict[str, list[float]] = {}
    async with async_playwright() as pw:
        browser = await P.launch(pw)
        for label, extra in (("plain", []), ("preheat 1", ["--preheat", "1"])):
            server = H.Server(args=extra).start()
            try:
                await asyncio.sleep(settle_s)  # the pools fill (or the machine settles) before the class
                times = out.setdefault(label, [])
                for rep in range(reps):
                    for cid in PRESENTER_PAGES:
                        url = f"{server.url}{urls[cid]}?learner=p{rep}"
                        times.append((await P.time_to_ready(browser, url))["ready"])
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
    stock = H.StockServer(root=hello_dir).start()
    results: dict = {"machine": H.machine(), "date": dt.date.today().isoformat(), "reps": args.reps,
                     "preheat": args.preheat, "load_note": args.load_note, "load_before": os.getloadavg()}
    try:
        async with async_playwright() as pw:
            browser = await P.launch(pw)
            print(f"start time: {args.reps} repetitions of hello + {len(ids)} chapters", flush=True)
            results["start"] = await start_times(browser, lesson, hello, stock, args.reps, ids)
            results["start_order"] = ["hello", "stock", *ids]
            if args.link_reps:
                print(f"on a 10 Mbit/s link: {args.link_reps} repetitions of stock Voila + "
                      f"{len(ids)} chapters", flush=True)
                results["link"] = await link_times(browser, lesson, stock, args.link_reps, ids)
            results["leftover_kernels"] = len(lesson.kernels()) + len(hello.kernels())
            heavy = args.crowd_chapter or max(ids, key=lambda i: H.median(results["start"][i]["ready"]))
            results["heaviest"] = heavy
            print("bytes on a first visit and on the next chapter; Back", flush=True)
            results["wire"] = await wire_and_back(browser, lesson, hello, stock)
            if args.lighthouse_runs:
                reason = LH.available()
                if reason:
                    raise SystemExit(reason)
                print(f"lighthouse {LH.VERSION}: {args.lighthouse_runs} runs of each page", flush=True)
                results["lighthouse"] = await lighthouse(lesson, stock, args.lighthouse_runs)
            if not args.speed_only:
                print(f"check latency and kernel memory on {args.latency_chapter}", flush=True)
                results["latency"] = await latency_and_memory(browser, lesson, args.latency_chapter,
                                                              args.clicks)
                results["latency"]["chapter"] = args.latency_chapter
                results["baseline_rss"] = H.baseline_kernel_rss()
                print(f"{args.crowd} learners at once on {heavy}", flush=True)
                page_limit = P.PAGE_TIMEOUT_MS / 1000
                results["crowd"] = await C.run_crowd(browser, lesson, heavy, args.crowd, page_limit,
                                                     args.crowd_timeout, label="crowd")
                print(f"{args.crowd} hello pages at once (the floor)", flush=True)
                results["crowd_hello"] = await C.run_crowd(browser, hello, None, args.crowd, page_limit,
                                                           args.crowd_timeout)
            await browser.close()
    finally:
        lesson.stop()
        hello.stop()
        stock.stop()
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
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page (0: none)")
    parser.add_argument("--link-reps", type=int, default=3,
                        help="loads of each page on a 10 Mbit/s link (0: none)")
    parser.add_argument("--speed-only", action="store_true",
                        help="only page loads, Lighthouse, bytes and Back (no latency, memory or crowd)")
    parser.add_argument("--load-note", default="",
                        help="how loaded the machine was, printed with the figures (e.g. 'other test runs')")
    return H.run_cli(parser, argv, main_async, render, "lesson-bench-last.json", write_readme)


if __name__ == "__main__":
    raise SystemExit(main())
