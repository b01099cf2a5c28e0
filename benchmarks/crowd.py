"""``make bench-class``: a whole class opening a chapter at the same moment, on one server.

50 learners (``--size``) open the same chapter at once, each in its own browser context of one
headless Chromium on this machine, against ``make app``'s launcher with its default limits
(``lesson.app.capacity``: a kernel cap and a cap on pages built at once; ``--max-kernels`` /
``--max-starting`` override them, ``--uncapped`` lifts both, as before the limits existed).
A learner over a limit gets the busy page, which reloads itself until there is room.

Goal: every learner ends with a working quiz (directly or after the busy page), none sees a
broken page (a page without its quiz, an error or a traceback), and once loaded each answers
one question with Check -> feedback p95 < 500 ms. Reported: when the last learner had a working
page, how many saw the busy page, the memory of the server and its kernels (all pages open, and
the peak), and the same crowd of the one-cell hello page on the same launcher as the floor.

Everything is on 127.0.0.1; every wait is bounded (``--page-timeout`` per learner, and the crowd
as a whole by the same). ``--readme`` writes the tables into benchmarks/README.md between
``<!-- class:start -->`` and ``<!-- class:end -->``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

import psutil
from playwright.async_api import Browser, async_playwright

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import harness as H  # noqa: E402
import pages as P  # noqa: E402

from lesson.app import capacity  # noqa: E402
from lesson.quiz.bank import chapters, questions  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
MB = 2**20
TARGET_P95_MS = 500.0
START, END = "<!-- class:start -->", "<!-- class:end -->"
BROKEN_PROBE = """() => {
  const spin = document.querySelector('#loading');
  const rendered = document.querySelector('#rendered_cells');
  const done = rendered && (!spin || getComputedStyle(spin).display === 'none');
  const text = document.body ? document.body.innerText : '';
  return {done: !!done, quiz: !!document.querySelector('.lesson-quiz'),
          busy: !!document.querySelector('.lesson-busy'),
          lost: !!document.querySelector('.lesson-connection-lost'),
          widgets: document.querySelectorAll('.jupyter-widgets').length,
          outputs: document.querySelectorAll('.jp-OutputArea-output').length,
          error: /Traceback|There was an error/.test(text) ||
                 !!document.querySelector(".jp-OutputArea-output[data-mime-type*='error']")};
}"""


def chapter_path(cid: str) -> str:
    return "/voila/render/" + next(c.notebook for c in chapters() if c.id == cid)


async def learner(browser: Browser, url: str, q: Any | None, limit_s: float) -> dict:
    """One learner: open ``url``, wait (through busy pages) for the quiz, answer ``q`` right."""
    t0 = time.monotonic()
    ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(limit_s * 1000)
    statuses: list[int] = []
    out: dict[str, Any] = {"ok": False, "ms": -1.0, "busy_loads": 0, "broken": False}
    try:
        page = await ctx.new_page()
        page.on("response", lambda r: statuses.append(r.status)
                if r.request.is_navigation_request() and r.frame == page.main_frame else None)
        await page.goto(url, wait_until="commit")
        try:
            await page.wait_for_selector(P.READY, state="visible", timeout=limit_s * 1000)
        except Exception as exc:
            state = await _state(page)
            out["broken"] = bool(state.get("done") and not state.get("busy") and not state.get("quiz"))
            busy = sum(1 for s in statuses if s == 503)
            raise RuntimeError(f"no working quiz in {limit_s:.0f} s after {busy} busy page(s) "
                               f"({state})") from exc
        out["ready_s"] = time.monotonic() - t0
        state = await _state(page)
        out["broken"] = bool(state.get("error"))
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
    out["busy_loads"] = sum(1 for s in statuses if s == 503)
    out["other_status"] = sorted({s for s in statuses if s not in (200, 503)})
    return out


async def _state(page: Any) -> dict:
    try:
        return dict(await page.evaluate(BROKEN_PROBE))
    except Exception:  # navigating at that instant
        return {}


async def class_crowd(browser: Browser, server: H.Server, cid: str | None, size: int, limit_s: float) -> dict:
    """``size`` learners at once on chapter ``cid`` (None: the hello page, opened only)."""
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
    if cid is None:
        jobs = [(f"{server.url}/voila/render/hello.ipynb", None) for _ in range(size)]
    else:
        qs, url = questions(cid), server.url + chapter_path(cid)
        jobs = [(f"{url}?learner=class-{n}", qs[n % len(qs)]) for n in range(size)]
    tasks = [asyncio.create_task(learner(browser, u, q, limit_s)) for u, q in jobs]
    finished: set = set()
    deadline = t0 + limit_s + 120
    while len(finished) < len(tasks) and time.monotonic() < deadline:
        finished, _ = await asyncio.wait(tasks, timeout=30)
        ready = sum(1 for t in finished if not t.cancelled() and t.exception() is None and t.result()["ok"])
        print(f"  {time.monotonic() - t0:5.0f} s: {ready}/{size} working, {len(finished)} done, "
              f"{len(server.kernels())} kernels", flush=True)
    pending = [t for t in tasks if t not in finished]
    for t in pending:
        t.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    wall = time.monotonic() - t0
    results = [t.result() for t in finished if not t.cancelled() and t.exception() is None]
    open_total, kernels = server.total_rss(), len(server.kernels())
    cpu_server = H.tree_cpu(server_proc) - cpu0[0]
    cpu_browser = H.tree_cpu(me, "chrom") - cpu0[1]
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
        "ready_s": [r["ready_s"] for r in ok], "wall_s": wall, "total_rss": open_total, "peak_rss": peak,
        "kernels": kernels, "broken": sum(1 for r in results if r["broken"]) + len(pending),
        "saw_busy": sum(1 for r in results if r["busy_loads"]),
        "busy_loads": sum(r["busy_loads"] for r in results),
        "max_busy_loads": max((r["busy_loads"] for r in results), default=0),
        "other_status": sorted({s for r in results for s in r["other_status"]}),
        "errors": [r["error"] for r in results if "error" in r] + ["cancelled"] * len(pending),
        "cpu_server_s": cpu_server, "cpu_browser_s": cpu_browser,
    }


def reclaimed(log: str) -> tuple[int, int]:
    """Kernels the server shut down so far: (page never connected, page went away)."""
    return log.count("its page never connected"), log.count("its page went away")


def server_env(args: argparse.Namespace) -> dict[str, str]:
    if args.uncapped:
        return {capacity.MAX_KERNELS_ENV: "100000", capacity.MAX_STARTING_ENV: "100000"}
    env = {}
    if args.max_kernels:
        env[capacity.MAX_KERNELS_ENV] = str(args.max_kernels)
    if args.max_starting:
        env[capacity.MAX_STARTING_ENV] = str(args.max_starting)
    return env


async def main_async(args: argparse.Namespace) -> dict:
    env = server_env(args)
    lesson = H.Server(env_extra=env).start()
    hello = H.Server(root=H.hello_root(), env_extra=env).start()
    results: dict = {"machine": H.machine(), "date": dt.date.today().isoformat(), "size": args.size,
                     "chapter": args.chapter, "uncapped": args.uncapped, "env": env, "limits": {}}
    try:
        async with async_playwright() as pw:
            chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
            browser = await pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
            await P.time_to_ready(browser, lesson.url + chapter_path(args.chapter) + "?learner=warm")
            await P.time_to_ready(browser, hello.url + "/voila/render/hello.ipynb")  # warm-ups
            print(f"{args.size} learners at once on {args.chapter}", flush=True)
            results["lesson"] = await class_crowd(browser, lesson, args.chapter, args.size, args.page_timeout)
            print(f"{args.size} hello pages at once (the floor)", flush=True)
            results["hello"] = await class_crowd(browser, hello, None, args.size, args.page_timeout)
            await browser.close()
        results["limits"] = {"lesson": limits_line(lesson.log()), "hello": limits_line(hello.log())}
    finally:
        lesson.stop()
        hello.stop()
    return results


def limits_line(log: str) -> str:
    found = re.search(r"lesson: (at most .*)", log)
    return found.group(1).strip() if found else "not logged"


def render(r: dict) -> str:
    m, c, h = r["machine"], r["lesson"], r["hello"]
    how = "no limits (as before lesson.app.capacity)" if r["uncapped"] else \
        "the launcher's default limits" if not r["env"] else f"limits {r['env']}"
    lines = [
        f"Measured {r['date']} on {m['cpus']} CPUs ({m['cpu']}), {m['ram']} RAM, {m['os']}; Python "
        f"{m['python']}, Voila {m['voila']}, one headless Chromium ({m['chromium']}) holding all "
        f"{r['size']} learners on the same machine. Server: {how} ({r['limits'].get('lesson', '')}).",
        "",
        "| pages | working quiz | broken pages | saw the busy page | p50 / p95 Check -> feedback ms | "
        "target | last learner working s | server + kernels MiB, all open (peak) | CPU s server / Chromium |",
        "|---|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    for label, run, is_lesson in ((f"{r['chapter']}, each answering a question", c, True),
                                  ("hello world (floor), opened only", h, False)):
        last = max(run["ready_s"], default=float("nan"))
        feedback = f"{H.median(run['times']):.0f} / {H.p95(run['times']):.0f}" if is_lesson else ""
        met = run["complete"] == run["size"] and not run["broken"] and \
            (not is_lesson or H.p95(run["times"]) < TARGET_P95_MS)
        target = ("met" if met else "**not met**") + " (all working, p95 < 500 ms)" if is_lesson else ""
        lines.append(
            f"| {label} | {run['complete']}/{run['size']} | {run['broken']} | {run['saw_busy']} "
            f"({run['busy_loads']} busy loads, at most {run['max_busy_loads']} for one learner) | "
            f"{feedback} | "
            f"{target} | {last:.1f} | {run['total_rss'] / MB:.0f} ({run['kernels']} kernels) "
            f"({run['peak_rss'] / MB:.0f}) | {run['cpu_server_s']:.0f} / {run['cpu_browser_s']:.0f} |")
    lines += ["", "Kernels the servers gave back because their page never connected / went away: "
                  f"lesson {c['reclaimed_never']} / {c['reclaimed_gone']}, "
                  f"hello {h['reclaimed_never']} / {h['reclaimed_gone']}."]
    if c["ready_s"] and h["ready_s"]:
        lines += ["", f"Last lesson learner / last hello learner: "
                      f"{max(c['ready_s']) / max(h['ready_s']):.2f}x."]
    for label, run in (("lesson", c), ("hello", h)):
        if run["errors"] or run["other_status"]:
            lines += ["", f"{label}: {len(run['errors'])} learner(s) without a working page "
                          f"({'; '.join(sorted(set(e.splitlines()[0] for e in run['errors'])))}); "
                          f"other HTTP statuses: {run['other_status']}"]
    return "\n".join(lines) + "\n"


def write_readme(path: Path, text: str) -> None:
    old = path.read_text(encoding="utf-8")
    block = f"{START}\n{text}{END}"
    if START in old and END in old:
        new = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _m: block, old, flags=re.S)
    else:
        new = old.rstrip() + "\n\n## A class at once (`make bench-class`)\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=50, help="learners at once (default 50)")
    parser.add_argument("--chapter", default="treatment", help="chapter they open (default: the heaviest)")
    parser.add_argument("--page-timeout", type=float, default=900.0,
                        help="seconds each learner waits for a working page (and the crowd as a whole)")
    parser.add_argument("--max-kernels", type=int, help="the servers' kernel cap (default: theirs)")
    parser.add_argument("--max-starting", type=int, help="pages built at once (default: theirs)")
    parser.add_argument("--uncapped", action="store_true", help="no limits, as before lesson.app.capacity")
    parser.add_argument("--readme", action="store_true", help="write the table into benchmarks/README.md")
    args = parser.parse_args(argv)
    results = asyncio.run(main_async(args))
    readme = HERE / "README.md" if args.readme else None
    return H.publish(results, render(results), "lesson-bench-class-last.json", readme, write_readme)


if __name__ == "__main__":
    raise SystemExit(main())
