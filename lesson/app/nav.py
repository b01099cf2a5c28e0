"""Reading order of the lesson's pages, from chapters.yaml, for navigation and the landing cards.

Only the few fields the app shows are read here; full validation of chapters.yaml is the
content checker's job (``python -m lesson check``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from lesson.content_model.plaincache import safe_yaml
from lesson.paths import content_path

INDEX = "index.ipynb"
GLOSSARY = "glossary.ipynb"
PAGES = {"index": (INDEX, "Contents"), "glossary": (GLOSSARY, "Glossary")}
"""The two pages that are not chapters: id -> (notebook, title)."""


@dataclass(frozen=True)
class Chapter:
    id: str
    notebook: str
    title: str
    summary: str
    last_reviewed: dt.date | None


@lru_cache(maxsize=1)
def chapters() -> tuple[Chapter, ...]:
    """All chapters in reading order."""
    data = safe_yaml(content_path("chapters.yaml"))
    out = []
    for raw in data["chapters"]:
        reviewed = raw.get("last_reviewed")
        if isinstance(reviewed, str):
            reviewed = dt.date.fromisoformat(reviewed)
        out.append(Chapter(str(raw["id"]), str(raw["notebook"]), str(raw["title"]),
                           str(raw.get("summary", "")), reviewed))
    return tuple(out)


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
