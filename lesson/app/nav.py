"""Reading order of the lesson's pages, from chapters.yaml, for navigation and the landing cards.

Chapters come from the validated, cached content loader, the same one every other part uses.
"""

from __future__ import annotations

from lesson.content_model import load
from lesson.content_model.models import Chapter

INDEX = "index.ipynb"
GLOSSARY = "glossary.ipynb"
PAGES = {"index": (INDEX, "Contents"), "glossary": (GLOSSARY, "Glossary")}
"""The two pages that are not chapters: id -> (notebook, title)."""


def chapters() -> tuple[Chapter, ...]:
    """All chapters in reading order."""
    return tuple(load.chapters())


def chapter(chapter_id: str) -> Chapter:
    """One chapter by id; an unknown id is a programming error worth a clear message."""
    for ch in chapters():
        if ch.id == chapter_id:
            return ch
    known = ", ".join(c.id for c in chapters())
    raise KeyError(f"unknown chapter id {chapter_id!r} (known: {known})")


def is_page(page_id: str) -> bool:
    """True for any id the chrome accepts: a chapter id, "index" or "glossary"."""
    return page_id in PAGES or any(c.id == page_id for c in chapters())


def neighbours(page_id: str) -> tuple[Chapter | None, Chapter | None]:
    """(previous, next) chapter of a chapter; the index leads to the first chapter, the glossary to none."""
    order = chapters()
    if page_id == "index":
        return None, order[0] if order else None
    if page_id == "glossary":
        return None, None
    ids = [c.id for c in order]
    i = ids.index(chapter(page_id).id)
    return (order[i - 1] if i > 0 else None), (order[i + 1] if i + 1 < len(order) else None)


def all_notebooks() -> list[str]:
    """Every page of the app, landing first: what the browser tests open."""
    return [INDEX, *(c.notebook for c in chapters()), GLOSSARY]
