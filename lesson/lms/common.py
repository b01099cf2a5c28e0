"""What every export format shares: the quizzes to write, the notes on lossy mappings, images,
a small XML writer and reproducible zip files.

Writers get a ``Quiz`` (its bank with drawn questions resolved) and an ``ExportContext`` and
return a ``QuizExport``: the files to write (name -> bytes) and one ``Note`` per question whose
mapping loses something the format cannot hold. Nothing in here touches the output folder.
"""

from __future__ import annotations

import html
import io
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from xml.sax.saxutils import escape, quoteattr

from lesson.content_model import load
from lesson.content_model import questions as qm
from lesson.content_model.questions import VERDICT_LABELS, AnyQuestion
from lesson.lms.text import TextRenderer

LESSON_NAME = "Lower-back spasms"
"""The top question-bank category every quiz is filed under (Moodle) and the package title prefix."""

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""Every zip member carries this date, so the same questions always give the same bytes."""


@dataclass(frozen=True)
class Quiz:
    """One quiz as learners see it: its own questions, then those it draws from other chapters."""

    id: str
    title: str
    scored: bool
    questions: tuple[AnyQuestion, ...]
    drawn: int = 0


@dataclass(frozen=True)
class Note:
    """One lossy mapping for one question, in words a teacher can act on."""

    question_id: str
    text: str


@dataclass
class QuizExport:
    """A quiz's files (relative name -> bytes) and the notes on what its format could not hold."""

    quiz_id: str
    files: list[tuple[str, bytes]]
    question_ids: list[str]
    notes: list[Note] = field(default_factory=list)


class Images(Protocol):
    """The numbered diagram a labelling question shows: PNG bytes and its alt text."""

    def png(self, diagram_id: str) -> bytes: ...

    def alt(self, diagram_id: str) -> str: ...


class LessonImages:
    """The lesson's own numbered diagrams, drawn (or taken from the PNG cache) as the quiz shows them."""

    def png(self, diagram_id: str) -> bytes:
        from lesson.charts.diagram import stored_png

        return stored_png(diagram_id, numbered=True)

    def alt(self, diagram_id: str) -> str:
        from lesson.charts.diagram import diagram_alt

        return diagram_alt(diagram_id, numbered=True)


def image_name(diagram_id: str) -> str:
    """The file name a diagram gets in every export."""
    return f"{diagram_id}.png"


@dataclass
class ExportContext:
    """Shared by the writers of one run: text rendering and diagram images."""

    text: TextRenderer
    images: Images


Choice = tuple[str, str, bool, str]
"""One choice of a choice-type question: (identifier, HTML, right, feedback HTML)."""


def choices(
    q: AnyQuestion, ctx: ExportContext, option: Callable[[int], str], named: Callable[[str], str]
) -> list[Choice]:
    """The choices of a single, multiple, true/false or verdict question, in bank order.

    ``option(i)`` names the i-th (from 1) option of a single or multiple question; ``named(key)``
    names a true/false (``true``, ``false``) or verdict (``VERDICT_LABELS``) choice. Each format
    has its own identifier rules, so each passes its own pair.
    """
    return _CHOICES[q.type](q, ctx, option, named)


def _option_choices(q: Any, ctx: ExportContext, option: Callable[[int], str], _named: Any) -> list[Choice]:
    return [
        (option(i), ctx.text.inline(o.text), o.correct, ctx.text.block(o.feedback))
        for i, o in enumerate(q.options, start=1)
    ]


def _truefalse_choices(q: Any, ctx: ExportContext, _option: Any, named: Callable[[str], str]) -> list[Choice]:
    return [
        (named(key), label, value == q.answer, ctx.text.block(q.feedback[value]))
        for key, label, value in (("true", "True", True), ("false", "False", False))
    ]


def _verdict_choices(q: Any, ctx: ExportContext, _option: Any, named: Callable[[str], str]) -> list[Choice]:
    return [
        (named(key), html.escape(label), key == q.answer, ctx.text.block(q.feedback[key]))
        for key, label in VERDICT_LABELS.items()
    ]


_CHOICES: dict[str, Callable[..., list[Choice]]] = {
    "single": _option_choices,
    "multiple": _option_choices,
    "truefalse": _truefalse_choices,
    "verdict": _verdict_choices,
}
"""The choice types (``lesson.quiz.question_types``): how each lists its choices."""


def quiz_ids(root: Path | str | None = None) -> list[str]:
    """Ids of the banks on disk, in chapter order when there is a chapters.yaml, else by name."""
    folder = load.content_dir(root)
    if (folder / "chapters.yaml").exists():
        return load.bank_ids(root)
    return sorted(p.stem for p in (folder / "quizzes").glob("*.yaml"))


def load_quiz(quiz_id: str, root: Path | str | None = None) -> Quiz:
    """The quiz with ``draw`` resolved (raises ContentError for invalid content)."""
    own = load.raw_bank(quiz_id, root)
    full = load.bank(quiz_id, root) if own.draw else own
    return Quiz(
        quiz_id, own.title, own.scored, tuple(full.questions), len(full.questions) - len(own.questions)
    )


class XmlWriter:
    """Indented XML written line by line, so files read well in a diff and match LMS exports.

    ``leaf`` escapes text (or wraps it in CDATA, as Moodle's own export does for HTML);
    ``raw`` inserts an already well-formed fragment (XHTML in QTI item bodies) unindented.
    """

    def __init__(self, declaration: bool = True) -> None:
        self.lines: list[str] = ['<?xml version="1.0" encoding="UTF-8"?>'] if declaration else []
        self.depth = 0

    @staticmethod
    def _attrs(attrs: dict[str, str] | None) -> str:
        return "".join(f" {k}={quoteattr(str(v))}" for k, v in (attrs or {}).items())

    def _line(self, text: str) -> None:
        self.lines.append("  " * self.depth + text)

    def start(self, tag: str, attrs: dict[str, str] | None = None) -> None:
        self._line(f"<{tag}{self._attrs(attrs)}>")
        self.depth += 1

    def end(self, tag: str) -> None:
        self.depth -= 1
        self._line(f"</{tag}>")

    def empty(self, tag: str, attrs: dict[str, str] | None = None) -> None:
        self._line(f"<{tag}{self._attrs(attrs)}/>")

    def leaf(
        self, tag: str, text: str = "", attrs: dict[str, str] | None = None, cdata: bool = False
    ) -> None:
        self._line(f"<{tag}{self._attrs(attrs)}>{cdata_or_escape(text) if cdata else escape(text)}</{tag}>")

    def raw(self, tag: str, fragment: str, attrs: dict[str, str] | None = None) -> None:
        self._line(f"<{tag}{self._attrs(attrs)}>{fragment}</{tag}>")

    def comment(self, text: str) -> None:
        self._line(f"<!-- {text.replace('--', '- -')} -->")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def bytes(self) -> bytes:
        return self.text().encode("utf-8")


def cdata_or_escape(text: str) -> str:
    """Text as Moodle writes it: in CDATA when escaping would change it, else as it is."""
    if text and escape(text) != text:
        return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"
    return text


def deterministic_zip(members: Sequence[tuple[str, bytes]]) -> bytes:
    """A zip of ``members`` in the given order, with fixed dates and modes (reproducible bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zf.writestr(info, data)
    return buffer.getvalue()


def labelled_images(questions: Iterable[AnyQuestion]) -> list[str]:
    """Diagram ids the labelling questions use, each once, in question order."""
    return list(dict.fromkeys(q.image for q in questions if q.type == "labelling"))


def positions(n: int) -> list[str]:
    """Left-hand sides when an ordering question becomes matching: "Position 1" ... "Position n"."""
    return [f"Position {i}" for i in range(1, n + 1)]


def tags(question: AnyQuestion) -> list[str]:
    """Question-bank tags (Moodle XML and GIFT): objective, difficulty and, if any, the claim checked."""
    out = [f"objective-{question.objective}", f"difficulty-{question.difficulty}"]
    claim = getattr(question, "claim", None)
    if claim:
        out.append(f"claim-{claim}")
    return out


def fraction_percent(fraction: float) -> str:
    """A grade as Moodle writes it: percent with at most 5 decimals ("100", "50", "-33.33333")."""
    text = f"{round(fraction, 7) * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# Every way an export can lose something, by key (the keys are listed in docs/export.md; a test
# keeps the two in step). ``PER_QUESTION`` texts are printed once per affected question;
# ``EVERY_QUESTION`` texts once per run, for what no question of that format can keep.
PER_QUESTION: dict[str, str] = {
    "gift/hints": "{hints} left out: GIFT has no hints",
    "gift/ordering": "ordering becomes matching to Position 1..{n}: GIFT has no ordering question",
    "gift/verdict-order": "the four verdicts may be shuffled: GIFT cannot fix the order of the choices",
    "gift/unit": 'unit "{unit}" is shown in the question text but not checked: GIFT numerical questions '
    "have no units",
    "gift/image": "diagram {file} is written beside the file, not into it: upload it and relink the image "
    "after import",
    "qti21/unit": 'unit "{unit}" is shown after the answer box, but an answer typed with the unit is '
    "not accepted: the response is a plain number",
    "canvas-qti/hints": "{hints} left out: Canvas quizzes have no hints",
    "canvas-qti/ordering": "ordering becomes matching to Position 1..{n}, as Canvas itself does on import",
    "canvas-qti/verdict-order": 'the four verdicts are shuffled when the quiz\'s "Shuffle answers" is on: '
    "Canvas cannot fix the order for one question",
    "canvas-qti/unit": 'unit "{unit}" is shown in the question text but not checked: Canvas numerical '
    "questions have no units",
}

EVERY_QUESTION: dict[str, dict[str, str]] = {
    "moodle-xml": {
        "moodle-xml/tries": "the number of tries (max_tries) is not a question setting in Moodle: choose "
        'the quiz behaviour "Interactive with multiple tries" (tries = hints + 1)',
        "all/misconceptions": "misconception ids on wrong options are not exported: only the lesson's own "
        "progress export uses them",
    },
    "gift": {
        "gift/tries": "the number of tries (max_tries) is not a question setting in Moodle: choose the quiz "
        'behaviour "Interactive with multiple tries"',
        "all/misconceptions": "misconception ids on wrong options are not exported: only the lesson's own "
        "progress export uses them",
    },
    "qti21": {
        "qti21/tags": "objective, difficulty and claim are not carried: a QTI 2.1 item has no tags",
        "all/misconceptions": "misconception ids on wrong options are not exported: only the lesson's own "
        "progress export uses them",
    },
    "canvas-qti": {
        "canvas-qti/tries": "the number of tries (max_tries) becomes the quiz's allowed attempts, set in "
        "Canvas for the whole quiz",
        "canvas-qti/tags": "objective, difficulty and claim are not carried: Canvas questions have no tags",
        "all/misconceptions": "misconception ids on wrong options are not exported: only the lesson's own "
        "progress export uses them",
    },
}


def counted(n: int, word: str, plural: str = "") -> str:
    """ "1 hint", "2 hints" ("1 quiz", "2 quizzes" with ``plural``)."""
    return f"{n} {word}" if n == 1 else f"{n} {plural or word + 's'}"


ORDERING_STEM = "<p>Choose the item that goes in each position, 1 first.</p>"
"""Added to an ordering question's text where it becomes matching to positions (GIFT, Canvas)."""


def note(question_id: str, key: str, **values: object) -> Note:
    """A ``Note`` from a ``PER_QUESTION`` text."""
    return Note(question_id, PER_QUESTION[key].format(**values))


def image_html(ctx: ExportContext, diagram_id: str, src_prefix: str = "", styled: bool = True) -> str:
    """The numbered diagram as an HTML paragraph, its file named ``src_prefix`` + ``image_name``."""
    alt = html.escape(ctx.images.alt(diagram_id), quote=True)
    style = ' style="max-width:100%;height:auto"' if styled else ""
    return f'<p><img src="{src_prefix}{image_name(diagram_id)}" alt="{alt}"{style} /></p>'


def _unit_line(q: qm.NumericQuestion, ctx: ExportContext, **_image: object) -> str:
    unit = q.unit.strip()
    return f"<p>Give your answer in {html.escape(unit, quote=False)}.</p>" if unit else ""


def _image_line(q: qm.LabellingQuestion, ctx: ExportContext, **image: Any) -> str:
    return image_html(ctx, q.image, **image)


_STEM_EXTRA: dict[str, Callable[..., str]] = {
    "numeric": _unit_line,
    "ordering": lambda _q, _ctx, **_image: ORDERING_STEM,
    "labelling": _image_line,
}
"""What a format with no units, no ordering question and no embedded image says in the question
text instead, by question type (the types not named need nothing)."""


def stem_html(q: qm.AnyQuestion, ctx: ExportContext, src_prefix: str = "", styled: bool = True) -> str:
    """The prompt as HTML plus the unit, ordering instruction or diagram the format keeps in words."""
    extra = _STEM_EXTRA.get(q.type)
    return ctx.text.block(q.prompt) + (extra(q, ctx, src_prefix=src_prefix, styled=styled) if extra else "")


_NOTE_VALUES: dict[str, Callable[[Any], dict[str, object] | None]] = {
    "ordering": lambda q: {"n": len(q.items)},
    "verdict": lambda q: {},
    "numeric": lambda q: {"unit": q.unit.strip()} if q.unit.strip() else None,
    "labelling": lambda q: {"file": image_name(q.image)},
}
"""The values a type's ``PER_QUESTION`` text is filled with (``None``: this question loses nothing)."""


def notes_for(q: qm.AnyQuestion, fmt: str, lossy: Mapping[str, str]) -> list[Note]:
    """What format ``fmt`` cannot hold of ``q``: its type's lossy mapping, if ``lossy`` (question type
    -> ``PER_QUESTION`` key) names one, then the hints if the format has none (``<fmt>/hints``)."""
    out = []
    key = lossy.get(q.type)
    values = _NOTE_VALUES[q.type](q) if key else None
    if key and values is not None:
        out.append(note(q.id, key, **values))
    if q.hints and f"{fmt}/hints" in PER_QUESTION:
        out.append(note(q.id, f"{fmt}/hints", hints=counted(len(q.hints), "hint")))
    return out


def quiz_notes(quiz: Quiz, fmt: str, lossy: Mapping[str, str]) -> list[Note]:
    """``notes_for`` every question of the quiz, in order."""
    return [n for q in quiz.questions for n in notes_for(q, fmt, lossy)]


def zipped_export(
    quiz: Quiz, fmt: str, extension: str, members: Sequence[tuple[str, bytes]], lossy: Mapping[str, str]
) -> QuizExport:
    """A quiz written as one reproducible zip (``<quiz id><extension>``), with its questions' notes."""
    files = [(quiz.id + extension, deterministic_zip(members))]
    return QuizExport(quiz.id, files, [q.id for q in quiz.questions], quiz_notes(quiz, fmt, lossy))


def image_resources(w: XmlWriter, questions: Iterable[AnyQuestion], folder: str,
                    identifier: Callable[[str], str] = str) -> None:
    """A content package's ``webcontent`` resource for each diagram the labelling questions show."""
    for diagram in labelled_images(questions):
        href = f"{folder}{image_name(diagram)}"
        attrs = {"identifier": identifier(f"image-{diagram}"), "type": "webcontent", "href": href}
        w.start("resource", attrs)
        w.empty("file", {"href": href})
        w.end("resource")
