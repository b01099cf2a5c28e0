"""GIFT files: parsed by an independent parser, gift-pegjs (pinned in tests/browser/package.json), which
is stricter than Moodle about ``=`` and ``:``; what it reads back must equal the bank."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from lms_support import TYPES, export_fixture, fixture_context, fixture_quiz, gift_parser_script, label_pairs

from lesson.content_model import load
from lesson.content_model import questions as qm
from lesson.content_model.questions import VERDICT_LABELS, AnyQuestion
from lesson.lms import gift
from lesson.lms.common import ExportContext, LessonImages, fraction_percent, load_quiz, positions, tags
from lesson.lms.text import TextRenderer

# gift-pegjs 1.0.2 decodes escapes everywhere except in a matching answer (its PlainText rule keeps
# its internal placeholders); Moodle decodes them there too, so the tests do the same.
PLACEHOLDERS = {
    "&&092;": "\\",
    "&&058;": ":",
    "&&035;": "#",
    "&&061;": "=",
    "&&123;": "{",
    "&&125;": "}",
    "&&126;": "~",
    "&&010": "\n",
}


def parse_gift(paths: list[Path]) -> dict[str, list[dict]]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run gift-pegjs (it is installed with npm for the browser tests)")
    done = subprocess.run(
        [node, str(gift_parser_script()), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"gift-pegjs could not parse the export:\n{done.stderr}")
    return json.loads(done.stdout)


def _decode(text: str) -> str:
    for placeholder, char in PLACEHOLDERS.items():
        text = text.replace(placeholder, char)
    return text


def _txt(value: dict | None) -> str:
    return "" if value is None else value["text"]


def expected(q: AnyQuestion, ctx: ExportContext) -> dict:
    """What gift-pegjs must read back for ``q``."""
    t = ctx.text
    out: dict = {
        "title": q.id,
        "id": q.id,
        "tags": tags(q),
        "stem": gift._stem(q, ctx).removeprefix("[html]"),
        "general": t.general_feedback(q.explanation, q.sources),
    }
    out["stem"] = _unescape(out["stem"])
    if isinstance(q, (qm.SingleQuestion, qm.VerdictQuestion)):
        rows = (
            [(o.text, o.correct, o.feedback) for o in q.options]
            if isinstance(q, qm.SingleQuestion)
            else [(label, key == q.answer, q.feedback[key]) for key, label in VERDICT_LABELS.items()]
        )
        out |= {
            "type": "MC",
            "choices": [
                (t.inline(x) if isinstance(q, qm.SingleQuestion) else x, right, None, t.block(fb))
                for x, right, fb in rows
            ],
        }
    elif isinstance(q, qm.MultipleQuestion):
        k = sum(o.correct for o in q.options)
        out |= {
            "type": "MC",
            "choices": [
                (
                    t.inline(o.text),
                    False,
                    float(fraction_percent((1 if o.correct else -1) / k)),
                    t.block(o.feedback),
                )
                for o in q.options
            ],
        }
    elif isinstance(q, qm.TrueFalseQuestion):
        out |= {
            "type": "TF",
            "isTrue": q.answer,
            "feedback": [t.block(q.feedback[not q.answer]), t.block(q.feedback[q.answer])],
        }
    elif isinstance(q, qm.NumericQuestion):
        out |= {"type": "Numerical", "number": q.answer, "range": q.tolerance}
    elif isinstance(q, qm.MatchingQuestion):
        out |= {"type": "Matching", "pairs": [(t.inline(p.left), t.plain(p.right)) for p in q.pairs]}
    elif isinstance(q, qm.OrderingQuestion):
        out |= {
            "type": "Matching",
            "pairs": list(zip(positions(len(q.items)), [t.plain(i) for i in q.items], strict=True)),
        }
    elif isinstance(q, qm.LabellingQuestion):
        out |= {"type": "Matching", "pairs": label_pairs(q, t)}
    return out


def _unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append("\n" if nxt == "n" else nxt)
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def read_back(parsed: dict) -> dict:
    out: dict = {
        "type": parsed["type"],
        "title": parsed["title"],
        "id": parsed["id"],
        "tags": parsed["tags"],
        "stem": parsed["stem"]["text"],
        "general": _txt(parsed["globalFeedback"]),
    }
    assert parsed["stem"]["format"] == "html"
    if parsed["type"] == "MC":
        out["choices"] = [
            (c["text"]["text"], c["isCorrect"], c["weight"], _txt(c["feedback"])) for c in parsed["choices"]
        ]
    elif parsed["type"] == "TF":
        out |= {
            "isTrue": parsed["isTrue"],
            "feedback": [_txt(parsed["trueFeedback"]), _txt(parsed["falseFeedback"])],
        }
    elif parsed["type"] == "Numerical":
        (choice,) = parsed["choices"]
        assert choice["isCorrect"] and choice["text"]["type"] == "range"
        out |= {"number": choice["text"]["number"], "range": choice["text"]["range"]}
    elif parsed["type"] == "Matching":
        out["pairs"] = [(p["subquestion"]["text"], _decode(p["subanswer"])) for p in parsed["matchPairs"]]
    return out


def check_file(parsed: list[dict], quiz_questions: tuple[AnyQuestion, ...], ctx: ExportContext) -> None:
    category, *rest = parsed
    assert category["type"] == "Category" and category["title"].startswith("$course$/top/")
    assert [p["id"] for p in rest] == [q.id for q in quiz_questions]
    for p, q in zip(rest, quiz_questions, strict=True):
        assert read_back(p) == expected(q, ctx), q.id


def test_fixture_files_parse_and_read_back(tmp_path: Path) -> None:
    paths = []
    for question_type in TYPES:
        for name, data in export_fixture("gift", question_type).files:
            (tmp_path / name).write_bytes(data)
            if name.endswith(".txt"):
                paths.append(tmp_path / name)
    parsed = parse_gift(paths)
    ctx = fixture_context()
    for question_type, path in zip(TYPES, paths, strict=True):
        check_file(parsed[str(path)], fixture_quiz(question_type).questions, ctx)


def test_every_real_file_parses_and_reads_back(real_exports: dict) -> None:
    report = real_exports["gift"]
    paths = [report.out_dir / e.files[0][0] for e in report.exports]
    parsed = parse_gift(paths)
    ctx = ExportContext(TextRenderer(load.references()), LessonImages())
    seen = set()
    for export, path in zip(report.exports, paths, strict=True):
        quiz = load_quiz(export.quiz_id)
        check_file(parsed[str(path)], quiz.questions, ctx)
        seen.update(q.id for q in quiz.questions)
    assert seen == set(load.questions_by_id())
    assert (report.out_dir / "lumbar-spine.png").read_bytes().startswith(b"\x89PNG")


def test_escaping_survives_any_text(tmp_path: Path) -> None:
    """Questions whose every text is random GIFT syntax (and Markdown, and "->", and "//") parse back
    unchanged: the writer's escaping holds wherever a text can sit."""
    rng = random.Random(17)
    alphabet = [*"\\~=#{}:->%[]/*_`<&ab \n", "->", "####", "//", "\\n", "::", "[ng59]", "{T}", "\n\n"]

    def text() -> str:
        return "a " + "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))

    questions: list[AnyQuestion] = []
    for i in range(40):
        common = {
            "objective": "fixture-objective",
            "difficulty": "easy",
            "sources": ["ng59"],
            "explanation": text(),
            "hints": [text()],
            "prompt": text(),
        }
        questions.append(
            qm.SingleQuestion(
                id=f"random-single-{i}",
                type="single",
                **common,
                options=[
                    {"text": text(), "correct": True, "feedback": text()},
                    {"text": f"other {i}", "correct": False, "feedback": text()},
                ],
            )
        )
        questions.append(
            qm.MatchingQuestion(
                id=f"random-matching-{i}",
                type="matching",
                **common,
                pairs=[{"left": f"{text()} {n}", "right": f"{text()} {n}"} for n in range(3)],
            )
        )
    ctx = fixture_context()
    path = tmp_path / "random.gift.txt"
    path.write_text(
        "$CATEGORY: $course$/top/random\n\n" + "\n".join(gift.write_question(q, ctx) for q in questions),
        encoding="utf-8",
    )
    check_file(parse_gift([path])[str(path)], tuple(questions), ctx)


def test_the_parser_refuses_unescaped_gift(tmp_path: Path) -> None:
    """The check is not vacuous: the same question with one ':' or '{' left unescaped is refused."""
    path = tmp_path / "broken.gift.txt"
    path.write_text("::q::[html]<p>Ratio 2\\:1</p>{\n\t=It stays 2:1\n\t~No\n}\n", encoding="utf-8")
    with pytest.raises(pytest.fail.Exception, match="could not parse"):
        parse_gift([path])
    path.write_text("::q::[html]<p>a</p>{\n\t=x#see {this}\n\t~No\n}\n", encoding="utf-8")
    with pytest.raises(pytest.fail.Exception, match="could not parse"):
        parse_gift([path])
