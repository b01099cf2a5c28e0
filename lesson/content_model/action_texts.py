"""What the "act on it" parts show, as (texts, sources), for the citation and readability inventory.

``content_model.citations`` gathers, per chapter, the keys each part cites (its reference list and
citation numbers) and the texts a learner reads (the readability test). These functions give the
same inventory for ``ui.care_cards``, ``ui.back_plan`` and ``ui.movements``, read from content YAML
only (no page code), in the order a learner meets them.
"""

from __future__ import annotations

from pathlib import Path

from lesson.content_model import load

Inventory = tuple[list[str], list[str]]


def care_cards_texts(root: Path | None = None) -> Inventory:
    """The three care cards: headings, advice, the signs, the escalation notes and their lead-ins."""
    flags = load.redflags(root)
    fill = load.help_content(root).fill
    tiers = [flags.tiers.emergency, flags.tiers.urgent, flags.tiers.routine]
    texts: list[str] = []
    sources: list[str] = []
    for name, tier in zip(("emergency", "urgent", "routine"), tiers, strict=True):
        signs = [s for s in flags.signs if s.tier == name]
        rules = [e for e in flags.escalations if e.tier == name]
        texts += [tier.label, fill(tier.advice), *(s.text for s in signs), *(fill(e.text) for e in rules)]
        sources += [*tier.sources, *(k for s in signs for k in s.sources)]
        sources += [k for e in rules for k in e.sources]
    if flags.cards is not None:
        texts += [flags.cards.lead, flags.cards.also]
        sources += flags.cards.sources
    return texts, sources


def back_plan_texts(root: Path | None = None) -> Inventory:
    """"My back plan": its intro, the activities, the note box's words, then the care cards."""
    plan = load.back_plan(root)
    texts = [plan.title, plan.intro.text, plan.activities_heading]
    sources = list(plan.intro.sources)
    for activity in plan.activities:
        texts += [activity.label, activity.detail]
        sources += activity.sources
    texts += [plan.own.label, plan.own.empty, plan.own.cut, plan.nothing_ticked, plan.help_heading,
              plan.help_intro.text]
    sources += plan.help_intro.sources
    cards, card_sources = care_cards_texts(root)
    texts += [*cards, plan.footer.text]
    sources += [*card_sources, *plan.footer.sources]
    return texts, sources


def movements_texts(root: Path | None = None) -> Inventory:
    """The starter movements: intro, safety, then each movement's name, captions, steps and tip."""
    moves = load.movements(root)
    texts = [moves.heading, moves.intro.text, moves.safety.text]
    sources = [*moves.intro.sources, *moves.safety.sources]
    for move in moves.movements:
        texts += [move.name, *(p.caption for p in move.pictures), *move.steps]
        texts += [move.tip] if move.tip else []
        sources += move.sources
    return texts, sources


PARTS = {"care_cards": care_cards_texts, "back_plan": back_plan_texts, "movements": movements_texts}
"""``ui.<name>(chapter_id)`` -> its inventory."""
