"""Speaker notes per chapter (``lesson/content/speaker-notes.yaml``), shown only in presenter mode."""

from __future__ import annotations

from functools import cache
from html import escape

from lesson import paths
from lesson.content_model.models import SpeakerNote, SpeakerNotesFile

NOTES_FILE = "speaker-notes.yaml"


@cache
def _notes() -> dict[str, SpeakerNote]:
    path = paths.content_path(NOTES_FILE)
    if not path.exists():
        return {}
    from lesson.content_model.load import load_model

    return {n.chapter: n for n in load_model(path, SpeakerNotesFile).notes}


def notes_for(chapter_id: str) -> SpeakerNote | None:
    return _notes().get(chapter_id)


def notes_html(chapter_id: str) -> str:
    """The chapter's notes as a collapsible box ("" when the chapter has none)."""
    note = notes_for(chapter_id)
    if note is None:
        return ""
    from lesson.quiz.render import markdown

    items = "".join(f"<li>{markdown(p, chapter_id)}</li>" for p in note.points)
    minutes = f"about {note.minutes} minutes; " if note.minutes else ""
    return (
        '<details class="lesson-speaker-notes" open style="border-left:4px solid #E69F00;'
        'background:#fff8e6;padding:.4rem .8rem;margin:.5rem 0"><summary><strong>Speaker notes</strong> '
        f"({escape(minutes)}shown only in presenter mode)</summary><ul>{items}</ul></details>"
    )


def clear_cache() -> None:
    _notes.cache_clear()
