"""Golden files: each fixture question (one per type) in each format, so any change in output is a
reviewed diff. ``LESSON_UPDATE_GOLDEN=1`` rewrites them."""

from __future__ import annotations

import pytest
from lms_support import (
    FAKE_PNG,
    GOLDEN_DIR,
    TYPES,
    UPDATE_GOLDEN,
    export_fixture,
    fixture_quizzes,
    members,
    text_files,
)

from lesson.content_model.questions import AnyQuestion
from lesson.lms.run import FORMATS

SCHEMA_TYPES = {t.model_fields["type"].annotation.__args__[0] for t in AnyQuestion.__args__}


@pytest.mark.parametrize("question_type", TYPES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_output_matches_the_golden_files(fmt: str, question_type: str) -> None:
    export = export_fixture(fmt, question_type)
    folder = GOLDEN_DIR / fmt / question_type
    produced = text_files(export)
    if UPDATE_GOLDEN:
        for old in folder.rglob("*"):
            if old.is_file():
                old.unlink()
        for name, data in produced.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
    stored = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert stored, f"no golden files in {folder}: run with LESSON_UPDATE_GOLDEN=1 and review them"
    assert sorted(produced) == sorted(stored), "the export writes other files than the golden set"
    for name, data in produced.items():
        assert data.decode("utf-8") == stored[name].decode("utf-8"), f"{fmt}/{question_type}/{name} changed"


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_labelling_diagram_travels_with_the_export(fmt: str) -> None:
    export = export_fixture(fmt, "labelling")
    files = dict(export.files)
    if fmt in ("qti21", "canvas-qti"):
        (package,) = files.values()
        images = {n: d for n, d in members(package).items() if n.endswith(".png")}
        assert list(images.values()) == [FAKE_PNG]
    elif fmt == "gift":
        assert files["lumbar-spine.png"] == FAKE_PNG
    else:  # Moodle XML embeds it, base64, in the question text
        assert (
            b'<file name="lumbar-spine.png" path="/" encoding="base64">iVBORw0KGgpmaXh0dXJlIGltYWdl</file>'
            in files["type-labelling.moodle.xml"]
        )


@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_are_reproducible(fmt: str) -> None:
    first = [export_fixture(fmt, t).files for t in TYPES]
    second = [export_fixture(fmt, t).files for t in TYPES]
    assert first == second


def test_the_fixture_banks_hold_one_question_of_every_type() -> None:
    types = {q.type for quiz in fixture_quizzes() for q in quiz.questions}
    assert types == set(TYPES) == set(SCHEMA_TYPES)
