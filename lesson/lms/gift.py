"""GIFT: Moodle's plain-text question format, one ``.gift.txt`` file per quiz.

Every text is HTML (``[html]``) with GIFT's control characters escaped (``\\ ~ = # { } :``) and
newlines written as ``\\n``, as Moodle's own GIFT export does; ``gift-pegjs`` (stricter than
Moodle about ``=`` and ``:``) parses every file in the tests. Ids and tags go in the comment line
before each question (``// [id:..] [tag:..]``), which Moodle reads on import.

GIFT has no hints, no units, no ordering question, no fixed choice order and no images:
each such question gets a ``Note`` (``PER_QUESTION["gift/..."]``). Ordering becomes matching
to positions (which grades exactly as the lesson does: a share per item in the right place);
the labelling diagram is written beside the file and referenced by name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lesson.content_model import questions as qm
from lesson.content_model.questions import VERDICT_LABELS, AnyQuestion
from lesson.lms import common
from lesson.lms.common import (
    LESSON_NAME,
    ExportContext,
    Quiz,
    QuizExport,
    counted,
    fraction_percent,
    image_name,
    labelled_images,
    positions,
    stem_html,
    tags,
)
from lesson.lms.moodle import category_path
from lesson.lms.text import decimal_text

FORMAT = "gift"
EXTENSION = ".gift.txt"
_ESCAPES = {
    "\\": "\\\\",
    "~": "\\~",
    "=": "\\=",
    "#": "\\#",
    "{": "\\{",
    "}": "\\}",
    ":": "\\:",
    "\n": "\\n",
    "\r": "",
}


def escape(text: str) -> str:
    """Text safe anywhere in GIFT: every control character escaped, newlines as ``\\n``."""
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _feedback(text: str) -> str:
    return "#" + escape(text) if text else ""


def _general(q: AnyQuestion, ctx: ExportContext) -> str:
    return "\t####" + escape(ctx.text.general_feedback(q.explanation, q.sources)) + "\n"


def _stem(q: AnyQuestion, ctx: ExportContext) -> str:
    return "[html]" + escape(stem_html(q, ctx))


def _single(q: qm.SingleQuestion, ctx: ExportContext) -> list[str]:
    return [
        ("=" if o.correct else "~") + escape(ctx.text.inline(o.text)) + _feedback(ctx.text.block(o.feedback))
        for o in q.options
    ]


def _multiple(q: qm.MultipleQuestion, ctx: ExportContext) -> list[str]:
    k = sum(1 for o in q.options if o.correct)
    return [
        f"~%{fraction_percent((1 if o.correct else -1) / k)}%"
        + escape(ctx.text.inline(o.text))
        + _feedback(ctx.text.block(o.feedback))
        for o in q.options
    ]


def _verdict(q: qm.VerdictQuestion, ctx: ExportContext) -> list[str]:
    return [
        ("=" if key == q.answer else "~") + escape(label) + _feedback(ctx.text.block(q.feedback[key]))
        for key, label in VERDICT_LABELS.items()
    ]


def _matched(pairs: list[tuple[str, str]]) -> list[str]:
    """Matching answer lines from (left HTML, right plain text); an empty left is a distractor."""
    return [
        f"={escape(left)} -> {escape(right)}" if left else f"= -> {escape(right)}"
        for left, right in pairs
    ]


def _matching(q: qm.MatchingQuestion, ctx: ExportContext) -> list[str]:
    return _matched([(ctx.text.inline(p.left), ctx.text.plain(p.right)) for p in q.pairs])


def _ordering(q: qm.OrderingQuestion, ctx: ExportContext) -> list[str]:
    return _matched(list(zip(positions(len(q.items)), [ctx.text.plain(i) for i in q.items], strict=True)))


def _labelling(q: qm.LabellingQuestion, ctx: ExportContext) -> list[str]:
    labels = sorted(q.labels, key=lambda x: x.number)
    named = [(str(lab.number), ctx.text.plain(lab.answer)) for lab in labels]
    return _matched(named + [("", ctx.text.plain(d)) for d in q.distractors])


def _truefalse(q: qm.TrueFalseQuestion, ctx: ExportContext) -> str:
    # GIFT: {T#feedback when answered wrongly#feedback when answered rightly}
    wrong, right = q.feedback[not q.answer], q.feedback[q.answer]
    return (
        "{"
        + ("T" if q.answer else "F")
        + _feedback(ctx.text.block(wrong))
        + _feedback(ctx.text.block(right))
        + "\n"
        + _general(q, ctx)
        + "}"
    )


def _numeric(q: qm.NumericQuestion, ctx: ExportContext) -> str:
    return "{#\n\t=" + f"{decimal_text(q.answer)}:{decimal_text(q.tolerance)}\n" + _general(q, ctx) + "}"


def _listed(lines: Callable[[Any, ExportContext], list[str]]) -> Callable[[Any, ExportContext], str]:
    """An answer block of one line per choice or pair, then the general feedback."""

    def block(q: Any, ctx: ExportContext) -> str:
        return "{\n" + "".join(f"\t{line}\n" for line in lines(q, ctx)) + _general(q, ctx) + "}"

    return block


ANSWERS: dict[str, Callable[[Any, ExportContext], str]] = {
    "single": _listed(_single),
    "multiple": _listed(_multiple),
    "truefalse": _truefalse,
    "verdict": _listed(_verdict),
    "numeric": _numeric,
    "ordering": _listed(_ordering),
    "matching": _listed(_matching),
    "labelling": _listed(_labelling),
}
"""How GIFT writes each question type's answers (``lesson.quiz.question_types``)."""
LOSSY = {
    "ordering": "gift/ordering",
    "verdict": "gift/verdict-order",
    "numeric": "gift/unit",
    "labelling": "gift/image",
}
"""The types GIFT cannot hold as they are: the ``PER_QUESTION`` note each gets."""


def write_question(q: AnyQuestion, ctx: ExportContext) -> str:
    """One question: its comment line (id and tags), name, HTML stem and answers."""
    comment = f"// [id:{q.id}] " + " ".join(f"[tag:{t}]" for t in tags(q))
    return f"{comment}\n::{escape(q.id)}::{_stem(q, ctx)}{ANSWERS[q.type](q, ctx)}\n"


def export_quiz(quiz: Quiz, ctx: ExportContext) -> QuizExport:
    """``<quiz id>.gift.txt`` and, beside it, the diagrams its labelling questions show."""
    count = counted(len(quiz.questions), "question")
    head = (
        f"// {LESSON_NAME}: {_one_line(quiz.title)} ({quiz.id}), {count}.\n"
        "// Import in Moodle: Question bank > Import > GIFT format.\n"
        f"$CATEGORY: {category_path(quiz.title)}\n"
    )
    body = "\n".join([head, *(write_question(q, ctx) for q in quiz.questions)])
    files = [(quiz.id + EXTENSION, body.encode("utf-8"))]
    files += [(image_name(d), ctx.images.png(d)) for d in labelled_images(quiz.questions)]
    notes = common.quiz_notes(quiz, FORMAT, LOSSY)
    return QuizExport(quiz.id, files, [q.id for q in quiz.questions], notes)
