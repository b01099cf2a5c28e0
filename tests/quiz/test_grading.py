"""Grading for every question type, including bad input, plus property tests."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lesson.content_model.questions import MultipleQuestion, NumericQuestion
from lesson.quiz.numeric import parse_number
from lesson.quiz.question_types import grade


def test_single(q):
    right = grade(q["fx-single"], 0)
    assert (right.correct, right.score, right.status) == (True, 1.0, "correct")
    assert right.feedback == "Right. [ref-a]"
    wrong = grade(q["fx-single"], 1)
    assert (wrong.correct, wrong.status, wrong.feedback) == (False, "wrong", "That is the neck. [ref-a]")
    for bad in (None, -1, 3, "0", True):
        assert grade(q["fx-single"], bad).status == "invalid"


@pytest.mark.parametrize(
    ("picks", "score", "status"),
    [({0, 1}, 1.0, "correct"), ({0}, 0.5, "partial"), ({0, 1, 2}, 0.5, "partial"), ({0, 2}, 0.0, "wrong"),
     ({2, 3}, 0.0, "wrong"), ({0, 1, 2, 3}, 0.0, "wrong")],
)
def test_multiple_partial_credit(q, picks, score, status):
    result = grade(q["fx-multiple"], picks)
    assert (result.score, result.status, result.correct) == (score, status, status == "correct")


def test_multiple_feedback_lists_each_pick_and_rejects_empty(q):
    result = grade(q["fx-multiple"], [0, 2])
    assert "A fits." in result.feedback and "C does not." in result.feedback
    assert "B fits" not in result.feedback
    assert grade(q["fx-multiple"], set()).status == "invalid"
    assert grade(q["fx-multiple"], {9}).status == "invalid"
    assert grade(q["fx-multiple"], None).status == "invalid"


def test_truefalse_and_verdict(q):
    assert grade(q["fx-truefalse"], True).correct
    wrong = grade(q["fx-truefalse"], False)
    assert (wrong.status, wrong.feedback) == ("wrong", "No, it is true. [ref-a]")
    assert grade(q["fx-truefalse"], None).status == "invalid"
    assert grade(q["fx-verdict"], "otherwise").correct
    assert grade(q["fx-verdict"], "partly").status == "wrong"
    assert grade(q["fx-verdict"], "maybe").status == "invalid"


@pytest.mark.parametrize("raw", ["abc", "", "   ", "1e999", "nan", "inf", "-inf", "3,5", "1_0", "0x5",
                                 "<img src=x onerror=alert(1)>", "5" * 100, None, 5])
def test_numeric_bad_input_is_invalid_with_a_friendly_sentence(q, raw):
    result = grade(q["fx-numeric"], raw)
    assert result.status == "invalid" and not result.correct and result.score == 0.0
    assert result.message.endswith(".") and "<" not in result.message


def test_numeric_good_input(q):
    assert grade(q["fx-numeric"], " 5 ").correct
    assert grade(q["fx-numeric"], "5 bones").correct
    assert grade(q["fx-numeric"], "5.0").correct
    high = grade(q["fx-numeric"], "7")
    assert high.status == "wrong" and "too high" in high.feedback
    assert "too low" in grade(q["fx-numeric"], "-2").feedback
    assert grade(q["fx-numeric"], "3,5").message == "Please use a dot for decimals, like 3.5, and no commas."


def test_ordering(q):
    items = ["Neck", "Chest", "Lower back", "Sacrum"]
    assert grade(q["fx-ordering"], items).correct
    half = grade(q["fx-ordering"], ["Neck", "Chest", "Sacrum", "Lower back"])
    assert (half.score, half.status, half.feedback) == (0.5, "partial", "2 of 4 in the right place.")
    assert grade(q["fx-ordering"], ["Sacrum", "Lower back", "Chest", "Neck"]).status == "wrong"
    assert grade(q["fx-ordering"], ["Neck", "Neck", "Chest", "Sacrum"]).status == "invalid"
    assert grade(q["fx-ordering"], ["Neck", None, "Chest", "Sacrum"]).status == "invalid"
    assert grade(q["fx-ordering"], ["Neck"]).status == "invalid"
    assert grade(q["fx-ordering"], "Neck").status == "invalid"


def test_matching(q):
    right = {"Disc": "Cushion", "Muscle": "Moves", "Ligament": "Holds"}
    assert grade(q["fx-matching"], right).correct
    one = grade(q["fx-matching"], {"Disc": "Cushion", "Muscle": "Holds", "Ligament": "Moves"})
    assert one.status == "partial" and one.score == pytest.approx(1 / 3) and one.feedback.startswith("1 of 3")
    assert grade(q["fx-matching"], {"Disc": "Cushion"}).status == "invalid"
    assert grade(q["fx-matching"], ["Cushion"]).status == "invalid"


def test_labelling_accepts_json_string_keys(q):
    assert grade(q["fx-labelling"], {1: "Vertebra", 2: "Disc"}).correct
    assert grade(q["fx-labelling"], {"1": "Vertebra", "2": "Disc"}).correct
    half = grade(q["fx-labelling"], {"1": "Vertebra", "2": "Rib"})
    assert half.score == 0.5 and half.status == "partial"
    assert grade(q["fx-labelling"], {"1": "Vertebra"}).status == "invalid"
    assert grade(q["fx-labelling"], {"x": "Vertebra"}).status == "invalid"


def _numeric(answer: float, tolerance: float) -> NumericQuestion:
    return NumericQuestion(id="n", type="numeric", prompt="p", objective="o", difficulty="easy",
                           sources=["r"], explanation="e", answer=answer, tolerance=tolerance, unit="")


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


tolerances = st.floats(min_value=0, max_value=1e3)


@given(answer=finite, tolerance=tolerances, frac=st.floats(min_value=-1, max_value=1))
def test_numeric_inside_tolerance_is_correct(answer, tolerance, frac):
    typed = repr(answer + frac * tolerance * 0.999)
    assert grade(_numeric(answer, tolerance), typed).correct


@given(answer=finite, tolerance=tolerances, extra=st.floats(min_value=0.01, max_value=1e3),
       sign=st.sampled_from([-1, 1]))
def test_numeric_outside_tolerance_is_wrong(answer, tolerance, extra, sign):
    typed = repr(answer + sign * (tolerance + extra))
    result = grade(_numeric(answer, tolerance), typed)
    assert result.status == "wrong" and result.score == 0.0


@given(st.text(max_size=60))
def test_numeric_never_raises(text):
    result = grade(_numeric(5, 0.5), text)
    assert result.status in ("correct", "wrong", "invalid")
    assert (result.status == "invalid") == (parse_number(text).value is None)


@st.composite
def multiple_case(draw):
    flags = draw(st.lists(st.booleans(), min_size=2, max_size=8).filter(any))
    picks = draw(st.sets(st.integers(min_value=0, max_value=len(flags) - 1), min_size=1))
    return flags, picks


@given(multiple_case())
def test_multiple_partial_credit_rule(case):
    flags, picks = case
    question = MultipleQuestion(id="m", type="multiple", prompt="p", objective="o", difficulty="easy",
                                sources=["r"], explanation="e",
                                options=[{"text": f"o{i}", "correct": c, "feedback": "f"}
                                         for i, c in enumerate(flags)])
    result = grade(question, picks)
    right = sum(flags[i] for i in picks)
    wrong = len(picks) - right
    expected = max(0.0, (right - wrong) / sum(flags))
    assert result.score == pytest.approx(expected)
    assert 0.0 <= result.score <= 1.0
    assert result.correct == (picks == {i for i, c in enumerate(flags) if c})
