"""QTI 2.1 packages: every test and item valid against the IMS XSD, the package self-consistent, and
every item scoring exactly as the lesson grades (checked by running its response processing)."""

from __future__ import annotations

import random
from functools import cache
from typing import Any

import pytest
from lms_support import TYPES, export_fixture, fixture_context, fixture_quizzes, members, schemas_dir
from lxml import etree
from qti_eval import Item

from lesson.content_model import load
from lesson.content_model import questions as qm
from lesson.content_model.questions import VERDICTS, AnyQuestion
from lesson.lms import qti21
from lesson.lms.common import QuizExport, load_quiz
from lesson.quiz.question_types import grade

CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"


@cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(schemas_dir() / "qti21" / "imsqti_v2p1p2.xsd")))


def assert_valid(name: str, data: bytes) -> None:
    doc = etree.fromstring(data)
    if not schema().validate(doc):
        errors = "\n".join(f"  line {e.line}: {e.message}" for e in schema().error_log)
        pytest.fail(f"{name} is not valid QTI 2.1:\n{errors}")


def check_package(name: str, files: dict[str, bytes]) -> None:
    """Manifest, test and items agree; nothing is missing and nothing is left over."""
    manifest = etree.fromstring(files["imsmanifest.xml"])
    assert manifest.findtext(f"{CP}metadata/{CP}schema") == "QTIv2.1 Package"
    resources = {r.get("identifier"): r for r in manifest.iter(f"{CP}resource")}
    referenced = {f.get("href") for f in manifest.iter(f"{CP}file")}
    assert referenced == set(files) - {"imsmanifest.xml"}, name
    for resource in resources.values():
        assert resource.get("href") in files, (name, resource.get("href"))
        for dep in resource.iter(f"{CP}dependency"):
            assert dep.get("identifierref") in resources, (name, dep.get("identifierref"))
    types = sorted(r.get("type") for r in resources.values())
    assert types.count("imsqti_test_xmlv2p1") == 1
    test = etree.fromstring(files[qti21.TEST_FILE])
    refs = [r.get("href") for r in test.iter(f"{QTI}assessmentItemRef")]
    items = sorted(n for n in files if n.startswith(qti21.ITEMS_DIR) and n.endswith(".xml"))
    assert sorted(refs) == items, name
    for href in refs:
        item = etree.fromstring(files[href])
        for img in item.iter(f"{QTI}img"):
            assert (href.rsplit("/", 1)[0] + "/" + img.get("src")) in files, img.get("src")
        assert item.get("identifier") == href.rsplit("/", 1)[1].removesuffix(".xml") or item.get(
            "identifier"
        ) == qti21.identifier(href.rsplit("/", 1)[1].removesuffix(".xml"))


def _package(fmt_export: QuizExport) -> dict[str, bytes]:
    ((_, data),) = fmt_export.files
    return members(data)


@pytest.mark.parametrize("question_type", TYPES)
def test_fixture_packages_validate(question_type: str) -> None:
    files = _package(export_fixture("qti21", question_type))
    for name, data in files.items():
        if name.endswith(".xml") and name != "imsmanifest.xml":
            assert_valid(name, data)
    check_package(question_type, files)


def test_every_real_package_validates(real_exports: dict) -> None:
    report = real_exports["qti21"]
    checked = 0
    for export in report.exports:
        ((name, _),) = export.files
        files = members((report.out_dir / name).read_bytes())
        for member, data in files.items():
            if member.endswith(".xml") and member != "imsmanifest.xml":
                assert_valid(f"{name}:{member}", data)
                checked += 1
        check_package(name, files)
    assert checked == report.copies + len(report.exports)


def test_the_schema_rejects_what_it_should() -> None:
    files = _package(export_fixture("qti21", "single"))
    item = files["items/fixture-single.xml"]
    for broken in (
        item.replace(b'maxChoices="1"', b'maxChoices="1" colour="red"'),
        item.replace(b"<simpleChoice", b"<choice").replace(b"</simpleChoice>", b"</choice>"),
        item.replace(b'shuffle="true"', b'shuffle="maybe"'),
        item.replace(b'<simpleChoice identifier="C1">', b'<simpleChoice identifier="1C">'),
    ):
        assert not schema().validate(etree.fromstring(broken))


# --- scoring: run each item's response processing and compare with lesson.quiz.grading -------------


def _responses(q: AnyQuestion, rng: random.Random) -> list[tuple[Any, Any]]:
    """(lesson response, QTI response) pairs: the right answer, then random ones."""
    out: list[tuple[Any, Any]] = []
    if isinstance(q, qm.SingleQuestion):
        out = [(i, f"C{i + 1}") for i in range(len(q.options))]
    elif isinstance(q, qm.MultipleQuestion):
        n = len(q.options)
        picks = [{i for i, o in enumerate(q.options) if o.correct}]
        picks += [{i for i in range(n) if rng.random() < 0.5} or {0} for _ in range(12)]
        out = [(p, frozenset(f"C{i + 1}" for i in p)) for p in picks]
    elif isinstance(q, qm.TrueFalseQuestion):
        out = [(v, "true" if v else "false") for v in (True, False)]
    elif isinstance(q, qm.VerdictQuestion):
        out = [(v, v) for v in VERDICTS]
    elif isinstance(q, qm.NumericQuestion):
        values = [
            q.answer,
            q.answer + q.tolerance,
            q.answer - q.tolerance,
            q.answer + q.tolerance + 1,
            q.answer - q.tolerance - 0.5,
            q.answer * 2 + 3,
        ]
        out = [(repr(v), v) for v in values]
    elif isinstance(q, qm.OrderingQuestion):
        orders = [list(range(len(q.items)))] + [
            rng.sample(range(len(q.items)), len(q.items)) for _ in range(12)
        ]
        out = [([q.items[i] for i in order], [f"I{i + 1}" for i in order]) for order in orders]
    elif isinstance(q, qm.MatchingQuestion):
        n = len(q.pairs)
        maps = [list(range(n))] + [rng.sample(range(n), n) for _ in range(12)]
        out = [
            (
                {q.pairs[i].left: q.pairs[j].right for i, j in enumerate(m)},
                frozenset(f"L{i + 1} R{j + 1}" for i, j in enumerate(m)),
            )
            for m in maps
        ]
    elif isinstance(q, qm.LabellingQuestion):
        labels = sorted(q.labels, key=lambda lab: lab.number)
        names = [lab.answer for lab in labels] + list(q.distractors)
        maps = [list(range(len(labels)))] + [rng.sample(range(len(names)), len(labels)) for _ in range(12)]
        out = [
            (
                {lab.number: names[j] for lab, j in zip(labels, m, strict=True)},
                frozenset(f"P{lab.number} N{j + 1}" for lab, j in zip(labels, m, strict=True)),
            )
            for m in maps
        ]
    return out


def check_scoring(q: AnyQuestion, item_xml: bytes) -> int:
    item = Item(item_xml)
    rng = random.Random(q.id)
    checked = 0
    for lesson_response, qti_response in _responses(q, rng):
        expected = grade(q, lesson_response)
        assert expected.status != "invalid", (q.id, lesson_response)
        outcomes = item.run({"RESPONSE": qti_response})
        assert outcomes["SCORE"] == pytest.approx(expected.score, abs=1e-9), (q.id, lesson_response)
        done = expected.correct or qti21.attempts(q) <= 1
        assert (outcomes["SOLUTION"] == "SOLUTION") == done, (q.id, lesson_response)
        if "FEEDBACK" in outcomes:
            assert outcomes["FEEDBACK"] == qti_response
        checked += 1
    last_try = item.run({"RESPONSE": None}, num_attempts=qti21.attempts(q))
    assert last_try["SOLUTION"] == "SOLUTION", "the explanation shows once the tries are used up"
    for k in range(1, len(q.hints) + 1):
        asked = item.run({"RESPONSE": None, f"HINTREQUEST{k}": True})
        assert asked["HINT"] == frozenset(f"HINT{i}" for i in range(1, k + 1))
        assert asked["SCORE"] == 0 and asked["SOLUTION"] is None
    return checked


def test_fixture_items_score_as_the_lesson_grades() -> None:
    for quiz in fixture_quizzes():
        for q in quiz.questions:
            assert check_scoring(q, qti21.item_xml(q, fixture_context())) >= 2


def test_every_real_item_scores_as_the_lesson_grades(real_exports: dict) -> None:
    report = real_exports["qti21"]
    seen = set()
    for export in report.exports:
        ((name, _),) = export.files
        files = members((report.out_dir / name).read_bytes())
        for q in load_quiz(export.quiz_id).questions:
            check_scoring(q, files[f"{qti21.ITEMS_DIR}{q.id}.xml"])
            seen.add(q.id)
    assert seen == set(load.questions_by_id())


def test_attempts_leave_room_for_every_hint() -> None:
    for quiz in fixture_quizzes():
        for q in quiz.questions:
            test = etree.fromstring(qti21.test_xml(quiz))
            ref = test.find(f".//{QTI}assessmentItemRef/{QTI}itemSessionControl")
            assert int(ref.get("maxAttempts")) == q.max_tries + len(q.hints)
