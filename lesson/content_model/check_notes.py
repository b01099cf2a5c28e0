"""Speaker notes (``speaker-notes.yaml``, optional): each entry names a chapter that exists."""

from __future__ import annotations

from lesson.content_model.check_context import Context, raw_list

NOTES_FILE = "speaker-notes.yaml"


def load_notes(ctx: Context) -> None:
    """Load the notes if the content set has them (a content set without notes is fine)."""
    from lesson.content_model.models import SpeakerNotesFile

    ctx.load(NOTES_FILE, SpeakerNotesFile, required=False)


def check_notes(ctx: Context) -> None:
    """An entry for an unknown chapter is a mistake (its notes would never be shown)."""
    notes = ctx.files.get(NOTES_FILE)
    chapters = ctx.files.get("chapters.yaml")
    if notes is None or chapters is None:
        return
    known = {str(c.get("id")) for c in raw_list(chapters.data, "chapters") if isinstance(c, dict)}
    for index, entry in enumerate(raw_list(notes.data, "notes")):
        if isinstance(entry, dict) and str(entry.get("chapter")) not in known:
            ctx.add(
                notes.path,
                notes.line("notes", index, "chapter"),
                f"speaker notes for unknown chapter '{entry.get('chapter')}'",
            )
