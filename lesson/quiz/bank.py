"""Question banks as the quiz engine needs them: loaded once per process, draws resolved.

Loading goes through the content package (``lesson.content_model.load`` when present), so
the quiz and ``python -m lesson check`` read the same files the same way. Results are
cached: a Check never re-reads YAML.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from lesson import paths
from lesson.content_model.questions import AnyQuestion, Bank


def _content_loader() -> Any:
    try:
        from lesson.content_model import load
    except ImportError:
        return None
    return load


def _validated(path_parts: tuple[str, ...], model: Any) -> Any:
    from lesson.content_model.yamlio import load_yaml, validate

    return validate(load_yaml(paths.content_path(*path_parts)), model)


@cache
def load_bank(quiz_id: str) -> Bank:
    """The bank ``quizzes/<quiz_id>.yaml`` (raises the content package's error if broken)."""
    loader = _content_loader()
    if loader is not None and hasattr(loader, "bank"):
        return loader.bank(quiz_id)
    return _validated(("quizzes", f"{quiz_id}.yaml"), Bank)


@cache
def chapters() -> tuple[Any, ...]:
    """Chapters in reading order (from chapters.yaml)."""
    loader = _content_loader()
    if loader is not None and hasattr(loader, "chapters"):
        return tuple(loader.chapters())
    from lesson.content_model.models import ChaptersFile

    return tuple(_validated(("chapters.yaml",), ChaptersFile).chapters)


def bank_ids() -> list[str]:
    """Chapter ids that have a bank file, in chapters.yaml order."""
    return [c.id for c in chapters() if paths.content_path("quizzes", f"{c.id}.yaml").exists()]


@cache
def questions(quiz_id: str) -> tuple[AnyQuestion, ...]:
    """The quiz's questions in order: its own, then those drawn from other banks."""
    bank = load_bank(quiz_id)
    own = tuple(bank.questions)
    todo = [qid for qid in bank.draw if qid not in {q.id for q in own}]  # the loader may have resolved them
    if not todo:
        return own
    pool = {q.id: q for other in bank_ids() if other != quiz_id for q in load_bank(other).questions}
    missing = [qid for qid in todo if qid not in pool]
    if missing:
        raise KeyError(f"quiz {quiz_id} draws unknown question ids: {', '.join(missing)}")
    return own + tuple(pool[qid] for qid in todo)


@cache
def references() -> dict[str, Any]:
    """Reference id -> reference (title, url) for the sources line under feedback."""
    loader = _content_loader()
    if loader is not None and hasattr(loader, "references"):
        refs = loader.references()
    else:
        from lesson.content_model.models import ReferencesFile

        refs = _validated(("references.yaml",), ReferencesFile).references
    if isinstance(refs, dict):
        return dict(refs)
    return {r.id: r for r in refs}


def clear_cache() -> None:
    """Forget loaded banks (tests that swap content)."""
    for fn in (load_bank, chapters, questions, references):
        fn.cache_clear()
