"""The question-type registry covers every question model, and every per-type table covers every type.

A ninth question type is its model in ``content_model/questions.py`` (added to the ``Question``
union), one entry in ``quiz.question_types.TYPES`` and one in each table below; this test names
the table that is missing it.
"""

from __future__ import annotations

import importlib.util
import inspect
from pathlib import Path

import pytest

from lesson.content_model import load
from lesson.content_model import questions as qm
from lesson.lms import canvas, common, gift, moodle, qti21
from lesson.quiz import controls
from lesson.quiz.question_types import TYPES, answer_markdown, grade
from lesson.teacher import data

ROOT = Path(__file__).resolve().parents[2]


def _class_sample():
    spec = importlib.util.spec_from_file_location("class_sample", ROOT / "benchmarks" / "class_sample.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _models_in_module() -> set[type]:
    """Every question model written in questions.py (a subclass of the shared question base)."""
    return {
        cls
        for _, cls in inspect.getmembers(qm, inspect.isclass)
        if issubclass(cls, qm._QuestionBase) and cls is not qm._QuestionBase
    }


def test_models_lists_every_question_model():
    assert set(qm.MODELS.values()) == _models_in_module()
    for name, model in qm.MODELS.items():
        assert model.model_fields["type"].annotation.__args__ == (name,)


TABLES = {
    "quiz.question_types.TYPES": TYPES,
    "quiz.controls.CONTROLS": controls.CONTROLS,
    "teacher.data.DISTRIBUTIONS": data.DISTRIBUTIONS,
    "lms.moodle.MOODLE_QTYPE": moodle.MOODLE_QTYPE,
    "lms.moodle.BODIES": moodle.BODIES,
    "lms.gift.ANSWERS": gift.ANSWERS,
    "lms.canvas.CANVAS_TYPE": canvas.CANVAS_TYPE,
    "lms.canvas.ITEMS": canvas.ITEMS,
    "lms.qti21.INTERACTIONS": qti21.INTERACTIONS,
}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_table_covers_every_type(name):
    assert set(TABLES[name]) == set(qm.MODELS), f"{name} must have one entry per question type"


def test_class_sample_covers_every_type():
    assert set(_class_sample().RESPONSES) == set(qm.MODELS)


def test_registry_entries_are_complete():
    for name, entry in TYPES.items():
        assert entry.model is qm.MODELS[name]
        assert callable(entry.grade) and callable(entry.answer)


@pytest.mark.parametrize("writer", [gift, canvas, qti21])
def test_lossy_mappings_are_declared_notes(writer):
    """Each LMS writer either holds a type as it is or declares the note that says what is lost."""
    for qtype, key in writer.LOSSY.items():
        assert qtype in qm.MODELS
        assert key in common.PER_QUESTION and key.startswith(writer.FORMAT + "/")


def test_every_type_works_on_a_real_question():
    """The content holds every type; each grades bad input without raising and states its answer."""
    seen = {}
    for quiz_id in load.bank_ids():
        for q in load.questions(quiz_id):
            seen.setdefault(q.type, q)
    assert set(seen) == set(qm.MODELS)
    for q in seen.values():
        assert grade(q, None).status == "invalid"
        assert answer_markdown(q).strip()
        assert (TYPES[q.type].picks is None) == (q.type not in ("ordering", "matching", "labelling"))
