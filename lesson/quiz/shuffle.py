"""Deterministic option order: the same on every run and machine, yet not always "answer first".

The seed comes from sha256 of the question id (``hash()`` is salted per process), as the
architecture contract specifies, so nbval outputs and screenshots stay stable.
"""

from __future__ import annotations

import hashlib
import random

from lesson.content_model.questions import AnyQuestion, MultipleQuestion, SingleQuestion
from lesson.quiz.question_types import TYPES


def rng_for(question_id: str) -> random.Random:
    """A random generator seeded only by the question id."""
    seed = int(hashlib.sha256(question_id.encode("utf-8")).hexdigest()[:16], 16)
    return random.Random(seed)


def permutation(question_id: str, n: int) -> list[int]:
    """A shuffled list of ``range(n)`` fixed by the question id."""
    order = list(range(n))
    rng_for(question_id).shuffle(order)
    return order


def option_order(question: SingleQuestion | MultipleQuestion) -> list[int]:
    """Bank indices of the options in the order they are shown."""
    return permutation(question.id, len(question.options))


def choices(question: AnyQuestion) -> list[str]:
    """What the learner picks from, in shown order, for the dropdown question types."""
    picks = TYPES[question.type].picks
    if picks is None:
        raise TypeError(f"{question.type} questions have no dropdown choices")
    names = picks(question)
    return [names[i] for i in permutation(question.id, len(names))]
