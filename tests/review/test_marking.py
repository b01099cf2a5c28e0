"""Certainty-based marking (issue 16): Moodle's scheme, calibration words, safety first."""

from __future__ import annotations

import pytest

from lesson.review import marking as M


def test_moodle_scheme() -> None:
    assert [M.mark(True, lv) for lv in M.LEVELS] == [1, 2, 3]
    assert [M.mark(False, lv) for lv in M.LEVELS] == [0, -2, -6]
    with pytest.raises(ValueError):
        M.mark(True, "sure")


def test_summary_and_calibration_line() -> None:
    answers = [M.Answer("c", f"q{i}", i != 0, "high") for i in range(10)]
    answers += [M.Answer("c", "m1", True, "medium"), M.Answer("c", "m2", False, "low")]
    s = M.summarise(answers)
    assert s.marks == 9 * 3 - 6 + 2 + 0
    assert s.best == 36 and s.answered == 12
    lines = M.calibration_lines(s)
    assert lines[0] == "When you were very sure, you were right about 9 times in 10."
    assert lines[1] == "When you were fairly sure, you were right that one time."
    assert lines[2] == "When you were not sure, you were right none of the time."
    assert M.mark_line(s) == "Certainty-based mark: 23 out of a possible 36 (12 answers with a certainty)."
    assert M.advice(s) == ""  # 9 in 10 is worth the risk


def test_small_counts_and_advice() -> None:
    s = M.summarise([M.Answer("c", "a", True, "high"), M.Answer("c", "b", False, "high"),
                     M.Answer("c", "d", True, "high"), M.Answer("c", "e", False, "high")])
    assert M.calibration_lines(s) == ["When you were very sure, you were right 2 times out of 4."]
    assert "more than 8 times in 10" in M.advice(s)
    assert M.mark_line(M.summarise([])) == ""


def test_confidently_wrong_safety_questions_first() -> None:
    answers = [M.Answer("treatment", "t1", False, "high"),
               M.Answer("causes", "c1", False, "medium", safety=False),
               M.Answer("seek-help", "s1", False, "medium", safety=True),
               M.Answer("anatomy", "a1", False, "low"),
               M.Answer("seek-help", "s2", True, "high", safety=True)]
    s = M.summarise(answers)
    assert [a.question_id for a in s.confidently_wrong] == ["s1", "t1", "c1"]
    assert M.is_safety("seek-help", "x") and M.is_safety("final", "seek-help-emergency")
    assert not M.is_safety("treatment", "treatment-medicines")


def test_first_sure_answer_counts_and_reset_clears() -> None:
    versions = {("c", "q"): "v2", ("c", "r"): "v1"}
    rows = [("check", "c", "q", False, "high", "v1"),   # old version: ignored
            ("check", "c", "q", False, "", "v2"),       # no certainty: ignored
            ("check", "c", "q", False, "medium", "v2"),
            ("check", "c", "q", True, "high", "v2"),    # a later try: the first one counts
            ("check", "c", "r", True, "low", "v1")]
    assert M.first_sure_answers(rows, versions) == {("c", "q"): (False, "medium"), ("c", "r"): (True, "low")}
    rows += [("reset", "c", "", False, "", ""), ("check", "c", "r", True, "high", "v1")]
    assert M.first_sure_answers(rows, versions) == {("c", "r"): (True, "high")}
    rows += [("reset", "*", "", False, "", "")]
    assert M.first_sure_answers(rows, versions) == {}


def test_the_rules_are_pure() -> None:
    """marking and schedule never load widgets or plotting (layers go one way)."""
    import subprocess
    import sys

    code = ("import sys, lesson.review.marking, lesson.review.schedule, lesson.review.clock; "
            "print(sorted(m for m in ('ipywidgets', 'matplotlib', 'sqlite3') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
