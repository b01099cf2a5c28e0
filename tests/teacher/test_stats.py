"""Item analysis against hand-computed values, an independent implementation and degenerate cases.

The independent implementation uses only Python's ``statistics`` module (Pearson correlation,
sample covariance and variance), written from the definitions in Moodle's
``question/classes/statistics/questions/calculator.php`` and
``mod/quiz/report/statistics/classes/calculator.php``. (girth's classical test statistics need
scipy, which the lesson does not otherwise install, so they are not used here.)
"""

from __future__ import annotations

import math
import random
import statistics

import numpy as np
import pytest

from lesson.teacher.stats import (
    FLAG_EFFICIENCY,
    alpha_reading,
    discrimination_reading,
    facility_reading,
    item_stats,
    quiz_stats,
)

NAN = float("nan")
# Four learners, three right/wrong questions, a perfect Guttman pattern (worked by hand in the
# docstring of test_hand_computed).
GUTTMAN = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]]


def test_hand_computed() -> None:
    """Question 1: x = 1,1,1,0; rest = 2,1,0,0. var(x) = .25, var(rest) = 2.75/3, cov = .25,
    so D = 100 * .25 / sqrt(.25 * 2.75/3) = 52.22. Question 2: x = 1,1,0,0; rest = 2,1,1,0:
    var(x) = 1/3, var(rest) = 2/3, cov = 1/3, D = 100/sqrt(2) = 70.71. Sorted pairs give the same
    covariance (a Guttman pattern), so every efficiency is 100. Totals 3,2,1,0: var = 5/3;
    sum of item variances = .25 + 1/3 + .25 = 5/6; alpha = 100 * 3/2 * (1 - (5/6)/(5/3)) = 75;
    error ratio = 100 * sqrt(1 - .75) = 50; SE = 50% of sd = .6455 marks = 21.52% of 3 marks."""
    items = item_stats(GUTTMAN)
    assert [s.facility for s in items] == pytest.approx([75.0, 50.0, 25.0])
    assert [s.discrimination for s in items] == pytest.approx([52.2233, 70.7107, 52.2233], abs=1e-3)
    assert [s.efficiency for s in items] == pytest.approx([100.0, 100.0, 100.0])
    assert [s.sd for s in items] == pytest.approx([0.5, math.sqrt(1 / 3), 0.5])
    assert all(s.n == 4 and s.answered == 4 and not s.flagged for s in items)
    q = quiz_stats(GUTTMAN)
    assert q.n == 4 and q.items == 3
    assert q.mean == pytest.approx(50.0)
    assert q.alpha == pytest.approx(75.0)
    assert q.error_ratio == pytest.approx(50.0)
    assert q.sd == pytest.approx(100 * math.sqrt(5 / 3) / 3)
    assert q.standard_error == pytest.approx(100 * 0.5 * math.sqrt(5 / 3) / 3)
    assert q.too_few


def test_efficiency_below_one_hundred_and_flag() -> None:
    """x = 1,0,1,0 and rest = 3,2,1,0: cov = 1/3, var(x) = 1/3, var(rest) = 5/3, so
    D = 100 * (1/3) / sqrt(5/9) = 44.72; sorted x 0,0,1,1 with sorted rest 0,1,2,3 gives
    cov_max = 2/3, so efficiency = 50%."""
    marks = [[1, 1, 1, 1], [0, 1, 1, 0], [1, 1, 0, 0], [0, 0, 0, 0]]
    first = item_stats(marks)[0]
    assert first.efficiency == pytest.approx(50.0)
    assert first.discrimination == pytest.approx(100 / math.sqrt(5))
    assert not first.flagged
    # A question the weaker learners get right: negative discrimination, flagged.
    reverse = [[0, 1, 1], [0, 1, 1], [1, 0, 0], [1, 0, 0]]
    item = item_stats(reverse)[0]
    assert item.discrimination == pytest.approx(-100.0)
    assert item.efficiency is not None and item.efficiency < FLAG_EFFICIENCY and item.flagged
    assert "mistake" in discrimination_reading(item)


def _independent(marks: list[list[float | None]]) -> tuple[list[dict], dict]:
    """The definitions again, with the statistics module and loops (blanks: 0; facility over answers)."""
    rows = [r for r in marks if any(v is not None for v in r)]
    x = [[0.0 if v is None else float(v) for v in r] for r in rows]
    n, p = len(x), len(marks[0])
    totals = [sum(r) for r in x]
    out = []
    for q in range(p):
        answered = [r[q] for r in marks if r[q] is not None]
        col = [r[q] for r in x]
        rest = [t - c for t, c in zip(totals, col, strict=True)]
        d = e = None
        if n > 1 and statistics.pvariance(col) > 0 and statistics.pvariance(rest) > 0:
            d = 100 * statistics.correlation(col, rest)
        if n > 1:
            cmax = statistics.covariance(sorted(col), sorted(rest))
            if cmax > 0:
                e = 100 * statistics.covariance(col, rest) / cmax
        out.append({"facility": 100 * statistics.fmean(answered) if answered else None, "d": d, "e": e})
    var_t = statistics.variance(totals)
    alpha = 100 * p / (p - 1) * (1 - sum(statistics.variance([r[q] for r in x]) for q in range(p)) / var_t)
    return out, {
        "alpha": alpha,
        "er": 100 * math.sqrt(1 - alpha / 100),
        "se": 100 * math.sqrt(1 - alpha / 100) * math.sqrt(var_t) / p,
    }


@pytest.mark.parametrize("seed", range(6))
def test_matches_independent_implementation(seed: int) -> None:
    rng = random.Random(seed)
    n, p = rng.randint(20, 60), rng.randint(3, 12)
    ability = [rng.gauss(0, 1) for _ in range(n)]
    ease = [rng.gauss(0, 1) for _ in range(p)]
    marks: list[list[float | None]] = []
    for a in ability:
        row: list[float | None] = []
        for b in ease:
            if rng.random() < 0.08:
                row.append(None)  # not answered
            elif rng.random() < 0.2:
                row.append(rng.choice([0.25, 0.5, 0.75]))  # partial credit
            else:
                row.append(1.0 if rng.random() < 1 / (1 + math.exp(-(a + b))) else 0.0)
        marks.append(row)
    matrix = np.array([[NAN if v is None else v for v in r] for r in marks])
    ours = item_stats(matrix)
    theirs, quiz = _independent(marks)
    for mine, ref in zip(ours, theirs, strict=True):
        assert mine.facility == pytest.approx(ref["facility"])
        assert (mine.discrimination is None) == (ref["d"] is None)
        if ref["d"] is not None:
            assert mine.discrimination == pytest.approx(ref["d"])
        assert (mine.efficiency is None) == (ref["e"] is None)
        if ref["e"] is not None:
            assert mine.efficiency == pytest.approx(ref["e"])
    q = quiz_stats(matrix)
    assert q.alpha == pytest.approx(quiz["alpha"])
    assert q.error_ratio == pytest.approx(quiz["er"])
    assert q.standard_error == pytest.approx(quiz["se"])
    assert q.too_few == (n < 20)


def test_one_learner() -> None:
    items = item_stats([[1, 0, 0.5]])
    assert [s.facility for s in items] == [100.0, 0.0, 50.0]
    assert all(s.discrimination is None and s.efficiency is None and s.sd is None for s in items)
    assert "two learners" in discrimination_reading(items[0])
    q = quiz_stats([[1, 0, 0.5]])
    assert q.n == 1 and q.mean == pytest.approx(50.0)
    assert q.alpha is None and q.sd is None and q.standard_error is None
    assert "Cannot be computed" in alpha_reading(q)


def test_everyone_right() -> None:
    marks = [[1, 1], [1, 0], [1, 1]]
    first = item_stats(marks)[0]
    assert first.facility == 100.0
    assert first.discrimination is None and first.efficiency is None and not first.flagged
    assert "too easy" in facility_reading(first.facility)
    assert "cannot separate" in discrimination_reading(first)
    everything = quiz_stats([[1, 1], [1, 1], [1, 1]])
    assert everything.mean == 100.0 and everything.alpha is None  # no spread in the totals


def test_question_nobody_answered() -> None:
    marks = [[1, NAN], [0, NAN], [1, NAN]]
    items = item_stats(marks)
    assert items[1].answered == 0 and items[1].facility is None
    assert items[1].discrimination is None and items[1].efficiency is None
    assert items[0].answered == 3 and items[0].facility == pytest.approx(200 / 3)
    assert facility_reading(None) == "Nobody has answered this yet."


def test_learner_who_answered_nothing_is_left_out() -> None:
    with_blank = item_stats([[1, 1, 1], [1, 1, 0], [NAN, NAN, NAN], [1, 0, 0], [0, 0, 0]])
    assert [s.discrimination for s in with_blank] == pytest.approx(
        [s.discrimination for s in item_stats(GUTTMAN)]
    )
    assert with_blank[0].n == 4


def test_empty() -> None:
    assert item_stats(np.zeros((0, 3))) == [] or all(
        s.n == 0 and s.facility is None for s in item_stats(np.zeros((0, 3)))
    )
    q = quiz_stats(np.zeros((0, 3)))
    assert q.n == 0 and q.mean is None and q.alpha is None
    assert quiz_stats(np.zeros((4, 0))).alpha is None


def test_stats_module_is_pure() -> None:
    import ast
    from pathlib import Path

    import lesson.teacher.stats as mod

    tree = ast.parse(Path(mod.__file__).read_text())
    imported = {
        a.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for a in (node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")])
    }
    assert not imported & {"ipywidgets", "matplotlib", "sqlite3", "lesson"}
