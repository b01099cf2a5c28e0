"""IMS QTI 2.1: one content package (zip) per quiz, valid against the IMS QTI 2.1.2 XSD.

The package holds ``imsmanifest.xml``, an ``assessmentTest`` listing the items in bank order,
one ``assessmentItem`` per question under ``items/`` and the diagrams under ``items/images/``.
Each item carries its own grading as explicit response processing, so it scores like the lesson:

- single, truefalse, verdict: ``choiceInteraction`` (one choice; truefalse and verdict in a fixed order)
- multiple: ``choiceInteraction`` with a mapping of +1 per right and -1 per wrong option, clamped
  at 0 and divided by the number of right options
- numeric: ``textEntryInteraction`` (float) compared with ``equal`` and an absolute tolerance
- ordering: ``orderInteraction``; the score is the share of items in their right place
- matching, labelling: ``matchInteraction`` (labelling with the numbered diagram in the item body);
  the score is the share of right pairs

Per-option feedback is ``modalFeedback`` keyed on the chosen options; the explanation (with its
sources) is shown once the question is right or its tries are used up, as in the lesson. Hints
are ``endAttemptInteraction`` buttons that reveal hints 1..k in ``feedbackBlock``s; the test's
``maxAttempts`` per item is the lesson's ``max_tries`` plus one per hint.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lesson.content_model import questions as qm
from lesson.content_model.questions import AnyQuestion
from lesson.lms import common
from lesson.lms.common import LESSON_NAME, Choice, ExportContext, Quiz, QuizExport, XmlWriter
from lesson.lms.text import decimal_text

FORMAT = "qti21"
EXTENSION = ".qti21.zip"
QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1p2.xsd"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/qtiv2p1_imscpv1p2_v1p0.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
ITEMS_DIR = "items/"
IMAGES_DIR = "images/"
TEST_FILE = "assessmentTest.xml"
Build = Callable[[], None]
"""Writes one expression or rule into the item (the response-processing helpers take these)."""
Write = Callable[[XmlWriter, Any, ExportContext], None]
"""Writes one part of a question's item."""
Sides = Callable[[Any, ExportContext], tuple[list, list, list]]
"""A pair type's left choices, right choices and right pairs."""
_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def identifier(text: str, prefix: str = "Q-") -> str:
    """An XML NCName for a bank id (ids that start with a digit get a prefix)."""
    return text if _NCNAME.match(text) else prefix + text


def _root_attrs(schema_ns: str, schema_xsd: str) -> dict[str, str]:
    return {"xmlns": schema_ns, "xmlns:xsi": XSI_NS, "xsi:schemaLocation": f"{schema_ns} {schema_xsd}"}


def xhtml(fragment: str) -> str:
    """``fragment`` checked to be well-formed XML (markdown-it writes XHTML), so it can sit in an item."""
    ET.fromstring(f'<div xmlns="{QTI_NS}">{fragment}</div>')
    return fragment


def _base(w: XmlWriter, base_type: str, value: str) -> None:
    w.leaf("baseValue", value, {"baseType": base_type})


def _set(w: XmlWriter, outcome: str, build: Build) -> None:
    w.start("setOutcomeValue", {"identifier": outcome})
    build()
    w.end("setOutcomeValue")


def _variable(w: XmlWriter, name: str) -> None:
    w.empty("variable", {"identifier": name})


def _choices(q: AnyQuestion, ctx: ExportContext) -> list[Choice]:
    """QTI 2.1 identifiers are local to the item: ``C1``, ``true``, ``partly``."""
    return common.choices(q, ctx, option=lambda i: f"C{i}", named=lambda key: key)


def _matching_sides(q: qm.MatchingQuestion, ctx: ExportContext) -> tuple[list, list, list]:
    """Left choices, right choices (identifier, HTML) and the right pairs "L R"."""
    left = [(f"L{i}", ctx.text.inline(p.left)) for i, p in enumerate(q.pairs, start=1)]
    right = [(f"R{i}", ctx.text.inline(p.right)) for i, p in enumerate(q.pairs, start=1)]
    return left, right, [f"L{i} R{i}" for i in range(1, len(q.pairs) + 1)]


def _labelling_sides(q: qm.LabellingQuestion, ctx: ExportContext) -> tuple[list, list, list]:
    """Numbered parts, names (the right ones, then the distractors) and the right pairs "P N"."""
    labels = sorted(q.labels, key=lambda lab: lab.number)
    left = [(f"P{lab.number}", str(lab.number)) for lab in labels]
    names = [lab.answer for lab in labels] + list(q.distractors)
    right = [(f"N{i}", ctx.text.inline(name)) for i, name in enumerate(names, start=1)]
    return left, right, [f"P{lab.number} N{i}" for i, lab in enumerate(labels, start=1)]


def _declare(w: XmlWriter, cardinality: str, base_type: str, values: list[str]) -> None:
    """Starts the RESPONSE declaration with its correct values (the caller ends it)."""
    w.start(
        "responseDeclaration",
        {"identifier": "RESPONSE", "cardinality": cardinality, "baseType": base_type},
    )
    w.start("correctResponse")
    for value in values:
        w.leaf("value", value)
    w.end("correctResponse")


def _mapping(w: XmlWriter, upper: int, entries: list[tuple[str, str]]) -> None:
    w.start("mapping", {"lowerBound": "0", "upperBound": str(upper), "defaultValue": "0"})
    for key, value in entries:
        w.empty("mapEntry", {"mapKey": key, "mappedValue": value})
    w.end("mapping")


def _one_choice_response(w: XmlWriter, q: AnyQuestion, ctx: ExportContext) -> None:
    _declare(w, "single", "identifier", [next(c[0] for c in _choices(q, ctx) if c[2])])
    w.end("responseDeclaration")


def _many_choices_response(w: XmlWriter, q: AnyQuestion, ctx: ExportContext) -> None:
    choices = _choices(q, ctx)
    _declare(w, "multiple", "identifier", [c[0] for c in choices if c[2]])
    _mapping(w, sum(1 for c in choices if c[2]), [(c[0], "1" if c[2] else "-1") for c in choices])
    w.end("responseDeclaration")


def _numeric_response(w: XmlWriter, q: qm.NumericQuestion, ctx: ExportContext) -> None:
    _declare(w, "single", "float", [decimal_text(q.answer)])
    w.end("responseDeclaration")


def _ordering_response(w: XmlWriter, q: qm.OrderingQuestion, ctx: ExportContext) -> None:
    _declare(w, "ordered", "identifier", [f"I{i}" for i in range(1, len(q.items) + 1)])
    w.end("responseDeclaration")


def _pairs_response(sides: Sides) -> Write:
    def write(w: XmlWriter, q: Any, ctx: ExportContext) -> None:
        _, _, pairs = sides(q, ctx)
        _declare(w, "multiple", "directedPair", pairs)
        _mapping(w, len(pairs), [(pair, "1") for pair in pairs])
        w.end("responseDeclaration")

    return write


def _outcome(w: XmlWriter, name: str, base_type: str, default: str) -> None:
    w.start("outcomeDeclaration", {"identifier": name, "cardinality": "single", "baseType": base_type})
    w.start("defaultValue")
    w.leaf("value", default)
    w.end("defaultValue")
    w.end("outcomeDeclaration")


def _declarations(w: XmlWriter, q: AnyQuestion, ctx: ExportContext) -> None:
    kind = INTERACTIONS[q.type]
    kind.response(w, q, ctx)
    for i in range(1, len(q.hints) + 1):
        w.empty(
            "responseDeclaration",
            {"identifier": f"HINTREQUEST{i}", "cardinality": "single", "baseType": "boolean"},
        )
    _outcome(w, "SCORE", "float", "0")
    _outcome(w, "MAXSCORE", "float", "1")
    if kind.placed:
        _outcome(w, "PLACED", "integer", "0")
    if kind.feedback:
        w.empty(
            "outcomeDeclaration",
            {"identifier": "FEEDBACK", "cardinality": kind.feedback, "baseType": "identifier"},
        )
    w.empty(
        "outcomeDeclaration", {"identifier": "SOLUTION", "cardinality": "single", "baseType": "identifier"}
    )
    if q.hints:
        w.empty(
            "outcomeDeclaration", {"identifier": "HINT", "cardinality": "multiple", "baseType": "identifier"}
        )


def _choice_body(fixed: bool, max_choices: str) -> Write:
    def write(w: XmlWriter, q: Any, ctx: ExportContext) -> None:
        w.start(
            "choiceInteraction",
            {
                "responseIdentifier": "RESPONSE",
                "shuffle": "false" if fixed else "true",
                "maxChoices": max_choices,
            },
        )
        for ident, text, _, _ in _choices(q, ctx):
            w.raw("simpleChoice", xhtml(text), {"identifier": ident})
        w.end("choiceInteraction")

    return write


def _numeric_body(w: XmlWriter, q: qm.NumericQuestion, ctx: ExportContext) -> None:
    unit = f" {html.escape(q.unit.strip(), quote=False)}" if q.unit.strip() else ""
    w.raw(
        "p",
        'Your answer: <textEntryInteraction responseIdentifier="RESPONSE" expectedLength="12"/>' + unit,
    )


def _ordering_body(w: XmlWriter, q: qm.OrderingQuestion, ctx: ExportContext) -> None:
    w.start("orderInteraction", {"responseIdentifier": "RESPONSE", "shuffle": "true"})
    for i, item in enumerate(q.items, start=1):
        w.raw("simpleChoice", xhtml(ctx.text.inline(item)), {"identifier": f"I{i}"})
    w.end("orderInteraction")


def _match_body(sides: Sides, image: bool = False) -> Write:
    def write(w: XmlWriter, q: Any, ctx: ExportContext) -> None:
        if image:
            alt = html.escape(ctx.images.alt(q.image), quote=True)
            w.raw("p", f'<img src="{IMAGES_DIR}{common.image_name(q.image)}" alt="{alt}"/>')
        left, right, pairs = sides(q, ctx)
        w.start(
            "matchInteraction",
            {"responseIdentifier": "RESPONSE", "shuffle": "true", "maxAssociations": str(len(pairs))},
        )
        for side, fixed_side in ((left, "true"), (right, "false")):
            w.start("simpleMatchSet")
            for ident, text in side:
                w.raw(
                    "simpleAssociableChoice",
                    xhtml(text),
                    {"identifier": ident, "matchMax": "1", "fixed": fixed_side},
                )
            w.end("simpleMatchSet")
        w.end("matchInteraction")

    return write


def _body(w: XmlWriter, q: AnyQuestion, ctx: ExportContext) -> None:
    w.start("itemBody")
    w.raw("div", xhtml(ctx.text.block(q.prompt)), {"class": "prompt"})
    INTERACTIONS[q.type].body(w, q, ctx)
    if q.hints:
        buttons = " ".join(
            f'<endAttemptInteraction responseIdentifier="HINTREQUEST{i}" title="Hint {i}"/>'
            for i in range(1, len(q.hints) + 1)
        )
        w.raw("p", buttons)
        for i, hint in enumerate(q.hints, start=1):
            w.raw(
                "feedbackBlock",
                xhtml(f"<p><strong>Hint {i}</strong></p>" + ctx.text.block(hint)),
                {"outcomeIdentifier": "HINT", "identifier": f"HINT{i}", "showHide": "show"},
            )
    w.end("itemBody")


def _if(w: XmlWriter, condition: Build, then: Build) -> None:
    w.start("responseCondition")
    w.start("responseIf")
    condition()
    then()
    w.end("responseIf")
    w.end("responseCondition")


def _score_one(w: XmlWriter) -> None:
    _set(w, "SCORE", lambda: _base(w, "float", "1"))


def _divide(w: XmlWriter, numerator: Build, denominator: int) -> None:
    w.start("divide")
    numerator()
    _base(w, "float", str(denominator))
    w.end("divide")


def _one_choice_score(w: XmlWriter, q: AnyQuestion) -> None:
    def match() -> None:
        w.start("match")
        _variable(w, "RESPONSE")
        w.empty("correct", {"identifier": "RESPONSE"})
        w.end("match")

    _if(w, match, lambda: _score_one(w))


def _mapped_score(w: XmlWriter, denominator: int) -> None:
    mapped: Build = lambda: w.empty("mapResponse", {"identifier": "RESPONSE"})  # noqa: E731
    _set(w, "SCORE", lambda: _divide(w, mapped, denominator))


def _numeric_score(w: XmlWriter, q: qm.NumericQuestion) -> None:
    def equal() -> None:
        w.start("equal", {"toleranceMode": "absolute", "tolerance": decimal_text(q.tolerance)})
        _variable(w, "RESPONSE")
        w.empty("correct", {"identifier": "RESPONSE"})
        w.end("equal")

    _if(w, equal, lambda: _score_one(w))


def _ordering_score(w: XmlWriter, q: qm.OrderingQuestion) -> None:
    for i in range(1, len(q.items) + 1):

        def placed(i: int = i) -> None:
            w.start("match")
            w.start("index", {"n": str(i)})
            _variable(w, "RESPONSE")
            w.end("index")
            _base(w, "identifier", f"I{i}")
            w.end("match")

        def count() -> None:
            def plus_one() -> None:
                w.start("sum")
                _variable(w, "PLACED")
                _base(w, "integer", "1")
                w.end("sum")

            _set(w, "PLACED", plus_one)

        _if(w, placed, count)
    _set(w, "SCORE", lambda: _divide(w, lambda: _variable(w, "PLACED"), len(q.items)))


@dataclass(frozen=True)
class Interaction:
    """How one question type is written as a QTI 2.1 item."""

    response: Write
    """The RESPONSE declaration, with the correct response (and a mapping where it scores per part)."""
    body: Write
    """The interaction in the item body."""
    score: Callable[[XmlWriter, Any], None]
    """Response processing that sets SCORE (0..1)."""
    feedback: str = ""
    """Choice types: the FEEDBACK outcome's cardinality; each choice then has its own feedback."""
    placed: bool = False
    """Ordering: the PLACED outcome counts the items in their right place."""


INTERACTIONS: dict[str, Interaction] = {
    "single": Interaction(_one_choice_response, _choice_body(False, "1"), _one_choice_score, "single"),
    "multiple": Interaction(
        _many_choices_response,
        _choice_body(False, "0"),
        lambda w, q: _mapped_score(w, sum(1 for o in q.options if o.correct)),
        "multiple",
    ),
    "truefalse": Interaction(_one_choice_response, _choice_body(True, "1"), _one_choice_score, "single"),
    "verdict": Interaction(_one_choice_response, _choice_body(True, "1"), _one_choice_score, "single"),
    "numeric": Interaction(_numeric_response, _numeric_body, _numeric_score),
    "ordering": Interaction(_ordering_response, _ordering_body, _ordering_score, placed=True),
    "matching": Interaction(
        _pairs_response(_matching_sides),
        _match_body(_matching_sides),
        lambda w, q: _mapped_score(w, len(q.pairs)),
    ),
    "labelling": Interaction(
        _pairs_response(_labelling_sides),
        _match_body(_labelling_sides, image=True),
        lambda w, q: _mapped_score(w, len(q.labels)),
    ),
}
"""Each question type's QTI 2.1 interaction (``lesson.quiz.question_types``)."""
LOSSY = {"numeric": "qti21/unit"}
"""The types QTI 2.1 cannot hold as they are: the ``PER_QUESTION`` note each gets."""


def _scoring(w: XmlWriter, q: AnyQuestion) -> None:
    kind = INTERACTIONS[q.type]
    kind.score(w, q)
    if kind.feedback:
        _set(w, "FEEDBACK", lambda: _variable(w, "RESPONSE"))

    def done() -> None:
        w.start("or")
        w.start("gte")
        _variable(w, "SCORE")
        _base(w, "float", "1")
        w.end("gte")
        w.start("gte")
        _variable(w, "numAttempts")
        _base(w, "integer", str(attempts(q)))
        w.end("gte")
        w.end("or")

    _if(w, done, lambda: _set(w, "SOLUTION", lambda: _base(w, "identifier", "SOLUTION")))


def attempts(q: AnyQuestion) -> int:
    """Attempts an item allows: the lesson's tries, plus one per hint (asking for a hint ends an attempt)."""
    return q.max_tries + len(q.hints)


def _processing(w: XmlWriter, q: AnyQuestion) -> None:
    w.start("responseProcessing")
    if not q.hints:
        _scoring(w, q)
        w.end("responseProcessing")
        return
    w.start("responseCondition")
    for k in range(len(q.hints), 0, -1):
        tag = "responseIf" if k == len(q.hints) else "responseElseIf"
        w.start(tag)
        _variable(w, f"HINTREQUEST{k}")

        def shown(k: int = k) -> None:
            w.start("multiple")
            for i in range(1, k + 1):
                _base(w, "identifier", f"HINT{i}")
            w.end("multiple")

        _set(w, "HINT", shown)
        w.end(tag)
    w.start("responseElse")
    _scoring(w, q)
    w.end("responseElse")
    w.end("responseCondition")
    w.end("responseProcessing")


def _feedback(w: XmlWriter, q: AnyQuestion, ctx: ExportContext) -> None:
    if INTERACTIONS[q.type].feedback:
        for ident, _, _, feedback in _choices(q, ctx):
            w.raw(
                "modalFeedback",
                xhtml(feedback),
                {
                    "outcomeIdentifier": "FEEDBACK",
                    "identifier": ident,
                    "showHide": "show",
                    "title": "Feedback",
                },
            )
    w.raw(
        "modalFeedback",
        xhtml(ctx.text.general_feedback(q.explanation, q.sources)),
        {
            "outcomeIdentifier": "SOLUTION",
            "identifier": "SOLUTION",
            "showHide": "show",
            "title": "Explanation",
        },
    )


def item_xml(q: AnyQuestion, ctx: ExportContext) -> bytes:
    """One ``assessmentItem`` file."""
    w = XmlWriter()
    w.start(
        "assessmentItem",
        {
            **_root_attrs(QTI_NS, QTI_XSD),
            "identifier": identifier(q.id),
            "title": q.id,
            "adaptive": "false",
            "timeDependent": "false",
        },
    )
    _declarations(w, q, ctx)
    _body(w, q, ctx)
    _processing(w, q)
    _feedback(w, q, ctx)
    w.end("assessmentItem")
    return w.bytes()


def test_xml(quiz: Quiz) -> bytes:
    """The ``assessmentTest``: one section with every item in bank order; SCORE is their sum."""
    w = XmlWriter()
    w.start(
        "assessmentTest",
        {
            **_root_attrs(QTI_NS, QTI_XSD),
            "identifier": identifier(f"quiz-{quiz.id}"),
            "title": f"{LESSON_NAME}: {quiz.title}",
        },
    )
    w.empty("outcomeDeclaration", {"identifier": "SCORE", "cardinality": "single", "baseType": "float"})
    w.start(
        "testPart", {"identifier": "part1", "navigationMode": "nonlinear", "submissionMode": "individual"}
    )
    w.empty("itemSessionControl", {"allowReview": "true", "showFeedback": "true", "showSolution": "true"})
    w.start("assessmentSection", {"identifier": "section1", "title": quiz.title, "visible": "true"})
    for q in quiz.questions:
        w.start("assessmentItemRef", {"identifier": identifier(q.id), "href": f"{ITEMS_DIR}{q.id}.xml"})
        w.empty("itemSessionControl", {"maxAttempts": str(attempts(q))})
        w.end("assessmentItemRef")
    w.end("assessmentSection")
    w.end("testPart")
    w.start("outcomeProcessing")
    w.start("setOutcomeValue", {"identifier": "SCORE"})
    w.start("sum")
    w.empty("testVariables", {"variableIdentifier": "SCORE"})
    w.end("sum")
    w.end("setOutcomeValue")
    w.end("outcomeProcessing")
    w.end("assessmentTest")
    return w.bytes()


def manifest_xml(quiz: Quiz) -> bytes:
    """``imsmanifest.xml``: the test, each item (with the diagram it needs) and each diagram."""
    w = XmlWriter()
    w.start("manifest", {**_root_attrs(CP_NS, CP_XSD), "identifier": identifier(f"manifest-{quiz.id}")})
    w.start("metadata")
    w.leaf("schema", "QTIv2.1 Package")
    w.leaf("schemaversion", "1.0.0")
    w.end("metadata")
    w.empty("organizations")
    w.start("resources")
    w.start(
        "resource",
        {"identifier": identifier(f"test-{quiz.id}"), "type": "imsqti_test_xmlv2p1", "href": TEST_FILE},
    )
    w.empty("file", {"href": TEST_FILE})
    for q in quiz.questions:
        w.empty("dependency", {"identifierref": identifier(f"item-{q.id}")})
    w.end("resource")
    for q in quiz.questions:
        href = f"{ITEMS_DIR}{q.id}.xml"
        w.start(
            "resource",
            {"identifier": identifier(f"item-{q.id}"), "type": "imsqti_item_xmlv2p1", "href": href},
        )
        w.empty("file", {"href": href})
        if q.type == "labelling":
            w.empty("dependency", {"identifierref": identifier(f"image-{q.image}")})
        w.end("resource")
    common.image_resources(w, quiz.questions, ITEMS_DIR + IMAGES_DIR, identifier)
    w.end("resources")
    w.end("manifest")
    return w.bytes()


def package_members(quiz: Quiz, ctx: ExportContext) -> list[tuple[str, bytes]]:
    """The package's files in order: manifest, test, items, images."""
    members = [("imsmanifest.xml", manifest_xml(quiz)), (TEST_FILE, test_xml(quiz))]
    members += [(f"{ITEMS_DIR}{q.id}.xml", item_xml(q, ctx)) for q in quiz.questions]
    members += [
        (f"{ITEMS_DIR}{IMAGES_DIR}{common.image_name(d)}", ctx.images.png(d))
        for d in common.labelled_images(quiz.questions)
    ]
    return members


def export_quiz(quiz: Quiz, ctx: ExportContext) -> QuizExport:
    """``<quiz id>.qti21.zip``."""
    return common.zipped_export(quiz, FORMAT, EXTENSION, package_members(quiz, ctx), LOSSY)
