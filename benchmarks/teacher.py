"""The teacher page for a large class vs a chapter page, in the same run (issue 14).

Makes a made-up class of ``--learners`` (default 200) who answered every question of every quiz
(``benchmarks/class_sample.py``), serves the lesson with the real launcher pointed at it
(``LESSON_TEACHER_DB``), and in headless Chromium loads, alternately, the teacher page (until its
class figures are on screen) and a chapter page (until its first quiz Check can be used).
Prints the medians and their ratio (target: the teacher page takes at most 2x the chapter page),
plus the in-process time to read the database and build the report.

``python benchmarks/teacher.py [--learners 200] [--reps 3] [--chapter 04_treatment.ipynb]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "browser"))
sys.path.insert(0, str(HERE))

from lesson_server import QUIZ_READY, LessonServer  # noqa: E402
from pages import CHROMIUM_ARGS  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

KEY = "benchmark-teacher-key-0123456789"
TEACHER_READY = ".lesson-teacher .t-started"
TARGET = 2.0


def build_time(db: Path) -> tuple[float, int]:
    """Seconds to read the database and build the page's HTML in this process; rows read."""
    from lesson.teacher.data import load_class
    from lesson.teacher.report import body_html

    start = time.perf_counter()
    report = load_class(db=db)
    body_html(report)
    return time.perf_counter() - start, report.attempts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--chapter", default="04_treatment.ipynb", help="the chapter page to compare with")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)

    from class_sample import write_class  # benchmarks/ is on the path when run as a script

    tmp = Path(tempfile.mkdtemp(prefix="lesson-bench-teacher-"))
    db = tmp / "class.sqlite3"
    rows = write_class(db, args.learners)
    seconds, read = build_time(db)
    print(f"class: {args.learners} learners, {rows} attempts; read + build in this process: {seconds:.2f} s")

    srv = LessonServer(env_extra={"LESSON_TEACHER_KEY": KEY, "LESSON_TEACHER_DB": str(db)}).start()
    pages = {
        "teacher": (f"/voila/render/teacher.ipynb?key={KEY}", TEACHER_READY),
        "chapter": (f"/voila/render/{args.chapter}", QUIZ_READY),
    }
    times: dict[str, list[float]] = {k: [] for k in pages}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS, headless=True)
            for rep in range(args.reps + 1):  # the first round warms caches and is not counted
                for name in ["teacher", "chapter"] if rep % 2 else ["chapter", "teacher"]:
                    path, ready = pages[name]
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    page.set_default_timeout(300_000)
                    start = time.perf_counter()
                    page.goto(srv.url + path)
                    page.wait_for_selector(ready)
                    took = time.perf_counter() - start
                    context.close()
                    if rep:
                        times[name].append(took)
            browser.close()
    finally:
        srv.stop()
    teacher, chapter = statistics.median(times["teacher"]), statistics.median(times["chapter"])
    ratio = teacher / chapter
    print()
    print("| page | median s | runs (s) |")
    print("|---|---|---|")
    for name, value in (("teacher page", teacher), (f"chapter page ({args.chapter})", chapter)):
        key = "teacher" if name.startswith("teacher") else "chapter"
        print(f"| {name} | {value:.2f} | {', '.join(f'{t:.2f}' for t in times[key])} |")
    verdict = "meets" if ratio <= TARGET else "misses"
    print(f"\nratio teacher / chapter: {ratio:.2f} ({verdict} the target of <= {TARGET:g}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
