"""Speaker notes are content: validated by `python -m lesson check`, shown only in presenter mode."""

from __future__ import annotations

from pathlib import Path

from lesson import paths
from lesson.content_model.check_context import Context
from lesson.content_model.check_notes import check_notes, load_notes
from lesson.content_model.load import load_model
from lesson.content_model.models import SpeakerNotesFile


def test_every_chapter_has_notes_and_each_names_a_real_chapter() -> None:
    from lesson.quiz.bank import chapters

    notes = load_model(paths.content_path("speaker-notes.yaml"), SpeakerNotesFile).notes
    assert {n.chapter for n in notes} == {c.id for c in chapters()}


def _context(tmp_path: Path, notes: str) -> Context:
    (tmp_path / "chapters.yaml").write_text("chapters:\n  - id: anatomy\n")
    (tmp_path / "speaker-notes.yaml").write_text(notes)
    ctx = Context(root=tmp_path, notebooks=None)
    ctx.load("chapters.yaml", None)
    load_notes(ctx)
    check_notes(ctx)
    return ctx


def test_unknown_chapter_and_bad_fields_are_reported(tmp_path: Path) -> None:
    ctx = _context(tmp_path, "notes:\n  - chapter: anatomy\n    points: [Ask the room.]\n"
                             "  - chapter: nowhere\n    points: [Ask again.]\n")
    assert [(p.line, p.message) for p in ctx.problems] == [(4, "speaker notes for unknown chapter 'nowhere'")]
    ctx = _context(tmp_path, "notes:\n  - chapter: anatomy\n    points: []\n    colour: red\n")
    assert len(ctx.problems) >= 2


def test_a_content_set_without_notes_is_fine(tmp_path: Path) -> None:
    (tmp_path / "chapters.yaml").write_text("chapters: []\n")
    ctx = Context(root=tmp_path, notebooks=None)
    load_notes(ctx)
    check_notes(ctx)
    assert ctx.problems == []
