"""Command line: ``python -m lesson check|progress|app|notebooks|charts|export|report``.

``check`` must never show a Python traceback for bad content: authors read its output,
so every failure becomes a ``path:line: message`` line and an exit status. The other
subcommands live in other parts of the package and are imported only when asked for.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from lesson.app.capacity import add_options as capacity_options

EXIT_OK, EXIT_PROBLEMS, EXIT_NOT_A_CLONE = 0, 1, 2
# The supported install is editable, from a clone (`pip install -e .`, as make, Binder and the
# JupyterHub recipes do): the app serves notebooks/ and assets/, which sit beside the package.
NOT_A_CLONE = ("lesson: {missing} not found: the app serves the notebooks/ and assets/ folders of a "
               "clone of the lesson. Install it from a clone with `pip install -e .` (a wheel holds the "
               "package only).")


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


def _progress(args: argparse.Namespace) -> int:
    from lesson.progress.export import run

    return int(run(args.export, args.learner, args.all, args.output))


def _app(args: argparse.Namespace) -> int:
    from lesson import paths
    from lesson.app.capacity import apply_options
    from lesson.app.launch import run

    folders = [paths.assets_dir()] + ([] if args.root else [paths.notebooks_dir()])
    missing = [str(folder) for folder in folders if not folder.is_dir()]
    if missing:
        print(NOT_A_CLONE.format(missing=" and ".join(missing)), file=sys.stderr)
        return EXIT_NOT_A_CLONE
    apply_options(args)  # --max-kernels / --max-starting, read by the launcher from the environment
    root = Path(args.root) if args.root else None
    return int(run(args.host, args.port, not args.no_browser, root=root, preheat=args.preheat,
                   allow=args.allow_host))


def _export(args: argparse.Namespace) -> int:
    from lesson.lms.run import run

    return int(run(args.format, args.quiz, args.out))


def _notebooks(args: argparse.Namespace) -> int:
    from lesson.execute import run

    return run(args.notebooks, args.cite_only)


def _charts(args: argparse.Namespace) -> int:
    from lesson.charts.prerendered import main as build

    return build()


def _report(args: argparse.Namespace) -> int:
    from lesson.teacher.cli import run

    return run(args.files, args.html, args.csv, args.learners_csv, args.which)


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
    app.add_argument("--root", help="serve this folder of notebooks instead of the lesson's own")
    app.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                     help="a name learners reach the server by (repeatable; also $LESSON_ALLOW_HOSTS)")
    capacity_options(app)
    app.set_defaults(func=_app)
    notebooks = sub.add_parser("notebooks", help="run every notebook and store its outputs (make notebooks)")
    notebooks.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: all)")
    notebooks.add_argument("--cite-only", action="store_true",
                           help="only rewrite citation keys as numbered links; do not run the notebooks")
    notebooks.set_defaults(func=_notebooks)
    charts = sub.add_parser("charts", help="draw every chart and diagram image once (make charts)")
    charts.set_defaults(func=_charts)
    export = sub.add_parser("export", help="write the quiz questions for an LMS (Moodle, Canvas, QTI)")
    export.add_argument("--format", required=True, choices=("moodle-xml", "gift", "qti21", "canvas-qti"),
                        help="moodle-xml or gift (Moodle), qti21 (IMS QTI 2.1), canvas-qti (Canvas QTI 1.2)")
    export.add_argument("--quiz", nargs="+", action="extend", metavar="ID",
                        help="quiz id(s) to export (default: every quiz)")
    export.add_argument("--out", required=True, metavar="DIR", help="folder to write into (made if missing)")
    export.set_defaults(func=_export)
    report = sub.add_parser("report", help="class results for a teacher: self-contained HTML and CSV")
    report.add_argument("files", nargs="*", metavar="EXPORT",
                        help="learners' `progress --export` files to merge (default: this server's database)")
    report.add_argument("--html", metavar="FILE", help="write the self-contained HTML report here")
    report.add_argument("--csv", metavar="FILE", help="write the item analysis (one row per question) here")
    report.add_argument("--learners-csv", metavar="FILE", help="write progress per learner and chapter here")
    report.add_argument("--which", choices=("first", "last"), default="first",
                        help="item analysis over first (default) or latest answers")
    report.set_defaults(func=_report)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand and return its exit status."""
    args = parser().parse_args(argv)
    return int(args.func(args))
