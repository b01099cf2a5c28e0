"""The "What the evidence says" panel: the chapter's entries from the evidence register.

The entries sit in a closed ``<details>`` box ("Checking the article's claims (optional)") whose
label says how many claims there are and their verdicts, so the fact-check is there for whoever
wants it without sitting in the main flow (PEMAT-P item 2). ``<details>`` opens with Enter or
Space and works without a kernel, in Voila and JupyterLab alike.

Each verdict is shown as a symbol AND a word, never by colour alone, and the symbol is
hidden from screen readers so they read the word once.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from lesson.content_model import load
from lesson.content_model.citations import keys_in
from lesson.content_model.models import Claim
from lesson.display import ShownHTML
from lesson.pages.action import style_tag
from lesson.pages.markup import Citations, chapter_citations, render_block, render_inline

HEADING = "What the evidence says"
EMPTY = "This chapter has no claims from the article to check."
FOLD_LABEL = "Checking the article's claims (optional)"
"""The closed box's label: the panel is extra reading, folded out of the main flow (PEMAT item 2)."""

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


def claim_item(claim: Claim, cites: Citations) -> str:
    """One register entry: verdict first, then the article's claim, the explanation and sources.

    Citations use the chapter's numbers, the same as its prose and reference list. A "Sources:"
    line lists only sources the text does not already cite (one citation per source, issue 10).
    """
    cited = set(keys_in(claim.claim)) | set(keys_in(claim.explanation))
    uncited = [k for k in claim.sources if k not in cited]  # a source the text already cites is not repeated
    return (
        f'<li class="lesson-claim lesson-claim-{escape(claim.id)}" id="claim-{escape(claim.id)}">'
        f'<p class="lesson-claim-verdict">{verdict_badge(claim.verdict)}</p>'
        f'<p class="lesson-claim-text"><strong>The article says:</strong> '
        f"{render_inline(claim.claim, cites)}</p>"
        f'<div class="lesson-claim-explanation">{render_block(claim.explanation, cites)}</div>'
        f'{cites.sources(uncited, "lesson-claim-sources")}</li>'
    )


def gist(claims: list[Claim]) -> str:
    """The one line a learner sees with the box closed: how many claims, and the verdicts in words,
    in the badges' own words, e.g. "5 claims: 2 Supported, 2 Partly true, 1 Evidence says otherwise"."""
    counts = {v: sum(c.verdict == v for c in claims) for v in VERDICT_BADGES}
    said = ", ".join(f"{n} {VERDICT_BADGES[v][1]}" for v, n in counts.items() if n)
    noun = "claim" if len(claims) == 1 else "claims"
    return f"{len(claims)} {noun}: {said}"


def evidence_panel(chapter_id: str, root: Path | str | None = None,
                   notebooks: Path | str | None = None) -> ShownHTML:
    """The chapter's claims in register order; ``root``/``notebooks`` point tests at other content."""
    load.chapter(chapter_id, root)  # an unknown chapter id fails loudly here
    claims = load.chapter_claims(chapter_id, root)
    cites = chapter_citations(chapter_id, root, notebooks)
    heading_id = f"lesson-evidence-{chapter_id}"
    if claims:  # the notebook's own heading and sentence introduce the panel: no second ones here
        body = (
            f'{style_tag()}<details class="lesson-evidence-fold"><summary>{escape(FOLD_LABEL)}'
            f'<span class="lesson-evidence-gist-sep">: </span>'
            f'<span class="lesson-evidence-gist">{escape(gist(claims))}</span></summary>'
            '<ul class="lesson-evidence-list">'
            + "".join(claim_item(c, cites) for c in claims)
            + "</ul></details>"
        )
    else:
        body = f'<p class="lesson-evidence-intro">{escape(EMPTY)}</p>'
    html = (
        f'<section class="lesson-evidence" id="{heading_id}" aria-label="{escape(HEADING)}">{body}</section>'
    )
    listed = ", ".join(f"{c.id}={c.verdict}" for c in claims) or "none"
    noun = "claim" if len(claims) == 1 else "claims"
    summary = f"{HEADING} ({chapter_id}), {len(claims)} {noun}: {listed}"
    return ShownHTML(html, summary)
