"""Canvas QTI 1.2: one zip per quiz, in the layout Canvas exports and imports ("QTI .zip file").

The zip holds ``imsmanifest.xml``, ``<quiz>/<quiz>.xml`` (IMS QTI 1.2.1 ``questestinterop``
with Canvas's metadata: ``question_type``, ``points_possible``), ``<quiz>/assessment_meta.xml``
(the quiz's settings) and the diagrams under ``images/``, referenced as
``%24IMS-CC-FILEBASE%24/images/<file>`` as text2qti and Canvas do.

- single, verdict -> ``multiple_choice_question``; multiple -> ``multiple_answers_question``
  (Canvas's own partial credit for it is the lesson's: right picks minus wrong picks)
- truefalse -> ``true_false_question``; numeric -> ``numerical_question`` (exact answer with margin)
- matching -> ``matching_question``; labelling -> ``matching_question`` with the diagram in the stem
- ordering -> ``matching_question`` to Position 1..N (what Canvas itself does with ordering on import)

Per-option feedback is ``itemfeedback`` ``<ident>_fb``; the explanation is ``general_fb``.
Hints, units and a fixed verdict order have no place in Canvas: see ``PER_QUESTION``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from lesson.content_model import questions as qm
from lesson.content_model.questions import AnyQuestion
from lesson.lms.common import (
    LESSON_NAME,
    Choice,
    ExportContext,
    Quiz,
    QuizExport,
    XmlWriter,
    choices,
    image_name,
    image_resources,
    labelled_images,
    positions,
    stem_html,
    zipped_export,
)
from lesson.lms.text import decimal_text

FORMAT = "canvas-qti"
EXTENSION = ".canvas-qti.zip"
QTI12_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
QTI12_XSD = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"
CC_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
IMAGE_BASE = "%24IMS-CC-FILEBASE%24/images/"
IMAGES_DIR = "images/"
CANVAS_TYPE = {
    "single": "multiple_choice_question",
    "verdict": "multiple_choice_question",
    "multiple": "multiple_answers_question",
    "truefalse": "true_false_question",
    "numeric": "numerical_question",
    "matching": "matching_question",
    "labelling": "matching_question",
    "ordering": "matching_question",
}
POINTS = "1.0"


def assessment_id(quiz: Quiz) -> str:
    return f"quiz-{quiz.id}"


def _mattext(w: XmlWriter, text: str, texttype: str = "text/html") -> None:
    w.start("material")
    w.leaf("mattext", text, {"texttype": texttype})
    w.end("material")


def _render_choice(w: XmlWriter, labels: list[tuple[str, str]], texttype: str = "text/html") -> None:
    """The choices offered, as (identifier, text) pairs."""
    w.start("render_choice")
    for ident, text in labels:
        w.start("response_label", {"ident": ident})
        _mattext(w, text, texttype)
        w.end("response_label")
    w.end("render_choice")


def _metadata(w: XmlWriter, q: AnyQuestion, answer_ids: list[str]) -> None:
    w.start("itemmetadata")
    w.start("qtimetadata")
    for label, entry in (
        ("question_type", CANVAS_TYPE[q.type]),
        ("points_possible", POINTS),
        ("original_answer_ids", ",".join(answer_ids)),
        ("assessment_question_identifierref", f"{q.id}-aq"),
    ):
        w.start("qtimetadatafield")
        w.leaf("fieldlabel", label)
        w.leaf("fieldentry", entry)
        w.end("qtimetadatafield")
    w.end("qtimetadata")
    w.end("itemmetadata")


def _stem(q: AnyQuestion, ctx: ExportContext) -> str:
    return stem_html(q, ctx, IMAGE_BASE, styled=False)


def _choices(q: AnyQuestion, ctx: ExportContext) -> list[Choice]:
    """Canvas identifiers carry the question id: ``<id>-c1``, ``<id>-true``, ``<id>-partly``."""
    return choices(q, ctx, option=lambda i: f"{q.id}-c{i}", named=lambda key: f"{q.id}-{key}")


Sides = tuple[list[str], list[str], list[int]]
"""Left texts, right texts (plain) and, for each left, the index of its right answer."""


def _matching_sides(q: qm.MatchingQuestion, ctx: ExportContext) -> Sides:
    lefts, rights = [ctx.text.plain(p.left) for p in q.pairs], [ctx.text.plain(p.right) for p in q.pairs]
    return lefts, rights, list(range(len(q.pairs)))


def _ordering_sides(q: qm.OrderingQuestion, ctx: ExportContext) -> Sides:
    return positions(len(q.items)), [ctx.text.plain(i) for i in q.items], list(range(len(q.items)))


def _labelling_sides(q: qm.LabellingQuestion, ctx: ExportContext) -> Sides:
    labels = sorted(q.labels, key=lambda lab: lab.number)
    rights = [ctx.text.plain(lab.answer) for lab in labels] + [ctx.text.plain(d) for d in q.distractors]
    return [str(lab.number) for lab in labels], rights, list(range(len(labels)))


def _condition(
    w: XmlWriter,
    respident: str,
    value: str,
    feedback: str | None = None,
    score: tuple[str, str] | None = None,
    cont: str = "Yes",
) -> None:
    w.start("respcondition", {"continue": cont})
    w.start("conditionvar")
    w.leaf("varequal", value, {"respident": respident})
    w.end("conditionvar")
    if score:
        w.leaf("setvar", score[1], {"action": score[0], "varname": "SCORE"})
    if feedback:
        w.empty("displayfeedback", {"feedbacktype": "Response", "linkrefid": feedback})
    w.end("respcondition")


def _general_condition(w: XmlWriter) -> None:
    w.start("respcondition", {"continue": "Yes"})
    w.start("conditionvar")
    w.empty("other")
    w.end("conditionvar")
    w.empty("displayfeedback", {"feedbacktype": "Response", "linkrefid": "general_fb"})
    w.end("respcondition")


def _itemfeedback(w: XmlWriter, ident: str, text: str) -> None:
    w.start("itemfeedback", {"ident": ident})
    w.start("flow_mat")
    _mattext(w, text)
    w.end("flow_mat")
    w.end("itemfeedback")


def _choice_item(w: XmlWriter, q: AnyQuestion, ctx: ExportContext) -> None:
    choices = _choices(q, ctx)
    multiple = q.type == "multiple"
    _metadata(w, q, [c[0] for c in choices])
    w.start("presentation")
    _mattext(w, _stem(q, ctx))
    w.start("response_lid", {"ident": "response1", "rcardinality": "Multiple" if multiple else "Single"})
    _render_choice(w, [(ident, text) for ident, text, _, _ in choices])
    w.end("response_lid")
    w.end("presentation")
    w.start("resprocessing")
    _outcomes(w)
    _general_condition(w)
    for ident, _, _, _ in choices:
        _condition(w, "response1", ident, feedback=f"{ident}_fb")
    if multiple:
        w.start("respcondition", {"continue": "No"})
        w.start("conditionvar")
        w.start("and")
        for ident, _, right, _ in choices:
            if right:
                w.leaf("varequal", ident, {"respident": "response1"})
            else:
                w.start("not")
                w.leaf("varequal", ident, {"respident": "response1"})
                w.end("not")
        w.end("and")
        w.end("conditionvar")
        w.leaf("setvar", "100", {"action": "Set", "varname": "SCORE"})
        w.end("respcondition")
    else:
        right_ident = next(c[0] for c in choices if c[2])
        _condition(w, "response1", right_ident, score=("Set", "100"), cont="No")
    w.end("resprocessing")
    _itemfeedback(w, "general_fb", ctx.text.general_feedback(q.explanation, q.sources))
    for ident, _, _, feedback in choices:
        _itemfeedback(w, f"{ident}_fb", feedback)


def _outcomes(w: XmlWriter) -> None:
    w.start("outcomes")
    w.empty("decvar", {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"})
    w.end("outcomes")


def _numeric_item(w: XmlWriter, q: qm.NumericQuestion, ctx: ExportContext) -> None:
    _metadata(w, q, [f"{q.id}-answer"])
    w.start("presentation")
    _mattext(w, _stem(q, ctx))
    w.start("response_str", {"ident": "response1", "rcardinality": "Single"})
    w.start("render_fib", {"fibtype": "Decimal"})
    w.empty("response_label", {"ident": f"{q.id}-answer"})
    w.end("render_fib")
    w.end("response_str")
    w.end("presentation")
    w.start("resprocessing")
    _outcomes(w)
    _general_condition(w)
    w.start("respcondition", {"continue": "No"})
    w.start("conditionvar")
    w.start("or")
    w.leaf("varequal", decimal_text(q.answer), {"respident": "response1"})
    w.start("and")
    w.leaf("vargte", decimal_text(q.answer - q.tolerance), {"respident": "response1"})
    w.leaf("varlte", decimal_text(q.answer + q.tolerance), {"respident": "response1"})
    w.end("and")
    w.end("or")
    w.end("conditionvar")
    w.leaf("setvar", "100", {"action": "Set", "varname": "SCORE"})
    w.end("respcondition")
    w.end("resprocessing")
    _itemfeedback(w, "general_fb", ctx.text.general_feedback(q.explanation, q.sources))


def _matching_item(
    w: XmlWriter, q: AnyQuestion, ctx: ExportContext, sides: Callable[[Any, ExportContext], Sides]
) -> None:
    """A type Canvas holds as matching; ``sides`` gives its left and right texts."""
    lefts, rights, answer_of = sides(q, ctx)
    right_ids = [f"{q.id}-right{i}" for i in range(1, len(rights) + 1)]
    left_ids = [f"{q.id}-left{i}" for i in range(1, len(lefts) + 1)]
    _metadata(w, q, left_ids)
    w.start("presentation")
    _mattext(w, _stem(q, ctx))
    for left_id, left in zip(left_ids, lefts, strict=True):
        w.start("response_lid", {"ident": left_id})
        _mattext(w, left, "text/plain")
        _render_choice(w, list(zip(right_ids, rights, strict=True)), "text/plain")
        w.end("response_lid")
    w.end("presentation")
    w.start("resprocessing")
    _outcomes(w)
    _general_condition(w)
    share = f"{100 / len(lefts):.2f}"
    for left_id, index in zip(left_ids, answer_of, strict=True):
        _condition(w, left_id, right_ids[index], score=("Add", share), cont="No")
    w.end("resprocessing")
    _itemfeedback(w, "general_fb", ctx.text.general_feedback(q.explanation, q.sources))


ITEMS: dict[str, Callable[[XmlWriter, Any, ExportContext], None]] = {
    "single": _choice_item,
    "multiple": _choice_item,
    "truefalse": _choice_item,
    "verdict": _choice_item,
    "numeric": _numeric_item,
    "ordering": partial(_matching_item, sides=_ordering_sides),
    "matching": partial(_matching_item, sides=_matching_sides),
    "labelling": partial(_matching_item, sides=_labelling_sides),
}
"""How Canvas writes each question type (``lesson.quiz.question_types``); ``CANVAS_TYPE`` names it."""
LOSSY = {
    "ordering": "canvas-qti/ordering",
    "verdict": "canvas-qti/verdict-order",
    "numeric": "canvas-qti/unit",
}
"""The types Canvas cannot hold as they are: the ``PER_QUESTION`` note each gets."""


def write_item(w: XmlWriter, q: AnyQuestion, ctx: ExportContext) -> None:
    """One ``<item>``."""
    w.start("item", {"ident": q.id, "title": q.id})
    ITEMS[q.type](w, q, ctx)
    w.end("item")


def assessment_xml(quiz: Quiz, ctx: ExportContext) -> bytes:
    """The ``questestinterop`` file with every item of the quiz."""
    w = XmlWriter()
    w.start(
        "questestinterop",
        {"xmlns": QTI12_NS, "xmlns:xsi": XSI_NS, "xsi:schemaLocation": f"{QTI12_NS} {QTI12_XSD}"},
    )
    w.start("assessment", {"ident": assessment_id(quiz), "title": f"{LESSON_NAME}: {quiz.title}"})
    w.start("qtimetadata")
    w.start("qtimetadatafield")
    w.leaf("fieldlabel", "cc_maxattempts")
    w.leaf("fieldentry", str(allowed_attempts(quiz)))
    w.end("qtimetadatafield")
    w.end("qtimetadata")
    w.start("section", {"ident": "root_section"})
    for q in quiz.questions:
        write_item(w, q, ctx)
    w.end("section")
    w.end("assessment")
    w.end("questestinterop")
    return w.bytes()


def allowed_attempts(quiz: Quiz) -> int:
    """The quiz's attempts: the most tries the lesson gives any of its questions."""
    return max((q.max_tries for q in quiz.questions), default=1)


def meta_xml(quiz: Quiz) -> bytes:
    """``assessment_meta.xml``: title, type (graded or practice), shuffling, attempts, points."""
    w = XmlWriter()
    ident = assessment_id(quiz)
    w.start(
        "quiz",
        {
            "identifier": ident,
            "xmlns": CANVAS_NS,
            "xmlns:xsi": XSI_NS,
            "xsi:schemaLocation": f"{CANVAS_NS} https://canvas.instructure.com/xsd/cccv1p0.xsd",
        },
    )
    w.leaf("title", f"{LESSON_NAME}: {quiz.title}")
    w.leaf("description", "")
    w.leaf("shuffle_answers", "true")
    w.leaf("scoring_policy", "keep_highest")
    w.leaf("quiz_type", "assignment" if quiz.scored else "practice_quiz")
    w.leaf("points_possible", f"{len(quiz.questions) * float(POINTS):.1f}")
    w.leaf("show_correct_answers", "true")
    w.leaf("allowed_attempts", str(allowed_attempts(quiz)))
    w.leaf("one_question_at_a_time", "false")
    w.leaf("cant_go_back", "false")
    w.leaf("available", "false")
    w.end("quiz")
    return w.bytes()


def manifest_xml(quiz: Quiz) -> bytes:
    """``imsmanifest.xml``: the QTI file, its settings file and each diagram."""
    ident = assessment_id(quiz)
    w = XmlWriter()
    w.start("manifest", {"identifier": f"{ident}-manifest", "xmlns": CC_NS, "xmlns:xsi": XSI_NS})
    w.start("metadata")
    w.leaf("schema", "IMS Content")
    w.leaf("schemaversion", "1.1.3")
    w.end("metadata")
    w.empty("organizations")
    w.start("resources")
    w.start("resource", {"identifier": ident, "type": "imsqti_xmlv1p2"})
    w.empty("file", {"href": f"{ident}/{ident}.xml"})
    w.empty("dependency", {"identifierref": f"{ident}-meta"})
    w.end("resource")
    w.start(
        "resource",
        {
            "identifier": f"{ident}-meta",
            "type": "associatedcontent/imscc_xmlv1p1/learning-application-resource",
            "href": f"{ident}/assessment_meta.xml",
        },
    )
    w.empty("file", {"href": f"{ident}/assessment_meta.xml"})
    w.end("resource")
    image_resources(w, quiz.questions, IMAGES_DIR)
    w.end("resources")
    w.end("manifest")
    return w.bytes()


def package_members(quiz: Quiz, ctx: ExportContext) -> list[tuple[str, bytes]]:
    """The zip's files in order: manifest, questions, settings, images."""
    ident = assessment_id(quiz)
    members = [
        ("imsmanifest.xml", manifest_xml(quiz)),
        (f"{ident}/{ident}.xml", assessment_xml(quiz, ctx)),
        (f"{ident}/assessment_meta.xml", meta_xml(quiz)),
    ]
    members += [(f"{IMAGES_DIR}{image_name(d)}", ctx.images.png(d)) for d in labelled_images(quiz.questions)]
    return members


def export_quiz(quiz: Quiz, ctx: ExportContext) -> QuizExport:
    """``<quiz id>.canvas-qti.zip``."""
    return zipped_export(quiz, FORMAT, EXTENSION, package_members(quiz, ctx), LOSSY)
