"""HTML for prompts and feedback: Markdown with raw HTML escaped, never colour alone.

Bank text is rendered by the lesson's one markup module (``lesson.pages.markup``: markdown-it-py,
CommonMark, ``html`` off), so any HTML typed into content (or by a learner) appears as text,
not markup. Citation keys become the chapter's numbered citations when the quiz's chapter is
given (``chapter``; a quiz's id is its chapter's id), the same numbers as the chapter's prose
and reference list.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from lesson.content_model.questions import AnyQuestion
from lesson.pages.markup import Citations, chapter_citations, render_block, unnumbered

MARKS = {
    "correct": "✓ Correct",
    "partial": "◐ Partly right",
    "wrong": "✗ Not quite",
    "invalid": "⚠ Check your answer",
    "revealed": "ⓘ Answer shown (this does not count towards your score)",
    "changed": "ⓘ This question changed since you answered it. Please answer it again.",
}


def citations_for(chapter: str | None, references: Mapping[str, Any] | None = None) -> Citations:
    """The chapter's citation numbers; without a chapter (a test bank), keys link to their records."""
    if chapter is not None:
        try:
            return chapter_citations(chapter)
        except KeyError:  # a quiz that belongs to no chapter
            pass
    return unnumbered(references)


def markdown(text: str, chapter: str | None = None) -> str:
    """Markdown to HTML with any raw HTML shown as text; links open in a new tab; keys cited."""
    return render_block(text, citations_for(chapter), new_tab=True)


def live(inner: str) -> str:
    """Wrap feedback in the polite live region that must exist before the first Check."""
    return f'<div class="lesson-live" role="status" aria-live="polite">{inner}</div>'


def sources_html(question: AnyQuestion, references: Mapping[str, Any] | None = None,
                 chapter: str | None = None) -> str:
    """"Sources:" with the question's ``sources`` as the chapter's numbered citations.

    ``references`` is used only when the chapter is not known (its numbering carries them).
    """
    return citations_for(chapter, references).sources(question.sources, "lesson-sources")


REPEATS = {"correct": ("Right.", "Correct."), "partial": ("Partly right.",),
           "wrong": ("Not quite.", "Wrong.")}
"""Opening words of bank feedback that only repeat the banner above it ("✓ Correct" / "Right. ...")."""


def without_repeat(state: str, text: str) -> str:
    """``text`` without an opening word that repeats the banner for ``state``."""
    stripped = text.lstrip()
    for word in REPEATS.get(state, ()):
        if stripped.startswith(word + " ") or stripped == word:
            return stripped[len(word):].lstrip()
    return text


def feedback_html(state: str, body_md: str = "", explanation_md: str = "", sources: str = "",
                  message: str = "", chapter: str | None = None, chosen_md: str = "",
                  next_html: str = "") -> str:
    """The feedback area's HTML, in the Khan Academy / Duolingo order: a banner with a word and a
    symbol, the learner's answer, why, the next step (try again / next question), then sources."""
    parts = [f'<p class="lesson-mark lesson-mark-{state}"><strong>{html.escape(MARKS[state])}</strong></p>']
    if message:
        parts.append(f"<p>{html.escape(message)}</p>")
    if chosen_md:
        parts.append('<div class="lesson-chosen">' + markdown(chosen_md, chapter) + "</div>")
    body_md = without_repeat(state, body_md)
    if body_md:
        parts.append(markdown(body_md, chapter))
    if explanation_md:
        parts.append('<div class="lesson-explanation">' + markdown(explanation_md, chapter) + "</div>")
    if next_html:
        parts.append(f'<p class="lesson-next-step">{next_html}</p>')
    if sources:
        parts.append(sources)
    return live("".join(parts))


EMPTY = live("")
