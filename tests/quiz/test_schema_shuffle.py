"""Schema rules, content versions and deterministic option order (also across processes)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pydantic import ValidationError

from lesson import paths
from lesson.content_model.questions import QUESTION_ADAPTER, Bank, version
from lesson.quiz import bank, shuffle

BASE = {"id": "x-1", "prompt": "p", "objective": "o", "difficulty": "easy", "sources": ["r"],
        "explanation": "e"}


def _opts(*flags: bool) -> list[dict]:
    return [{"text": f"t{i}", "correct": f, "feedback": "f"} for i, f in enumerate(flags)]


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ({"type": "single", "options": _opts(True, True)}, "exactly one correct"),
        ({"type": "single", "options": _opts(False, False)}, "exactly one correct"),
        ({"type": "multiple", "options": _opts(False, False)}, "at least one correct"),
        ({"type": "numeric", "answer": 5, "unit": ""}, "tolerance"),
        ({"type": "numeric", "answer": 5, "tolerance": -1, "unit": ""}, "greater than or equal"),
        ({"type": "numeric", "answer": 5, "tolerance": 0}, "unit"),
        ({"type": "ordering", "items": ["a", "b"]}, "at least 3"),
        ({"type": "matching", "pairs": [{"left": "a", "right": "x"}, {"left": "a", "right": "y"},
                                        {"left": "c", "right": "z"}]}, "different left"),
        ({"type": "labelling", "image": "d", "labels": [{"number": 1, "answer": "a"},
                                                        {"number": 1, "answer": "b"}]}, "numbers"),
        ({"type": "truefalse", "answer": True, "feedback": {True: "y"}}, "two entries"),
        ({"type": "verdict", "answer": "true", "feedback": {"true": "y"}}, "missing"),
        ({"type": "single", "options": _opts(True, False), "colour": "red"}, "Extra inputs"),
        ({"type": "essay"}, "does not match any of the expected tags"),
    ],
)
def test_schema_rejects(extra, fragment):
    with pytest.raises(ValidationError, match=fragment):
        QUESTION_ADAPTER.validate_python({**BASE, **extra})


def test_schema_needs_a_source_and_a_good_id():
    good = {**BASE, "type": "single", "options": _opts(True, False)}
    QUESTION_ADAPTER.validate_python(good)
    with pytest.raises(ValidationError):
        QUESTION_ADAPTER.validate_python({**good, "sources": []})
    with pytest.raises(ValidationError):
        QUESTION_ADAPTER.validate_python({**good, "id": "Bad Id"})


def test_version_changes_with_content_only(q):
    single = q["fx-single"]
    assert version(single) == version(single.model_copy())
    edited = single.model_copy(update={"prompt": single.prompt + "?"})
    assert version(edited) != version(single) and len(version(single)) == 16


def test_shuffle_is_a_fixed_permutation(q):
    order = shuffle.option_order(q["fx-single"])
    assert sorted(order) == [0, 1, 2] and order == shuffle.option_order(q["fx-single"])


def _real_banks() -> list[Bank]:
    bank.clear_cache()
    ids = [p.stem for p in sorted(paths.content_path("quizzes").glob("*.yaml"))]
    return [bank.load_bank(i) for i in ids]


def test_correct_answer_is_not_always_first_in_real_banks():
    firsts = []
    for b in _real_banks():
        for question in b.questions:
            if question.type in ("single", "multiple"):
                order = shuffle.option_order(question)
                firsts.append(question.options[order[0]].correct)
    assert len(firsts) >= 2, "the real banks should have choice questions"
    assert not all(firsts), "the correct answer is shown first in every choice question"


def test_order_is_identical_in_another_process(tmp_path):
    code = ("from lesson.quiz.bank import load_bank, bank_ids; from lesson.quiz.shuffle import option_order;"
            "print([(q.id, option_order(q)) for i in bank_ids() for q in load_bank(i).questions"
            " if q.type in ('single', 'multiple')])")
    home = tmp_path / "home"  # never the developer's own home, cache or progress database
    home.mkdir()
    env = {"PATH": "", "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"),
           "XDG_DATA_HOME": str(home / ".local/share"), "LESSON_DB": str(home / "progress.sqlite3")}
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**env, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    bank.clear_cache()
    here = str([(q.id, shuffle.option_order(q)) for i in bank.bank_ids() for q in bank.load_bank(i).questions
                if q.type in ("single", "multiple")])
    assert runs == {here + "\n"} and "[(" in here
    assert list(home.rglob("*")) == [], "loading the banks wrote files"
