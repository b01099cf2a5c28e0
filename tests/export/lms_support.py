"""Shared by the export tests: fixture banks, golden files, the IMS schemas and zip helpers.

Golden files come from the small fixture banks in ``fixtures/content/quizzes`` (one question of
each type, written with every character GIFT reserves), never from the real banks, which other
authors change. Regenerate them after a deliberate change with
``LESSON_UPDATE_GOLDEN=1 pytest tests/export/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from lesson.content_model import load
from lesson.content_model.questions import MODELS, LabellingQuestion
from lesson.lms.common import ExportContext, Quiz, QuizExport, load_quiz, quiz_ids
from lesson.lms.run import WRITERS
from lesson.lms.text import TextRenderer
from lesson.paths import REPO_ROOT

HERE = Path(__file__).resolve().parent
FIXTURE_ROOT = HERE / "fixtures" / "content"
GOLDEN_DIR = HERE / "golden"
UPDATE_GOLDEN = os.environ.get("LESSON_UPDATE_GOLDEN") == "1"
TYPES = tuple(MODELS)
FAKE_PNG = b"\x89PNG\r\n\x1a\n" + b"fixture image"
NODE_MODULES = REPO_ROOT / "tests" / "browser" / "node_modules"


class FakeImages:
    """A fixed stand-in for the diagram, so golden files do not change when the drawing does."""

    def png(self, diagram_id: str) -> bytes:
        return FAKE_PNG

    def alt(self, diagram_id: str) -> str:
        return f"Numbered drawing ({diagram_id}): 1 is at the top, 2 below it, 3 at the bottom."


def schemas_dir() -> Path:
    """``<repo>/../shared/reference/schemas`` (CI clones the repo with shared/ beside it)."""
    folder = (REPO_ROOT.parent / "shared" / "reference" / "schemas").resolve()
    if not (folder / "qti21" / "imsqti_v2p1p2.xsd").is_file() or not (folder / "qti12").is_dir():
        pytest.fail(
            f"IMS schemas not found in {folder}: the export tests need shared/reference/schemas "
            "beside the repository (see its README)"
        )
    return folder


def fixture_context() -> ExportContext:
    return ExportContext(TextRenderer(load.references(FIXTURE_ROOT)), FakeImages())


def fixture_quiz(question_type: str) -> Quiz:
    return load_quiz(f"type-{question_type}", FIXTURE_ROOT)


def fixture_quizzes() -> list[Quiz]:
    return [load_quiz(q, FIXTURE_ROOT) for q in quiz_ids(FIXTURE_ROOT)]


def export_fixture(fmt: str, question_type: str) -> QuizExport:
    return WRITERS[fmt].export_quiz(fixture_quiz(question_type), fixture_context())


def members(data: bytes) -> dict[str, bytes]:
    """A zip's members by name, in archive order."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def text_files(export: QuizExport) -> dict[str, bytes]:
    """Every file of an export that is text (zips opened), by path; images left out."""
    out: dict[str, bytes] = {}
    for name, data in export.files:
        if name.endswith(".zip"):
            out.update({n: d for n, d in members(data).items() if not n.endswith(".png")})
        elif not name.endswith(".png"):
            out[name] = data
    return out


def gift_parser_script() -> Path:
    if not (NODE_MODULES / "gift-pegjs" / "package.json").is_file():
        pytest.fail(
            "gift-pegjs is not installed: run `npm ci --prefix tests/browser` "
            "(make unit and make browser do this)"
        )
    return HERE / "gift_parse.js"


def label_pairs(q: LabellingQuestion, t: TextRenderer) -> list[tuple[str, str]]:
    """A labelling question as matching pairs (Moodle XML, GIFT): part numbers, then distractors."""
    labels = sorted(q.labels, key=lambda lab: lab.number)
    named = [(str(lab.number), t.plain(lab.answer)) for lab in labels]
    return named + [("", t.plain(d)) for d in q.distractors]
