"""``care_cards() -> ShownHTML``: "act now / get help today / book an appointment" as NHS-style cards.

Generated from lesson/content/redflags.yaml: one card per tier, its heading the tier's label, its
first line the tier's advice (with help.yaml's emergency line filled in), then every sign of that
tier and, on the emergency card, the combinations that also need emergency help. Static HTML, so
it shows in Voila and JupyterLab without a kernel; the same markup shows the self-check's result.
"""

from __future__ import annotations

from lesson.content_model import load
from lesson.display import ShownHTML
from lesson.pages.action import Card, cards_html, style_tag
from lesson.redflags.triage import TIER_ORDER, RedFlags, load_redflags


def tier_cards(flags: RedFlags | None = None) -> list[Card]:
    """The three cards, most urgent first, each listing all the signs of its tier."""
    flags = flags or load_redflags()
    words = load.redflags().cards
    out = []
    for tier in TIER_ORDER:
        advice = flags.tiers[tier]
        signs = [s for s in flags.signs if s.tier == tier]
        rules = [e for e in flags.escalations if e.tier == tier]
        sources = [*advice.sources, *(k for s in signs for k in s.sources),
                   *(k for e in rules for k in e.note.sources), *(words.sources if words else ())]
        out.append(Card(
            tier=tier,
            heading=advice.label,
            advice=advice.advice,
            lead=words.lead if words else "",
            items=tuple(s.text for s in signs),
            notes_lead=words.also if words else "",
            notes=tuple(e.note.text for e in rules),
            sources=tuple(dict.fromkeys(sources)),
        ))
    return out


def summary(cards: list[Card]) -> str:
    """Deterministic text/plain for nbval: each card's heading, advice and how many signs it lists."""
    lines = ["care cards:"]
    for c in cards:
        lines.append(f"- {c.tier}: {c.heading} | {c.advice} | {len(c.items)} signs, {len(c.notes)} notes")
    return "\n".join(lines)


def care_cards(chapter_id: str | None = None) -> ShownHTML:
    """The care cards (static HTML with its CSS inline); ``chapter_id`` numbers their sources as
    that chapter's citations."""
    cards = tier_cards()
    return ShownHTML(style_tag() + cards_html(cards, level=3, chapter_id=chapter_id), summary(cards))
