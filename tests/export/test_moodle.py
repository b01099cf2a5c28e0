"""Moodle XML: the shape of Moodle's own fixtures, and a round trip back to the bank.

The shapes below are read from moodle/moodle: ``question/format/xml/format.php`` (the writer:
element order) and ``question/type/{multichoice,match,ordering}/tests/fixtures/testquestion.moodle.xml``
and ``question/format/xml/tests/fixtures/truefalse.xml`` (what the importer reads). Moodle's files
are GPL and are not copied here; only the element names and allowed values are.
"""

from __future__ import annotations

import re

import pytest
from lms_support import TYPES, export_fixture, fixture_context, fixture_quiz, label_pairs
from lxml import etree

from lesson.content_model import load
from lesson.content_model import questions as qm
from lesson.content_model.questions import VERDICT_LABELS, AnyQuestion
from lesson.lms import moodle
from lesson.lms.common import ExportContext, LessonImages, load_quiz
from lesson.lms.text import TextRenderer, plain_from_html

HEAD = ["name", "questiontext", "generalfeedback", "defaultgrade", "penalty", "hidden", "idnumber"]
COMBINED = ["correctfeedback", "partiallycorrectfeedback", "incorrectfeedback", "shownumcorrect"]
TAIL = ["hint*", "tags?"]
SHAPES = {
    "multichoice": HEAD
    + ["single", "shuffleanswers", "answernumbering", "showstandardinstruction", *COMBINED, "answer+", *TAIL],
    "truefalse": HEAD + ["answer", "answer", *TAIL],
    "numerical": HEAD
    + ["answer+", "units?", "unitgradingtype", "unitpenalty", "showunits", "unitsleft", *TAIL],
    "matching": HEAD + ["shuffleanswers", *COMBINED, "subquestion+", *TAIL],
    "ordering": HEAD
    + [
        "layouttype",
        "selecttype",
        "selectcount",
        "gradingtype",
        "showgrading",
        "numberingstyle",
        *COMBINED,
        "answer+",
        *TAIL,
    ],
}
VALUES = {
    "single": {"true", "false"},
    "shuffleanswers": {"true", "false"},
    "answernumbering": {"abc", "ABCD", "123", "iii", "IIII", "none"},
    "showstandardinstruction": {"0", "1"},
    "hidden": {"0", "1"},
    "layouttype": {"VERTICAL", "HORIZONTAL"},
    "selecttype": {"ALL", "RANDOM", "CONTIGUOUS"},
    "gradingtype": {
        "ABSOLUTE_POSITION",
        "RELATIVE_POSITION",
        "RELATIVE_NEXT_EXCLUDE_LAST",
        "RELATIVE_NEXT_INCLUDE_LAST",
        "RELATIVE_ONE_PREVIOUS_AND_NEXT",
        "RELATIVE_ALL_PREVIOUS_AND_NEXT",
        "LONGEST_ORDERED_SUBSET",
        "LONGEST_CONTIGUOUS_SUBSET",
        "ALL_OR_NOTHING",
    },
    "showgrading": {"SHOW", "HIDE"},
    "numberingstyle": {"none", "abc", "ABCD", "123", "iii", "IIII"},
    "unitgradingtype": {"0", "1", "2"},
    "showunits": {"0", "1", "2", "3"},
    "unitsleft": {"0", "1"},
}
TEXT_HOLDERS = {
    "name",
    "questiontext",
    "generalfeedback",
    "correctfeedback",
    "partiallycorrectfeedback",
    "incorrectfeedback",
    "hint",
    "answer",
    "subquestion",
    "info",
    "category",
}


def _pattern(shape: list[str]) -> re.Pattern[str]:
    parts = []
    for tag in shape:
        name, mark = (tag[:-1], tag[-1]) if tag[-1] in "*+?" else (tag, "")
        parts.append(f"(?:{name},){mark}")
    return re.compile("^" + "".join(parts) + "$")


def check_shape(question: etree._Element) -> None:
    qtype = question.get("type")
    children = [c.tag for c in question if isinstance(c.tag, str)]
    assert _pattern(SHAPES[qtype]).match("".join(f"{t}," for t in children)), (qtype, children)
    for child in question:
        if not isinstance(child.tag, str):
            continue
        if child.tag in VALUES:
            assert child.text in VALUES[child.tag], (child.tag, child.text)
        if child.tag in TEXT_HOLDERS:
            assert child.find("text") is not None, f"<{child.tag}> needs a <text>"
        if child.tag in TEXT_HOLDERS - {"name", "answer", "subquestion"}:
            assert child.get("format") == "html"
    for answer in question.findall("answer"):
        assert re.fullmatch(r"-?\d+(\.\d+)?", answer.get("fraction", "")), answer.get("fraction")
    for sub in question.findall("subquestion"):
        assert sub.find("answer/text") is not None
    for tag in question.findall("tags/tag"):
        assert tag.find("text") is not None and tag.find("text").text


def parse(data: bytes) -> etree._Element:
    root = etree.fromstring(data)
    assert root.tag == "quiz"
    first = root.find("question")
    assert first is not None and first.get("type") == "category"
    assert first.findtext("category/text").startswith("$course$/top/")
    return root


def questions(root: etree._Element) -> list[etree._Element]:
    return [q for q in root.findall("question") if q.get("type") != "category"]


def _text(el: etree._Element | None, path: str = "text") -> str:
    found = el.find(path) if el is not None else None
    return plain_from_html(found.text or "") if found is not None else ""


def read_back(question: etree._Element) -> dict:
    """What an importer gets back from one <question>, as plain values."""
    qtype = question.get("type")
    out: dict = {
        "type": qtype,
        "id": question.findtext("idnumber"),
        "prompt": _text(question.find("questiontext")),
        "explanation": _text(question.find("generalfeedback")),
        "hints": [_text(h) for h in question.findall("hint")],
        "tags": [t.findtext("text") for t in question.findall("tags/tag")],
    }
    if qtype in ("multichoice", "truefalse", "ordering"):
        out["answers"] = [
            (_text(a), float(a.get("fraction")), _text(a.find("feedback")))
            for a in question.findall("answer")
        ]
    if qtype == "multichoice":
        out["single"] = question.findtext("single") == "true"
        out["shuffle"] = question.findtext("shuffleanswers") == "true"
    if qtype == "numerical":
        answer = question.find("answer")
        out["number"] = float(answer.findtext("text"))
        out["tolerance"] = float(answer.findtext("tolerance"))
        out["units"] = [u.findtext("unit_name") for u in question.findall("units/unit")]
    if qtype == "matching":
        out["pairs"] = [
            (_text(s), (s.findtext("answer/text") or "")) for s in question.findall("subquestion")
        ]
    if "@@PLUGINFILE@@" in (question.findtext("questiontext/text") or ""):
        out["files"] = {f.get("name"): f.text for f in question.findall("questiontext/file")}
    return out


def expected(q: AnyQuestion, ctx: ExportContext) -> dict:
    """The same values, computed from the bank."""
    t = ctx.text
    out: dict = {
        "id": q.id,
        "prompt": plain_from_html(t.block(q.prompt)),
        "explanation": plain_from_html(t.general_feedback(q.explanation, q.sources)),
        "hints": [plain_from_html(t.block(h)) for h in q.hints],
        "tags": [f"objective-{q.objective}", f"difficulty-{q.difficulty}"]
        + ([f"claim-{q.claim}"] if getattr(q, "claim", None) else []),
    }
    if isinstance(q, qm.SingleQuestion):
        out |= {
            "type": "multichoice",
            "single": True,
            "shuffle": True,
            "answers": [
                (t.plain(o.text), 100.0 if o.correct else 0.0, plain_from_html(t.block(o.feedback)))
                for o in q.options
            ],
        }
    elif isinstance(q, qm.MultipleQuestion):
        k = sum(o.correct for o in q.options)
        out |= {
            "type": "multichoice",
            "single": False,
            "shuffle": True,
            "answers": [
                (
                    t.plain(o.text),
                    round(100 / k if o.correct else -100 / k, 5),
                    plain_from_html(t.block(o.feedback)),
                )
                for o in q.options
            ],
        }
    elif isinstance(q, qm.VerdictQuestion):
        out |= {
            "type": "multichoice",
            "single": True,
            "shuffle": False,
            "answers": [
                (label, 100.0 if key == q.answer else 0.0, plain_from_html(t.block(q.feedback[key])))
                for key, label in VERDICT_LABELS.items()
            ],
        }
    elif isinstance(q, qm.TrueFalseQuestion):
        out |= {
            "type": "truefalse",
            "answers": [
                (str(v).lower(), 100.0 if v == q.answer else 0.0, plain_from_html(t.block(q.feedback[v])))
                for v in (True, False)
            ],
        }
    elif isinstance(q, qm.NumericQuestion):
        out |= {
            "type": "numerical",
            "number": q.answer,
            "tolerance": q.tolerance,
            "units": [q.unit.strip()] if q.unit.strip() else [],
        }
    elif isinstance(q, qm.OrderingQuestion):
        out |= {
            "type": "ordering",
            "answers": [(t.plain(item), float(i), "") for i, item in enumerate(q.items, 1)],
        }
    elif isinstance(q, qm.MatchingQuestion):
        out |= {"type": "matching", "pairs": [(t.plain(p.left), t.plain(p.right)) for p in q.pairs]}
    elif isinstance(q, qm.LabellingQuestion):
        out |= {"type": "matching", "pairs": label_pairs(q, t)}
    return out


def _round_trip(xml: bytes, quiz_questions: tuple[AnyQuestion, ...], ctx: ExportContext) -> None:
    read = [read_back(q) for q in questions(parse(xml))]
    assert [r["id"] for r in read] == [q.id for q in quiz_questions]
    for got, q in zip(read, quiz_questions, strict=True):
        files = got.pop("files", None)
        want = expected(q, ctx)
        if "answers" in got and isinstance(q, qm.MultipleQuestion):
            got["answers"] = [(a, round(f, 5), fb) for a, f, fb in got["answers"]]
        assert got == want, q.id
        if isinstance(q, qm.LabellingQuestion):
            assert files and set(files) == {f"{q.image}.png"}


@pytest.mark.parametrize("question_type", TYPES)
def test_fixture_questions_have_the_shape_of_moodle_fixtures(question_type: str) -> None:
    ((_, data),) = export_fixture("moodle-xml", question_type).files
    (question,) = questions(parse(data))
    check_shape(question)


@pytest.mark.parametrize("question_type", TYPES)
def test_fixture_questions_round_trip(question_type: str) -> None:
    ((_, data),) = export_fixture("moodle-xml", question_type).files
    _round_trip(data, fixture_quiz(question_type).questions, fixture_context())


def test_every_real_question_has_a_moodle_shape_and_round_trips(real_exports: dict) -> None:
    report = real_exports["moodle-xml"]
    ctx = ExportContext(TextRenderer(load.references()), LessonImages())
    seen = set()
    for export in report.exports:
        ((name, _),) = export.files
        data = (report.out_dir / name).read_bytes()
        for question in questions(parse(data)):
            check_shape(question)
        quiz = load_quiz(export.quiz_id)
        _round_trip(data, quiz.questions, ctx)
        seen.update(q.id for q in quiz.questions)
    assert seen == set(load.questions_by_id())


def test_multiple_choice_grades_add_up_as_moodle_requires() -> None:
    """Moodle rejects a multi-answer question whose positive grades do not sum to 100% (to 2 decimals)."""
    for k in range(1, 11):
        grade = float(moodle.fraction_percent(1 / k))
        assert round(grade * k, 2) == 100.0, k
        assert float(moodle.fraction_percent(-1 / k)) == -grade


def test_the_category_path_escapes_slashes() -> None:
    assert moodle.category_path("Pain / relief") == "$course$/top/Lower-back spasms/Pain // relief"


def test_the_shape_check_catches_what_moodle_would_misread() -> None:
    ((_, data),) = export_fixture("moodle-xml", "single").files
    for broken in (
        data.replace(b"<single>true</single>", b"<single>yes</single>"),
        data.replace(b"<hidden>0</hidden>\n", b"").replace(
            b"<idnumber>fixture-single</idnumber>", b"<idnumber>fixture-single</idnumber><hidden>0</hidden>"
        ),
        data.replace(b'<answer fraction="100"', b'<answer fraction="all"'),
    ):
        (question,) = questions(parse(broken))
        with pytest.raises(AssertionError):
            check_shape(question)
