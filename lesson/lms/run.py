"""``python -m lesson export``: write the quizzes for an LMS and say what each format could not hold.

``export()`` does the work and returns a ``Report``; ``run()`` is the command: it prints the files
written and one line per question with a lossy conversion, and turns every bad input (unknown
quiz, a folder it cannot write, invalid content) into one line on stderr and exit status 1.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lesson.content_model import load
from lesson.content_model.problems import ContentError
from lesson.lms import canvas, gift, moodle, qti21
from lesson.lms.common import EVERY_QUESTION, ExportContext, Images, LessonImages, Note, QuizExport, counted
from lesson.lms.common import load_quiz as _load_quiz
from lesson.lms.common import quiz_ids as all_quiz_ids
from lesson.lms.text import TextRenderer

WRITERS = {"moodle-xml": moodle, "gift": gift, "qti21": qti21, "canvas-qti": canvas}
FORMATS: tuple[str, ...] = tuple(WRITERS)
FORMAT_NAMES = {
    "moodle-xml": "Moodle XML",
    "gift": "GIFT",
    "qti21": "QTI 2.1",
    "canvas-qti": "Canvas QTI 1.2",
}


class ExportError(Exception):
    """Bad input or an unwritable folder: the message is the one line the user sees."""


@dataclass
class Report:
    """What one export wrote and what its format could not hold."""

    format: str
    out_dir: Path
    exports: list[QuizExport]
    files: list[Path] = field(default_factory=list)

    @property
    def question_ids(self) -> list[str]:
        """Every question exported, once (a question drawn into another quiz counts once)."""
        return list(dict.fromkeys(qid for e in self.exports for qid in e.question_ids))

    @property
    def copies(self) -> int:
        return sum(len(e.question_ids) for e in self.exports)

    @property
    def notes(self) -> list[Note]:
        """Lossy conversions, once per question and text, in export order."""
        return list(dict.fromkeys(n for e in self.exports for n in e.notes))

    def note_lines(self) -> list[str]:
        """One line per affected question: ``<id>: <what was lost>; <what else>``."""
        by_question: dict[str, list[str]] = {}
        for n in self.notes:
            by_question.setdefault(n.question_id, []).append(n.text)
        return [f"{qid}: {'; '.join(texts)}" for qid, texts in by_question.items()]


def _ids(chosen: Sequence[str] | None, root: Path | str | None) -> list[str]:
    try:
        known = all_quiz_ids(root)
    except (ContentError, OSError) as exc:
        raise ExportError(f"could not list the quizzes: {_first_problem(exc)}") from exc
    if not chosen:
        return known
    unknown = [q for q in chosen if q not in known]
    if unknown:
        raise ExportError(f"unknown quiz {', '.join(repr(q) for q in unknown)} (known: {', '.join(known)})")
    return list(dict.fromkeys(chosen))


def _first_problem(exc: BaseException) -> str:
    if isinstance(exc, ContentError) and exc.problems:
        return f"{exc.problems[0]} (run python -m lesson check)"
    return str(exc) or type(exc).__name__


def _prepare(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise ExportError(f"cannot write to {out_dir}: it is a file, not a folder") from exc
    except OSError as exc:
        raise ExportError(f"cannot write to {out_dir}: {exc.strerror or exc}") from exc
    if not out_dir.is_dir():
        raise ExportError(f"cannot write to {out_dir}: it is not a folder")


def export(
    fmt: str,
    out_dir: Path | str,
    quiz_ids: Sequence[str] | None = None,
    root: Path | str | None = None,
    images: Images | None = None,
) -> Report:
    """Write ``fmt`` files for ``quiz_ids`` (default: every quiz) into ``out_dir``."""
    if fmt not in WRITERS:
        raise ExportError(f"unknown format {fmt!r} (choose from: {', '.join(FORMATS)})")
    out = Path(out_dir)
    ids = _ids(quiz_ids, root)
    try:
        quizzes = [_load_quiz(q, root) for q in ids]
        ctx = ExportContext(TextRenderer(load.references(root)), images or LessonImages())
    except (ContentError, OSError) as exc:
        raise ExportError(_first_problem(exc)) from exc
    exports = []
    for quiz in quizzes:
        try:
            exports.append(WRITERS[fmt].export_quiz(quiz, ctx))
        except (KeyError, ValueError, OSError, ContentError) as exc:
            raise ExportError(f"quiz {quiz.id!r} could not be exported: {_first_problem(exc)}") from exc
    _prepare(out)
    report = Report(fmt, out, exports)
    written: set[str] = set()
    for e in exports:
        for name, data in e.files:
            if name in written:
                continue
            path = out / name
            try:
                path.write_bytes(data)
            except OSError as exc:
                raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
            written.add(name)
            report.files.append(path)
    return report


def summary(report: Report) -> list[str]:
    """The lines ``run`` prints."""
    name = FORMAT_NAMES[report.format]
    unique = len(report.question_ids)
    again = report.copies - unique
    quizzes = counted(len(report.exports), "quiz", "quizzes")
    head = f"Exported {quizzes} with {counted(unique, 'question')} as {name} to {report.out_dir}"
    head += f" ({again} of them also in a quiz that draws them)." if again else "."
    lines = [head]
    per_quiz = {e.files[0][0]: len(e.question_ids) for e in report.exports}
    for path in sorted(report.files, key=lambda p: p.name not in per_quiz):
        extra = counted(per_quiz[path.name], "question") if path.name in per_quiz else "diagram"
        lines.append(f"  {path}  ({extra})")
    notes = report.note_lines()
    if notes:
        lines.append(f"Lossy conversions ({name} has no equivalent), one line per question:")
        lines += [f"  {line}" for line in notes]
    else:
        lines.append(f"No question-by-question losses: {name} holds every question type.")
    lines.append("For every question:")
    lines += [f"  {text}" for text in EVERY_QUESTION[report.format].values()]
    return lines


def run(fmt: str, quiz_ids: Sequence[str] | None, out_dir: str, root: Path | str | None = None) -> int:
    """The ``export`` command: 0 when every file was written, 1 (one line on stderr) otherwise."""
    try:
        report = export(fmt, out_dir, quiz_ids, root)
    except ExportError as exc:
        print(f"lesson export: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # never a traceback for a teacher running the command
        print(f"lesson export: failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    try:
        print("\n".join(summary(report)))
        sys.stdout.flush()
    except BrokenPipeError:  # `... | head`: the files are written; stop printing quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
