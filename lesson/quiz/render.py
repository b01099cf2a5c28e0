"""HTML for prompts and feedback: Markdown with raw HTML escaped, never colour alone.

Bank text is rendered with markdown-it-py in CommonMark mode with ``html`` off, so any
HTML typed into content (or by a learner) appears as text, not markup.
"""

from __future__ import annotations

import html
from functools import cache

from markdown_it import MarkdownIt

from lesson.content_model.questions import AnyQuestion

MARKS = {
    "correct": "✓ Correct",
    "partial": "◐ Partly right",
    "wrong": "✗ Not quite",
    "invalid": "⚠ Check your answer",
    "revealed": "ⓘ Answer shown (this does not count towards your score)",
    "changed": "ⓘ This question changed since you answered it. Please answer it again.",
}


@cache
def _md() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    return md


def markdown(text: str) -> str:
    """Markdown to HTML with any raw HTML shown as text; links open in a new tab."""
    out = _md().render(text)
    return out.replace("<a href=", '<a target="_blank" rel="noopener noreferrer" href=')


def live(inner: str) -> str:
    """Wrap feedback in the polite live region that must exist before the first Check."""
    return f'<div class="lesson-live" role="status" aria-live="polite">{inner}</div>'


def sources_html(question: AnyQuestion, references: dict[str, object]) -> str:
    """"Sources:" with each reference's title linked to its canonical page."""
    items = []
    for key in question.sources:
        ref = references.get(key)
        if ref is None:
            items.append(html.escape(key))
            continue
        title = html.escape(str(getattr(ref, "title", key)))
        url = html.escape(str(getattr(ref, "url", "")), quote=True)
        link = f'<a href="{url}" target="_blank" rel="noopener noreferrer">{title}</a>'
        items.append(link if url else title)
    return '<p class="lesson-sources">Sources: ' + "; ".join(items) + "</p>"


def feedback_html(state: str, body_md: str = "", explanation_md: str = "", sources: str = "",
                  message: str = "") -> str:
    """The feedback area's HTML: a word and a symbol first, then text, explanation and sources."""
    parts = [f'<p class="lesson-mark lesson-mark-{state}"><strong>{html.escape(MARKS[state])}</strong></p>']
    if message:
        parts.append(f"<p>{html.escape(message)}</p>")
    if body_md:
        parts.append(markdown(body_md))
    if explanation_md:
        parts.append('<div class="lesson-explanation">' + markdown(explanation_md) + "</div>")
    if sources:
        parts.append(sources)
    return live("".join(parts))


EMPTY = live("")
