"""Classical item analysis of one quiz, with the definitions of Moodle's quiz statistics report.

Pure functions over a marks matrix (numpy only; no widgets, no charts, no database). The
definitions follow Moodle's ``question/classes/statistics/questions/calculator.php`` (per
question) and ``mod/quiz/report/statistics/classes/calculator.php`` (per quiz):

- ``marks[l, q]``: learner ``l``'s mark on question ``q`` (0..1, partial credit allowed), ``NaN``
  when the learner did not answer it. Like an unanswered question in a finished Moodle attempt,
  a blank counts as 0 in every statistic except the facility and the answered count;
- **facility index** = mean mark / maximum mark, over the learners who answered the question;
- **discrimination index** = 100 × the correlation of the question's mark with the learner's
  mark on the *rest* of the quiz (the corrected item–total correlation):
  ``100 · cov(x, r) / sqrt(var(x) · var(r))``;
- **discriminative efficiency** = 100 × cov(x, r) / the largest covariance the two sets of marks
  allow, which Moodle gets by pairing both sets sorted (smallest with smallest);
- a question is **flagged** when its discriminative efficiency is below ``FLAG_EFFICIENCY`` (15);
- per quiz: **coefficient of internal consistency** (Cronbach's α, in %) =
  ``100 · p/(p−1) · (1 − Σ var(x_q) / var(total))``; **error ratio** = ``100 · sqrt(1 − α/100)``;
  **standard error** = error ratio × sd(total) / 100. Moodle computes these only with more than
  two learners and more than one question.

Variances and covariances divide by ``n − 1``, as Moodle's do. A statistic that cannot be
computed (one learner, a question everyone got right, a quiz with no spread) is ``None``,
never a number made up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

FLAG_EFFICIENCY = 15.0
"""Moodle flags a question whose discriminative efficiency is below this (per cent)."""
MIN_LEARNERS = 20
"""Below this many learners the figures are shown with a "too few attempts" note."""


@dataclass(frozen=True)
class ItemStats:
    """One question's statistics; ``None`` where it cannot be computed."""

    n: int
    """Learners in the analysis (those who answered at least one question of the quiz)."""
    answered: int
    """Of them, how many answered this question."""
    facility: float | None
    """0..100 per cent."""
    sd: float | None
    discrimination: float | None
    efficiency: float | None

    @property
    def flagged(self) -> bool:
        """Moodle's flag: discriminative efficiency known and below 15 %."""
        return self.efficiency is not None and self.efficiency < FLAG_EFFICIENCY


@dataclass(frozen=True)
class QuizStats:
    """The whole quiz's statistics (Moodle's "quiz information" table)."""

    n: int
    items: int
    mean: float | None
    """Mean total mark, in per cent of the maximum."""
    sd: float | None
    """Standard deviation of the total mark, in per cent of the maximum."""
    alpha: float | None
    """Coefficient of internal consistency (Cronbach's α), per cent."""
    error_ratio: float | None
    standard_error: float | None
    """In per cent of the maximum mark, like ``sd``."""

    @property
    def too_few(self) -> bool:
        return self.n < MIN_LEARNERS


def _matrix(marks: object) -> np.ndarray:
    m = np.asarray(marks, dtype=float)
    if m.ndim != 2:
        m = m.reshape(0, 0) if m.size == 0 else m.reshape(m.shape[0], -1)
    return m


def _in_analysis(m: np.ndarray) -> np.ndarray:
    """Rows of learners who answered at least one question, blanks as 0."""
    if m.size == 0:
        return np.zeros((0, m.shape[1] if m.ndim == 2 else 0))
    keep = ~np.all(np.isnan(m), axis=1)
    return np.nan_to_num(m[keep], nan=0.0)


def _cov(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.sum((a - a.mean()) * (b - b.mean())) / (len(a) - 1))


def _clean(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def item_stats(marks: object) -> list[ItemStats]:
    """Statistics for every column (question) of ``marks`` (learners × questions, NaN = blank)."""
    m = _matrix(marks)
    n_items = m.shape[1] if m.ndim == 2 else 0
    x_all = _in_analysis(m)
    n = x_all.shape[0]
    totals = x_all.sum(axis=1) if n else np.zeros(0)
    out = []
    for q in range(n_items):
        column = m[:, q]
        answered_marks = column[~np.isnan(column)]
        facility = 100.0 * float(answered_marks.mean()) if answered_marks.size else None
        sd = discrimination = efficiency = None
        if n > 1:
            x = x_all[:, q]
            rest = totals - x
            var_x, var_r = _cov(x, x), _cov(rest, rest)
            cov = _cov(x, rest)
            cov_max = _cov(np.sort(x), np.sort(rest))
            sd = math.sqrt(var_x)
            if var_x * var_r > 0:
                discrimination = 100.0 * cov / math.sqrt(var_x * var_r)
            if cov_max > 0:  # Moodle: "if ($stats->covariancemax)"; it is never negative
                efficiency = 100.0 * cov / cov_max
        out.append(
            ItemStats(
                n,
                int(answered_marks.size),
                _clean(facility),
                _clean(sd),
                _clean(discrimination),
                _clean(efficiency),
            )
        )
    return out


def quiz_stats(marks: object) -> QuizStats:
    """Mean, spread and reliability of the total mark (Moodle: s > 2 and p > 1 for α)."""
    m = _matrix(marks)
    p = m.shape[1] if m.ndim == 2 else 0
    x = _in_analysis(m)
    n = x.shape[0]
    if n == 0 or p == 0:
        return QuizStats(n, p, None, None, None, None, None)
    totals = x.sum(axis=1)
    mean = 100.0 * float(totals.mean()) / p
    if n < 2:
        return QuizStats(n, p, mean, None, None, None, None)
    var_total = _cov(totals, totals)
    sd = math.sqrt(var_total)
    alpha = error_ratio = standard_error = None
    if n > 2 and p > 1 and var_total > 0:
        sum_item_var = float(sum(_cov(x[:, q], x[:, q]) for q in range(p)))
        alpha = 100.0 * p / (p - 1) * (1.0 - sum_item_var / var_total)
        if alpha <= 100.0:
            error_ratio = 100.0 * math.sqrt(max(0.0, 1.0 - alpha / 100.0))
            standard_error = error_ratio * sd / 100.0
    return QuizStats(
        n,
        p,
        mean,
        100.0 * sd / p,
        _clean(alpha),
        _clean(error_ratio),
        _clean(None if standard_error is None else 100.0 * standard_error / p),
    )


# -- plain-language readings ---------------------------------------------------------------------


def facility_reading(facility: float | None) -> str:
    """What the facility index means, in words (bands as in Moodle's documentation)."""
    if facility is None:
        return "Nobody has answered this yet."
    if facility >= 90:
        return "Almost everyone got this right: it may be too easy."
    if facility >= 66:
        return "Most got this right."
    if facility >= 34:
        return "About half got this right."
    if facility >= 10:
        return "Most got this wrong: worth going over in class."
    return "Almost nobody got this right: check the question and the teaching."


def discrimination_reading(item: ItemStats) -> str:
    """Whether the question separates learners who did well on the rest of the quiz from those who did not."""
    d = item.discrimination
    if d is None:
        if item.n < 2:
            return "Needs at least two learners to say whether it separates high scorers from low scorers."
        return "Everyone scored the same on it (or on the rest), so it cannot separate learners."
    if d < 0:
        return (
            "Learners who did well elsewhere did worse here: check the question and its answer for a "
            "mistake or a trap."
        )
    if item.flagged or d < 20:
        return "This question does not separate high scorers from low scorers well."
    if d < 30:
        return "Separates high scorers from low scorers a little."
    return "Separates high scorers from low scorers well."


def alpha_reading(stats: QuizStats) -> str:
    """How consistent the quiz is as one measure."""
    a = stats.alpha
    if a is None:
        return "Cannot be computed yet (needs at least three learners and some spread in their totals)."
    if a >= 75:
        return "The questions agree well: the total is a consistent measure."
    if a >= 64:
        return "The questions agree fairly well."
    if a >= 0:
        return (
            "The questions do not agree much: the total mixes different things (normal for a short "
            "practice quiz on several topics)."
        )
    return "The questions pull in different directions: the total says little about one skill."
