"""The learning-objectives box at the top of each chapter."""

from __future__ import annotations

from html import escape
from pathlib import Path

from lesson.content_model import load
from lesson.display import ShownHTML

HEADING = "In this chapter you will learn to:"


def objectives(chapter_id: str, root: Path | str | None = None) -> ShownHTML:
    """The chapter's objectives from chapters.yaml; ``root`` points tests at other content."""
    chapter = load.chapter(chapter_id, root)
    items = "".join(
        f'<li id="objective-{escape(o.id)}">{escape(o.text)}</li>' for o in chapter.objectives
    )
    html = (
        f'<div class="lesson-objectives" role="note" aria-label="Learning objectives">'
        f"<p><strong>{escape(HEADING)}</strong></p><ul>{items}</ul></div>"
    )
    ids = ", ".join(o.id for o in chapter.objectives)
    summary = f"Objectives for {chapter_id} ({len(chapter.objectives)}): {ids}"
    return ShownHTML(html, summary)
