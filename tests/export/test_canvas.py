"""Canvas QTI 1.2 packages: valid against the IMS QTI 1.2.1 DTD, Canvas's own metadata checked by rule
(the DTD cannot), and the answers read back equal to the bank's."""

from __future__ import annotations

import re
from functools import cache

import pytest
from lms_support import TYPES, export_fixture, fixture_context, fixture_quiz, members, schemas_dir
from lxml import etree

from lesson.content_model import load
from lesson.content_model import questions as qm
from lesson.content_model.questions import VERDICT_LABELS, AnyQuestion
from lesson.lms import canvas
from lesson.lms.common import ExportContext, LessonImages, load_quiz, positions
from lesson.lms.text import TextRenderer, plain_from_html

XSI = "{http://www.w3.org/2001/XMLSchema-instance}"
CC = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
QUESTION_TYPES = {
    "multiple_choice_question",
    "multiple_answers_question",
    "true_false_question",
    "numerical_question",
    "matching_question",
    "short_answer_question",
    "essay_question",
    "fill_in_multiple_blanks_question",
    "multiple_dropdowns_question",
    "text_only_question",
    "file_upload_question",
    "calculated_question",
}


@cache
def dtd() -> etree.DTD:
    return etree.DTD(str(schemas_dir() / "qti12" / "ims_qtiasiv1p2p1.dtd"))


def for_dtd(data: bytes) -> etree._Element:
    """Canvas's namespace and xsi: attributes removed: the 1.2.1 DTD predates both."""
    root = etree.fromstring(data)
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.startswith("{"):
            el.tag = el.tag.split("}", 1)[1]
        for attr in [a for a in el.attrib if a.startswith(XSI)]:
            del el.attrib[attr]
    etree.cleanup_namespaces(root)
    return root


def assert_valid(name: str, data: bytes) -> None:
    if not dtd().validate(for_dtd(data)):
        errors = "\n".join(f"  line {e.line}: {e.message}" for e in dtd().error_log)
        pytest.fail(f"{name} is not valid QTI 1.2.1:\n{errors}")


def metadata(item: etree._Element) -> dict[str, str]:
    return {f.findtext("fieldlabel"): f.findtext("fieldentry") or "" for f in item.iter("qtimetadatafield")}


def check_item_rules(item: etree._Element) -> None:
    """What Canvas needs and the DTD does not say."""
    meta = metadata(item)
    assert meta.get("question_type") in QUESTION_TYPES, meta
    assert float(meta["points_possible"]) > 0
    responses = {r.get("ident"): r for r in item.iter("response_lid", "response_str")}
    labels = {r: {lab.get("ident") for lab in resp.iter("response_label")} for r, resp in responses.items()}
    feedback = {f.get("ident") for f in item.iter("itemfeedback")}
    for cond in item.iter("varequal", "vargte", "varlte"):
        respident = cond.get("respident")
        assert respident in responses, respident
        if responses[respident].tag == "response_lid":
            assert cond.text in labels[respident], (respident, cond.text)
        else:
            float(cond.text)
    for shown in item.iter("displayfeedback"):
        assert shown.get("linkrefid") in feedback, shown.get("linkrefid")
    assert "general_fb" in feedback
    for setvar in item.iter("setvar"):
        assert setvar.get("varname") == "SCORE" and setvar.get("action") in ("Set", "Add")
        assert 0 <= float(setvar.text) <= 100
    if meta["question_type"] in ("multiple_choice_question", "true_false_question"):
        assert len([s for s in item.iter("setvar") if s.text == "100"]) == 1
    if meta["question_type"] == "matching_question":
        shares = [float(s.text) for s in item.iter("setvar")]
        assert len(shares) == len(responses) and sum(shares) == pytest.approx(100, abs=0.05)


def check_package(name: str, files: dict[str, bytes]) -> etree._Element:
    manifest = etree.fromstring(files["imsmanifest.xml"])
    hrefs = {f.get("href") for f in manifest.iter(f"{CC}file")}
    assert hrefs == set(files) - {"imsmanifest.xml"}, name
    qti = [r for r in manifest.iter(f"{CC}resource") if r.get("type") == "imsqti_xmlv1p2"]
    assert len(qti) == 1
    ident = qti[0].get("identifier")
    meta = etree.fromstring(files[f"{ident}/assessment_meta.xml"])
    assert meta.get("identifier") == ident
    assert meta.findtext("{http://canvas.instructure.com/xsd/cccv1p0}quiz_type") in (
        "assignment",
        "practice_quiz",
    )
    data = files[f"{ident}/{ident}.xml"]
    assert_valid(name, data)
    root = for_dtd(data)
    assert root.find("assessment").get("ident") == ident
    idents = [i.get("ident") for i in root.iter("item")]
    assert len(idents) == len(set(idents))
    for item in root.iter("item"):
        check_item_rules(item)
        for src in re.findall(r'src="([^"]+)"', "".join(m.text or "" for m in item.iter("mattext"))):
            assert (
                src.startswith(canvas.IMAGE_BASE)
                and src.replace(canvas.IMAGE_BASE, canvas.IMAGES_DIR) in files
            )
    return root


def read_back(item: etree._Element) -> dict:
    """The answers Canvas imports from one item."""
    kind = metadata(item)["question_type"]
    labels = {
        lab.get("ident"): plain_from_html(lab.findtext("material/mattext") or "")
        for lab in item.iter("response_label")
    }
    feedback = {
        f.get("ident"): plain_from_html(f.findtext("flow_mat/material/mattext") or "")
        for f in item.iter("itemfeedback")
    }
    out: dict = {
        "kind": kind,
        "prompt": plain_from_html(item.findtext("presentation/material/mattext")),
        "explanation": feedback["general_fb"],
    }
    if kind in ("multiple_choice_question", "true_false_question", "multiple_answers_question"):
        scoring = [c for c in item.iter("respcondition") if c.find("setvar") is not None]
        (score,) = scoring
        right = {v.text for v in score.iter("varequal") if v.getparent().tag != "not"}
        out["choices"] = [(text, ident in right, feedback[f"{ident}_fb"]) for ident, text in labels.items()]
    elif kind == "numerical_question":
        out["exact"] = float(item.findtext(".//or/varequal"))
        out["range"] = (float(item.findtext(".//vargte")), float(item.findtext(".//varlte")))
    else:
        pairs = []
        for lid in item.iter("response_lid"):
            (cond,) = [v for v in item.iter("varequal") if v.get("respident") == lid.get("ident")]
            pairs.append((lid.findtext("material/mattext"), labels[cond.text]))
        out["pairs"] = pairs
        out["choices_offered"] = sorted(set(labels.values()))
    return out


def expected(q: AnyQuestion, ctx: ExportContext) -> dict:
    t = ctx.text
    out: dict = {
        "kind": canvas.CANVAS_TYPE[q.type],
        "prompt": plain_from_html(canvas._stem(q, ctx)),
        "explanation": plain_from_html(t.general_feedback(q.explanation, q.sources)),
    }
    if isinstance(q, (qm.SingleQuestion, qm.MultipleQuestion)):
        out["choices"] = [
            (t.plain(o.text), o.correct, plain_from_html(t.block(o.feedback))) for o in q.options
        ]
    elif isinstance(q, qm.TrueFalseQuestion):
        out["choices"] = [
            (label, v == q.answer, plain_from_html(t.block(q.feedback[v])))
            for label, v in (("True", True), ("False", False))
        ]
    elif isinstance(q, qm.VerdictQuestion):
        out["choices"] = [
            (label, key == q.answer, plain_from_html(t.block(q.feedback[key])))
            for key, label in VERDICT_LABELS.items()
        ]
    elif isinstance(q, qm.NumericQuestion):
        out["exact"] = q.answer
        out["range"] = (pytest.approx(q.answer - q.tolerance), pytest.approx(q.answer + q.tolerance))
    elif isinstance(q, qm.MatchingQuestion):
        out["pairs"] = [(t.plain(p.left), t.plain(p.right)) for p in q.pairs]
        out["choices_offered"] = sorted({t.plain(p.right) for p in q.pairs})
    elif isinstance(q, qm.OrderingQuestion):
        out["pairs"] = list(zip(positions(len(q.items)), [t.plain(i) for i in q.items], strict=True))
        out["choices_offered"] = sorted({t.plain(i) for i in q.items})
    elif isinstance(q, qm.LabellingQuestion):
        labels = sorted(q.labels, key=lambda lab: lab.number)
        out["pairs"] = [(str(lab.number), t.plain(lab.answer)) for lab in labels]
        out["choices_offered"] = sorted(
            {t.plain(x) for x in [lab.answer for lab in labels] + list(q.distractors)}
        )
    return out


def _round_trip(root: etree._Element, quiz_questions: tuple[AnyQuestion, ...], ctx: ExportContext) -> None:
    items = list(root.iter("item"))
    assert [i.get("ident") for i in items] == [q.id for q in quiz_questions]
    for item, q in zip(items, quiz_questions, strict=True):
        assert read_back(item) == expected(q, ctx), q.id


@pytest.mark.parametrize("question_type", TYPES)
def test_fixture_packages_validate_and_round_trip(question_type: str) -> None:
    ((_, data),) = export_fixture("canvas-qti", question_type).files
    root = check_package(question_type, members(data))
    _round_trip(root, fixture_quiz(question_type).questions, fixture_context())


def test_every_real_package_validates_and_round_trips(real_exports: dict) -> None:
    report = real_exports["canvas-qti"]
    ctx = ExportContext(TextRenderer(load.references()), LessonImages())
    seen = set()
    for export in report.exports:
        ((name, _),) = export.files
        root = check_package(name, members((report.out_dir / name).read_bytes()))
        quiz = load_quiz(export.quiz_id)
        _round_trip(root, quiz.questions, ctx)
        seen.update(q.id for q in quiz.questions)
    assert seen == set(load.questions_by_id())


def test_the_dtd_rejects_what_it_should() -> None:
    ((_, data),) = export_fixture("canvas-qti", "single").files
    xml = members(data)["quiz-type-single/quiz-type-single.xml"]
    for broken in (
        xml.replace(b'rcardinality="Single"', b'rcardinality="One"'),
        xml.replace(b"<render_choice>", b"<render_choices>").replace(
            b"</render_choice>", b"</render_choices>"
        ),
        xml.replace(b"<resprocessing>", b"<resprocessing><oops/>"),
    ):
        assert not dtd().validate(for_dtd(broken))


def test_the_rules_catch_what_the_dtd_cannot() -> None:
    ((_, data),) = export_fixture("canvas-qti", "single").files
    xml = members(data)["quiz-type-single/quiz-type-single.xml"]
    for broken in (
        xml.replace(b"multiple_choice_question", b"multiple_choice"),
        xml.replace(b"<fieldentry>1.0</fieldentry>", b"<fieldentry>0</fieldentry>"),
        xml.replace(b'linkrefid="fixture-single-c1_fb"', b'linkrefid="nowhere"'),
    ):
        item = for_dtd(broken).find(".//item")
        with pytest.raises(AssertionError):
            check_item_rules(item)
