"""The "What the evidence says" panel: the chapter's entries from the evidence register.

Each verdict is shown as a symbol AND a word, never by colour alone, and the symbol is
hidden from screen readers so they read the word once.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from lesson.content_model import load
from lesson.content_model.models import Claim, Reference
from lesson.display import ShownHTML
from lesson.pages.markup import cite_to_anchor, external_link, render_block, render_inline, short_source

HEADING = "What the evidence says"
INTRO = "Here is what good research says about each claim from the article in this chapter."
EMPTY = "This chapter has no claims from the article to check."

VERDICT_BADGES: dict[str, tuple[str, str]] = {
    "supported": ("✓", "Supported"),
    "qualified": ("◐", "Partly true"),
    "contradicted": ("✗", "Evidence says otherwise"),
    "unsupported": ("?", "No good evidence"),
}
"""verdict -> (symbol, label); labels match the quiz's verdict choices."""


def verdict_badge(verdict: str) -> str:
    """The badge HTML for one verdict."""
    symbol, label = VERDICT_BADGES[verdict]
    return (
        f'<span class="lesson-verdict lesson-verdict-{verdict}">'
        f'<span aria-hidden="true">{symbol}</span> {escape(label)}</span>'
    )


def _sources(claim: Claim, references: dict[str, Reference]) -> str:
    parts = []
    for key in claim.sources:
        ref = references.get(key)
        parts.append(external_link(ref.url, short_source(ref)) if ref else escape(key))
    return '<p class="lesson-claim-sources">Sources: ' + "; ".join(parts) + "</p>"


def claim_item(claim: Claim, references: dict[str, Reference]) -> str:
    """One register entry: verdict first, then the article's claim, the explanation and sources."""
    return (
        f'<li class="lesson-claim lesson-claim-{escape(claim.id)}" id="claim-{escape(claim.id)}">'
        f'<p class="lesson-claim-verdict">{verdict_badge(claim.verdict)}</p>'
        f'<p class="lesson-claim-text"><strong>The article says:</strong> {render_inline(claim.claim)}</p>'
        f'<div class="lesson-claim-explanation">{render_block(claim.explanation, cite_to_anchor)}</div>'
        f"{_sources(claim, references)}</li>"
    )


def evidence_panel(chapter_id: str, root: Path | str | None = None) -> ShownHTML:
    """The chapter's claims in register order; ``root`` points tests at other content."""
    load.chapter(chapter_id, root)  # an unknown chapter id fails loudly here
    claims = load.chapter_claims(chapter_id, root)
    references = load.references(root)
    heading_id = f"lesson-evidence-{chapter_id}"
    if claims:
        body = (
            f'<p class="lesson-evidence-intro">{escape(INTRO)}</p>'
            '<ul class="lesson-evidence-list">'
            + "".join(claim_item(c, references) for c in claims)
            + "</ul>"
        )
    else:
        body = f'<p class="lesson-evidence-intro">{escape(EMPTY)}</p>'
    html = (
        f'<section class="lesson-evidence" aria-labelledby="{heading_id}">'
        f'<h3 id="{heading_id}">{escape(HEADING)}</h3>{body}</section>'
    )
    listed = ", ".join(f"{c.id}={c.verdict}" for c in claims) or "none"
    noun = "claim" if len(claims) == 1 else "claims"
    summary = f"{HEADING} ({chapter_id}), {len(claims)} {noun}: {listed}"
    return ShownHTML(html, summary)
