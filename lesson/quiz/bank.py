"""Question banks as the quiz page needs them: ``content_model.load``'s, kept for the process.

The quiz and ``python -m lesson check`` read the same files through the same loader; this
module only keeps the results, so a Check never re-reads YAML. Code below the widget layer
(scoring, export, teacher statistics) calls ``lesson.content_model.load`` directly.
"""

from __future__ import annotations

from functools import cache

from lesson.content_model import load
from lesson.content_model.models import Chapter, Reference
from lesson.content_model.questions import AnyQuestion, Bank


@cache
def load_bank(quiz_id: str) -> Bank:
    """The bank ``quizzes/<quiz_id>.yaml`` with its draws resolved (raises ``ContentError`` if broken)."""
    return load.bank(quiz_id)


@cache
def chapters() -> tuple[Chapter, ...]:
    """Chapters in reading order (from chapters.yaml)."""
    return tuple(load.chapters())


def bank_ids() -> list[str]:
    """Ids of the banks, in chapters.yaml order."""
    return load.bank_ids()


@cache
def questions(quiz_id: str) -> tuple[AnyQuestion, ...]:
    """The quiz's questions in order: its own, then those drawn from other banks."""
    return load.questions(quiz_id)


@cache
def references() -> dict[str, Reference]:
    """Reference id -> reference (title, url) for the sources line under feedback."""
    return dict(load.references())


def clear_cache() -> None:
    """Forget loaded banks (tests that swap content)."""
    for fn in (load_bank, chapters, questions, references):
        fn.cache_clear()
