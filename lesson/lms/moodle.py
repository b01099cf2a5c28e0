"""Moodle XML: one ``<quiz>`` file per quiz, in the shape Moodle's own exporter writes.

Element names and order follow ``question/format/xml/format.php`` and the fixtures in
``question/type/*/tests/fixtures/*.moodle.xml`` of moodle/moodle. Every type maps without
loss except what ``EVERY_QUESTION["moodle-xml"]`` names:

- single, verdict -> ``multichoice`` with ``single`` true (verdict: fixed order, no shuffle)
- multiple -> ``multichoice`` with ``single`` false; a right option is worth 1/k, a wrong one -1/k
  (k = number of right options), which is exactly the lesson's partial credit
- truefalse -> ``truefalse``; numeric -> ``numerical`` with its tolerance and an optional unit
- ordering -> ``ordering`` (core since Moodle 4.4), graded by absolute position as in the lesson
- matching -> ``matching``; labelling -> ``matching`` with the numbered diagram embedded in the
  question text, numbers on the left and distractors as extra answers
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from functools import partial
from typing import Any

from lesson.content_model import questions as qm
from lesson.content_model.questions import VERDICT_LABELS, AnyQuestion
from lesson.lms.common import (
    LESSON_NAME,
    ExportContext,
    Quiz,
    QuizExport,
    XmlWriter,
    counted,
    fraction_percent,
    image_html,
    image_name,
    tags,
)
from lesson.lms.text import decimal_text

FORMAT = "moodle-xml"
EXTENSION = ".moodle.xml"
HTML = {"format": "html"}
PLUGINFILE = "@@PLUGINFILE@@/"
MOODLE_QTYPE = {
    "single": "multichoice",
    "multiple": "multichoice",
    "verdict": "multichoice",
    "truefalse": "truefalse",
    "numeric": "numerical",
    "ordering": "ordering",
    "matching": "matching",
    "labelling": "matching",
}


def category_path(title: str) -> str:
    """``$course$/top/<lesson>/<quiz title>``; a "/" inside a name is doubled, as Moodle escapes it."""
    return "$course$/top/" + "/".join(part.replace("/", "//") for part in (LESSON_NAME, title))


def _text(w: XmlWriter, tag: str, text: str, attrs: dict[str, str] | None = HTML) -> None:
    w.start(tag, attrs)
    w.leaf("text", text, cdata=True)
    w.end(tag)


def _combined_feedback(w: XmlWriter) -> None:
    for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        _text(w, tag, "")
    w.empty("shownumcorrect")


def _answer(
    w: XmlWriter,
    fraction: str,
    text: str,
    feedback: str,
    fmt: str = "html",
    extra: dict[str, str] | None = None,
) -> None:
    w.start("answer", {"fraction": fraction, "format": fmt})
    w.leaf("text", text, cdata=True)
    _text(w, "feedback", feedback)
    for tag, value in (extra or {}).items():
        w.leaf(tag, value)
    w.end("answer")


def _question_text(q: AnyQuestion, ctx: ExportContext) -> tuple[str, list[tuple[str, bytes]]]:
    """The prompt's HTML and the files it embeds (the numbered diagram of a labelling question)."""
    prompt = ctx.text.block(q.prompt)
    if not isinstance(q, qm.LabellingQuestion):
        return prompt, []
    return prompt + image_html(ctx, q.image, PLUGINFILE), [(image_name(q.image), ctx.images.png(q.image))]


Choices = list[tuple[str, bool, str]]
"""(text, right, feedback) of a choice type, in bank order."""


def _options(q: qm.SingleQuestion | qm.MultipleQuestion) -> Choices:
    return [(o.text, o.correct, o.feedback) for o in q.options]


def _verdicts(q: qm.VerdictQuestion) -> Choices:
    return [(label, key == q.answer, q.feedback[key]) for key, label in VERDICT_LABELS.items()]


def _multichoice(
    w: XmlWriter, q: Any, ctx: ExportContext, choices_of: Callable[[Any], Choices], single: bool, fixed: bool
) -> None:
    """``single``: one answer (else partial credit per option); ``fixed``: the order is never shuffled."""
    choices = choices_of(q)
    w.leaf("single", "true" if single else "false")
    w.leaf("shuffleanswers", "false" if fixed else "true")
    w.leaf("answernumbering", "none" if fixed else "abc")
    w.leaf("showstandardinstruction", "0" if single else "1")
    _combined_feedback(w)
    k = sum(1 for _, right, _ in choices if right)
    for text, right, feedback in choices:
        if single:
            fraction = "100" if right else "0"
        else:
            fraction = fraction_percent((1 if right else -1) / k)
        _answer(w, fraction, ctx.text.inline(text), ctx.text.block(feedback))


def _truefalse(w: XmlWriter, q: qm.TrueFalseQuestion, ctx: ExportContext) -> None:
    for value in (True, False):
        _answer(
            w,
            "100" if value == q.answer else "0",
            "true" if value else "false",
            ctx.text.block(q.feedback[value]),
            fmt="moodle_auto_format",
        )


def _numerical(w: XmlWriter, q: qm.NumericQuestion) -> None:
    _answer(
        w,
        "100",
        decimal_text(q.answer),
        "",
        fmt="moodle_auto_format",
        extra={"tolerance": decimal_text(q.tolerance)},
    )
    if q.unit.strip():
        w.start("units")
        w.start("unit")
        w.leaf("multiplier", "1")
        w.leaf("unit_name", q.unit.strip())
        w.end("unit")
        w.end("units")
    # Units optional: a number alone is marked, a unit typed after it is understood (as in the lesson).
    w.leaf("unitgradingtype", "0")
    w.leaf("unitpenalty", "0.1000000")
    w.leaf("showunits", "0" if q.unit.strip() else "3")
    w.leaf("unitsleft", "0")


def _ordering(w: XmlWriter, q: qm.OrderingQuestion, ctx: ExportContext) -> None:
    for tag, value in (
        ("layouttype", "VERTICAL"),
        ("selecttype", "ALL"),
        ("selectcount", "0"),
        ("gradingtype", "ABSOLUTE_POSITION"),
        ("showgrading", "SHOW"),
        ("numberingstyle", "none"),
    ):
        w.leaf(tag, value)
    _combined_feedback(w)
    for position, item in enumerate(q.items, start=1):
        w.start("answer", {"fraction": f"{position}.0000000", "format": "html"})
        w.leaf("text", ctx.text.inline(item), cdata=True)
        w.end("answer")


def _subquestion(w: XmlWriter, left_html: str, right_plain: str) -> None:
    w.start("subquestion", HTML)
    w.leaf("text", left_html, cdata=True)
    w.start("answer")
    w.leaf("text", right_plain, cdata=True)
    w.end("answer")
    w.end("subquestion")


def _matching(w: XmlWriter, q: qm.MatchingQuestion, ctx: ExportContext) -> None:
    w.leaf("shuffleanswers", "true")
    _combined_feedback(w)
    for pair in q.pairs:
        _subquestion(w, ctx.text.inline(pair.left), ctx.text.plain(pair.right))


def _labelling(w: XmlWriter, q: qm.LabellingQuestion, ctx: ExportContext) -> None:
    w.leaf("shuffleanswers", "true")
    _combined_feedback(w)
    for label in sorted(q.labels, key=lambda lab: lab.number):
        _subquestion(w, str(label.number), ctx.text.plain(label.answer))
    for extra in q.distractors:
        _subquestion(w, "", ctx.text.plain(extra))


BODIES: dict[str, Callable[[XmlWriter, Any, ExportContext], None]] = {
    "single": partial(_multichoice, choices_of=_options, single=True, fixed=False),
    "multiple": partial(_multichoice, choices_of=_options, single=False, fixed=False),
    "truefalse": _truefalse,
    "verdict": partial(_multichoice, choices_of=_verdicts, single=True, fixed=True),
    "numeric": lambda w, q, _ctx: _numerical(w, q),
    "ordering": _ordering,
    "matching": _matching,
    "labelling": _labelling,
}
"""How Moodle XML writes each question type's answers (``lesson.quiz.question_types``);
``MOODLE_QTYPE`` names the Moodle question type."""


def write_question(w: XmlWriter, q: AnyQuestion, ctx: ExportContext) -> None:
    """One ``<question>`` element."""
    qtext, files = _question_text(q, ctx)
    w.comment(f"question: {q.id}")
    w.start("question", {"type": MOODLE_QTYPE[q.type]})
    w.start("name")
    w.leaf("text", q.id)
    w.end("name")
    w.start("questiontext", HTML)
    w.leaf("text", qtext, cdata=True)
    for name, data in files:
        w.leaf(
            "file", base64.b64encode(data).decode("ascii"), {"name": name, "path": "/", "encoding": "base64"}
        )
    w.end("questiontext")
    _text(w, "generalfeedback", ctx.text.general_feedback(q.explanation, q.sources))
    w.leaf("defaultgrade", "1.0000000")
    # The lesson takes no marks off for a wrong try: the latest checked answer counts.
    w.leaf("penalty", "0.0000000")
    w.leaf("hidden", "0")
    w.leaf("idnumber", q.id)
    BODIES[q.type](w, q, ctx)
    for hint in q.hints:
        _text(w, "hint", ctx.text.block(hint))
    w.start("tags")
    for tag in tags(q):
        w.start("tag")
        w.leaf("text", tag)
        w.end("tag")
    w.end("tags")
    w.end("question")


def export_quiz(quiz: Quiz, ctx: ExportContext) -> QuizExport:
    """``<quiz id>.moodle.xml``: a category for the quiz, then its questions."""
    w = XmlWriter()
    w.start("quiz")
    w.comment(f"{LESSON_NAME}: {quiz.title} ({quiz.id}), {counted(len(quiz.questions), 'question')}")
    w.start("question", {"type": "category"})
    w.start("category")
    w.leaf("text", category_path(quiz.title))
    w.end("category")
    info = "Practice questions: not scored in the lesson." if not quiz.scored else ""
    _text(w, "info", info)
    w.leaf("idnumber", "")
    w.end("question")
    for q in quiz.questions:
        write_question(w, q, ctx)
    w.end("quiz")
    return QuizExport(quiz.id, [(quiz.id + EXTENSION, w.bytes())], [q.id for q in quiz.questions])
