"""Command line: ``python -m lesson check|progress|app|export``.

``check`` must never show a Python traceback for bad content: authors read its output,
so every failure becomes a ``path:line: message`` line and an exit status. The other
subcommands live in other parts of the package and are imported only when asked for.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from lesson.app.capacity import add_options as capacity_options

EXIT_OK, EXIT_PROBLEMS, EXIT_UNAVAILABLE = 0, 1, 2


def _check(args: argparse.Namespace) -> int:
    content = Path(args.content_dir) if args.content_dir else None
    notebooks = Path(args.notebooks) if args.notebooks else None
    try:
        from lesson.content_model.check import run_check

        report = run_check(content, notebooks)
    except Exception as exc:  # bad content must never surface as a traceback
        where = content or Path("lesson/content")
        print(f"{where.as_posix()}:1: could not read: {type(exc).__name__}: {exc}")
        return EXIT_PROBLEMS
    for problem in report.problems:
        print(problem)
    if report.problems:
        print(f"lesson check: {len(report.problems)} problem(s)", file=sys.stderr)
        return EXIT_PROBLEMS
    print(report.summary())
    return EXIT_OK


def _lazy(module: str, *names: str) -> Callable[..., Any] | None:
    """``module.run`` if that part of the lesson exists yet, else None (with a message)."""
    try:
        found = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and (module == exc.name or module.startswith(exc.name + ".")):
            print(f"lesson: this command is not available yet ({module} is not installed).", file=sys.stderr)
            return None
        raise
    return getattr(found, names[0] if names else "run")


def _progress(args: argparse.Namespace) -> int:
    run = _lazy("lesson.progress.export")
    if run is None:
        return EXIT_UNAVAILABLE
    return int(run(args.export, args.learner, args.all, args.output))


def _app(args: argparse.Namespace) -> int:
    run = _lazy("lesson.app.launch")
    if run is None:
        return EXIT_UNAVAILABLE
    from lesson.app.capacity import apply_options

    apply_options(args)  # --max-kernels / --max-starting, read by the launcher from the environment
    return int(run(args.host, args.port, not args.no_browser, preheat=args.preheat))


def _export(args: argparse.Namespace) -> int:
    run = _lazy("lesson.lms.run")
    if run is None:
        return EXIT_UNAVAILABLE
    return int(run(args.format, args.quiz, args.out))


def parser() -> argparse.ArgumentParser:
    """The argument parser (exposed so tests and docs can read the usage)."""
    top = argparse.ArgumentParser(prog="python -m lesson", description="The back-spasm lesson's tools.")
    sub = top.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate every content file; print path:line: message per problem")
    check.add_argument("content_dir", nargs="?", help="content directory (default: the lesson's own)")
    check.add_argument("--notebooks", help="notebooks directory (default: beside the content directory)")
    check.set_defaults(func=_check)
    progress = sub.add_parser("progress", help="export recorded quiz attempts")
    progress.add_argument("--export", choices=("csv", "json"), required=True, help="output format")
    who = progress.add_mutually_exclusive_group()
    who.add_argument("--learner", help="one learner's attempts (default: the current learner)")
    who.add_argument("--all", action="store_true", help="every learner's attempts")
    progress.add_argument("--output", help="file to write (default: standard output)")
    progress.set_defaults(func=_progress)
    app = sub.add_parser("app", help="serve the lesson with Voila")
    app.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    app.add_argument("--port", type=int, default=8866, help="port (default: 8866)")
    app.add_argument("--no-browser", action="store_true", help="do not open a browser")
    app.add_argument("--preheat", type=int, default=0, metavar="N", help="N kernels per page, started early")
    capacity_options(app)
    app.set_defaults(func=_app)
    export = sub.add_parser("export", help="write the quiz questions for an LMS (Moodle, Canvas, QTI)")
    export.add_argument("--format", required=True, choices=("moodle-xml", "gift", "qti21", "canvas-qti"),
                        help="moodle-xml or gift (Moodle), qti21 (IMS QTI 2.1), canvas-qti (Canvas QTI 1.2)")
    export.add_argument("--quiz", nargs="+", action="extend", metavar="ID",
                        help="quiz id(s) to export (default: every quiz)")
    export.add_argument("--out", required=True, metavar="DIR", help="folder to write into (made if missing)")
    export.set_defaults(func=_export)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand and return its exit status."""
    args = parser().parse_args(argv)
    return int(args.func(args))
