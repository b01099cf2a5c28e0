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

import html

from lesson.content_model.questions import (
    VERDICT_LABELS,
    AnyQuestion,
    LabellingQuestion,
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    SingleQuestion,
    TrueFalseQuestion,
    VerdictQuestion,
)
from lesson.lms.common import (
    LESSON_NAME,
    ORDERING_STEM,
    ExportContext,
    Note,
    Quiz,
    QuizExport,
    counted,
    fraction_percent,
    image_name,
    labelled_images,
    note,
    positions,
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
    stem = ctx.text.block(q.prompt)
    if isinstance(q, NumericQuestion) and q.unit.strip():
        stem += f"<p>Give your answer in {html.escape(q.unit.strip(), quote=False)}.</p>"
    if isinstance(q, OrderingQuestion):
        stem += ORDERING_STEM
    if isinstance(q, LabellingQuestion):
        alt = html.escape(ctx.images.alt(q.image), quote=True)
        stem += f'<p><img src="{image_name(q.image)}" alt="{alt}" style="max-width:100%;height:auto" /></p>'
    return "[html]" + escape(stem)


def _choices(q: AnyQuestion, ctx: ExportContext) -> list[str]:
    if isinstance(q, SingleQuestion):
        return [
            ("=" if o.correct else "~")
            + escape(ctx.text.inline(o.text))
            + _feedback(ctx.text.block(o.feedback))
            for o in q.options
        ]
    if isinstance(q, MultipleQuestion):
        k = sum(1 for o in q.options if o.correct)
        return [
            f"~%{fraction_percent((1 if o.correct else -1) / k)}%"
            + escape(ctx.text.inline(o.text))
            + _feedback(ctx.text.block(o.feedback))
            for o in q.options
        ]
    if isinstance(q, VerdictQuestion):
        return [
            ("=" if key == q.answer else "~") + escape(label) + _feedback(ctx.text.block(q.feedback[key]))
            for key, label in VERDICT_LABELS.items()
        ]
    raise TypeError(q.type)


def _pairs(q: AnyQuestion, ctx: ExportContext) -> list[tuple[str, str]]:
    """(left HTML, right plain text) for the types GIFT writes as matching."""
    if isinstance(q, MatchingQuestion):
        return [(ctx.text.inline(p.left), ctx.text.plain(p.right)) for p in q.pairs]
    if isinstance(q, OrderingQuestion):
        return list(zip(positions(len(q.items)), [ctx.text.plain(i) for i in q.items], strict=True))
    if isinstance(q, LabellingQuestion):
        named = [
            (str(lab.number), ctx.text.plain(lab.answer)) for lab in sorted(q.labels, key=lambda x: x.number)
        ]
        return named + [("", ctx.text.plain(d)) for d in q.distractors]
    raise TypeError(q.type)


def _answers(q: AnyQuestion, ctx: ExportContext) -> str:
    if isinstance(q, TrueFalseQuestion):
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
    if isinstance(q, NumericQuestion):
        return "{#\n\t=" + f"{decimal_text(q.answer)}:{decimal_text(q.tolerance)}\n" + _general(q, ctx) + "}"
    if isinstance(q, (SingleQuestion, MultipleQuestion, VerdictQuestion)):
        lines = _choices(q, ctx)
    else:
        lines = [
            f"={escape(left)} -> {escape(right)}" if left else f"= -> {escape(right)}"
            for left, right in _pairs(q, ctx)
        ]
    return "{\n" + "".join(f"\t{line}\n" for line in lines) + _general(q, ctx) + "}"


def notes_for(q: AnyQuestion) -> list[Note]:
    """What GIFT cannot hold of this question."""
    out = []
    if isinstance(q, OrderingQuestion):
        out.append(note(q.id, "gift/ordering", n=len(q.items)))
    if isinstance(q, VerdictQuestion):
        out.append(note(q.id, "gift/verdict-order"))
    if isinstance(q, NumericQuestion) and q.unit.strip():
        out.append(note(q.id, "gift/unit", unit=q.unit.strip()))
    if isinstance(q, LabellingQuestion):
        out.append(note(q.id, "gift/image", file=image_name(q.image)))
    if q.hints:
        out.append(note(q.id, "gift/hints", hints=counted(len(q.hints), "hint")))
    return out


def write_question(q: AnyQuestion, ctx: ExportContext) -> str:
    """One question: its comment line (id and tags), name, HTML stem and answers."""
    comment = f"// [id:{q.id}] " + " ".join(f"[tag:{t}]" for t in tags(q))
    return f"{comment}\n::{escape(q.id)}::{_stem(q, ctx)}{_answers(q, ctx)}\n"


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
    notes = [n for q in quiz.questions for n in notes_for(q)]
    return QuizExport(quiz.id, files, [q.id for q in quiz.questions], notes)
