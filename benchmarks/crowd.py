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
Check -> feedback is given for all Checks (the target), and apart for the first Checks (made
while other pages were still starting) and for one more Check each once every learner had
loaded; where each learner's time went (waiting for room, page built, front end) is shown too
(``crowds.py``, shared with section 4 of ``make bench``).

Everything is on 127.0.0.1; every wait is bounded (``--page-timeout`` per learner, and the crowd
as a whole by the same). ``--readme`` writes the tables into benchmarks/README.md between
``<!-- class:start -->`` and ``<!-- class:end -->``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from pathlib import Path

from playwright.async_api import async_playwright

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import crowds as C  # noqa: E402
import harness as H  # noqa: E402
import pages as P  # noqa: E402

from lesson.app import capacity  # noqa: E402

MB = 2**20
TARGET_P95_MS = 500.0
START, END = "<!-- class:start -->", "<!-- class:end -->"


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
            browser = await P.launch(pw)
            await P.time_to_ready(browser, lesson.url + C.chapter_path(args.chapter) + "?learner=warm")
            await P.time_to_ready(browser, hello.url + "/voila/render/hello.ipynb")  # warm-ups
            print(f"{args.size} learners at once on {args.chapter}", flush=True)
            load = {"start": os.getloadavg()[0]}
            results["lesson"] = await C.run_crowd(browser, lesson, args.chapter, args.size, args.page_timeout)
            load["lesson"] = os.getloadavg()[0]
            print(f"{args.size} hello pages at once (the floor)", flush=True)
            results["hello"] = await C.run_crowd(browser, hello, None, args.size, args.page_timeout)
            await browser.close()
        results["load"] = {**load, "end": os.getloadavg()[0]}
        results["limits"] = {"lesson": limits_line(lesson.log()), "hello": limits_line(hello.log())}
    finally:
        lesson.stop()
        hello.stop()
    return results


def limits_line(log: str) -> str:
    found = re.search(r"lesson: (at most .*)", log)
    return found.group(1).strip() if found else "not logged"


def all_checks(run: dict) -> list[float]:
    """Every Check -> feedback time of a crowd: the first Checks and those once all had loaded."""
    return run["times"] + run.get("times_after", [])


def render(r: dict) -> str:
    m, c, h = r["machine"], r["lesson"], r["hello"]
    how = "no limits (as before lesson.app.capacity)" if r["uncapped"] else \
        "the launcher's default limits" if not r["env"] else f"limits {r['env']}"
    load = r.get("load", {})
    lines = [
        f"Measured {r['date']} on {m['cpus']} CPUs ({m['cpu']}), {m['ram']} RAM, {m['os']}; Python "
        f"{m['python']}, Voila {m['voila']}, one headless Chromium ({m['chromium']}) holding all "
        f"{r['size']} learners on the same machine. Server: {how} ({r['limits'].get('lesson', '')})."
        + (f" Load average (1 min) at the start / after the lesson crowd / at the end: "
           f"{load['start']:.1f} / {load['lesson']:.1f} / {load['end']:.1f}." if load else ""),
        "",
        "| pages | working quiz | broken pages | saw the busy page | p50 / p95 Check -> feedback ms, all | "
        "target | ... while the class loaded | ... once all had loaded | last learner working s | "
        "server + kernels MiB, all open (peak) | CPU s server / Chromium |",
        "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for label, run, is_lesson in ((f"{r['chapter']}, each answering a question", c, True),
                                  ("hello world (floor), opened only", h, False)):
        last = max(run["ready_s"], default=float("nan"))
        met = run["complete"] == run["size"] and not run["broken"] and \
            (not is_lesson or H.p95(all_checks(run)) < TARGET_P95_MS)
        target = ("met" if met else "**not met**") + " (all working, p95 < 500 ms)" if is_lesson else ""
        checks = [C.feedback(xs) if is_lesson else ""
                  for xs in (all_checks(run), run["times"], run.get("times_after", []))]
        lines.append(
            f"| {label} | {run['complete']}/{run['size']} | {run['broken']} | {run['saw_busy']} "
            f"({run['busy_loads']} busy loads, at most {run['max_busy_loads']} for one learner) | "
            f"{checks[0]} | {target} | {checks[1]} | {checks[2]} | "
            f"{last:.1f} | {run['total_rss'] / MB:.0f} ({run['kernels']} kernels) "
            f"({run['peak_rss'] / MB:.0f}) | {run['cpu_server_s']:.0f} / {run['cpu_browser_s']:.0f} |")
    lines += ["", "Check -> feedback: \"while the class loaded\" is each learner's first Check, made as soon "
                  "as its own page worked while other pages were still being started; \"once all had "
                  f"loaded\" is one more Check each, on another question, at random moments within "
                  f"{C.SPREAD_S:g} s after the last learner's page worked (or gave up) "
                  f"({c.get('no_feedback_after', 0)} without feedback)."]
    lines += ["", "Where the working learners' time went (median / max s): "
                  f"lesson: {C.phases(c)}; hello: {C.phases(h)}."]
    lines += ["", "Kernels the servers gave back because their page never connected / went away: "
                  f"lesson {c['reclaimed_never']} / {c['reclaimed_gone']}, "
                  f"hello {h['reclaimed_never']} / {h['reclaimed_gone']}."]
    cap = re.search(r"at most (\d+) kernels", r["limits"].get("lesson", ""))
    if cap and int(cap.group(1)) < r["size"]:
        lines += ["", f"**The kernel cap ({cap.group(1)}) is below the class ({r['size']})**: learners keep "
                      "their pages open, so the rest wait on the busy page until the crowd's time ends."]
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
    H.write_between(path, text, START, END, "A class at once (`make bench-class`)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=50, help="learners at once (default 50)")
    parser.add_argument("--chapter", default="treatment", help="chapter they open (default: the heaviest)")
    parser.add_argument("--page-timeout", type=float, default=1200.0,
                        help="seconds each learner waits for a working page (the crowd as a whole: 120 s "
                             "more). The one browser holding the class needs about 14 CPU s per lesson "
                             "learner, so 50 need about 8 minutes of both CPUs of an idle 2-CPU machine")
    parser.add_argument("--max-kernels", type=int, help="the servers' kernel cap (default: theirs)")
    parser.add_argument("--max-starting", type=int, help="pages built at once (default: theirs)")
    parser.add_argument("--uncapped", action="store_true", help="no limits, as before lesson.app.capacity")
    return H.run_cli(parser, argv, main_async, render, "lesson-bench-class-last.json", write_readme)


if __name__ == "__main__":
    raise SystemExit(main())
