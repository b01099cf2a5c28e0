"""Reading order of the lesson's pages, from chapters.yaml, for navigation and the landing cards.

Chapters come from the validated, cached content loader, the same one every other part uses.
Chapters are numbered 1 to N in reading order everywhere (landing cards, "Chapter 3 of 8",
the contents drawer), the same as the list on the Start here page. Each page's sections and
glossary links are read from its notebook's Markdown (``outline``), for the contents drawer
and the glossary pop-ups.
"""

from __future__ import annotations

import functools
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from lesson import paths
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


def number(page_id: str) -> int | None:
    """The chapter's number, 1 for the first; ``None`` for the contents and glossary pages."""
    for i, ch in enumerate(chapters(), start=1):
        if ch.id == page_id:
            return i
    return None


def position(page_id: str) -> str:
    """ "Chapter 3 of 8" for a chapter; "" for the contents and glossary pages."""
    n = number(page_id)
    return f"Chapter {n} of {len(chapters())}" if n is not None else ""


@dataclass(frozen=True)
class Section:
    """One ``##`` heading of a notebook: its text and the anchor id Voila/JupyterLab give it."""

    title: str
    anchor: str


@dataclass(frozen=True)
class Outline:
    """What the chrome needs from a page's Markdown: its sections and the glossary terms it links."""

    sections: tuple[Section, ...] = ()
    terms: tuple[str, ...] = ()


_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_GLOSSARY_LINK = re.compile(r"glossary\.ipynb#([A-Za-z0-9_-]+)")
_FENCE = re.compile(r"^\s*(```|~~~)")


def plain_heading(markdown: str) -> str:
    """A heading's text as the reader sees it: no emphasis, code marks, links or HTML tags."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)  # [words](url) -> words
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    return " ".join(html.unescape(text).split())


def anchor_id(title: str) -> str:
    """The id nbconvert (Voila) and JupyterLab give a heading: its text with spaces as hyphens."""
    return title.replace(" ", "-")


def outline_of(notebook_json: str) -> Outline:
    """Sections (``##`` headings) and linked glossary term ids of a notebook, in page order; pure."""
    cells = json.loads(notebook_json).get("cells", [])
    sections: list[Section] = []
    terms: dict[str, None] = {}
    for cell in cells:
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        fenced = False
        for line in source.splitlines():
            if _FENCE.match(line):
                fenced = not fenced
                continue
            if fenced:
                continue
            for term in _GLOSSARY_LINK.findall(line):
                terms.setdefault(term, None)
            m = _HEADING.match(line)
            if m and len(m.group(1)) == 2:
                title = plain_heading(m.group(2))
                if title:
                    sections.append(Section(title, anchor_id(title)))
    return Outline(tuple(sections), tuple(terms))


@functools.lru_cache(maxsize=32)
def _outline_cached(path: str, mtime_ns: int) -> Outline:
    return outline_of(Path(path).read_text(encoding="utf-8"))


def outline(notebook: str) -> Outline:
    """The outline of one of the lesson's notebooks; empty if the file cannot be read."""
    path = paths.notebooks_dir() / notebook
    try:
        return _outline_cached(str(path), path.stat().st_mtime_ns)
    except (OSError, ValueError):
        return Outline()
