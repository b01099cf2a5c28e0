"""The red-flag self-check widget (class ``lesson-redflag``).

Checkboxes with visible labels and an advice area that is present (empty) from the start inside
an aria-live wrapper, so screen readers announce each new answer. The advice updates as boxes are
ticked or unticked, so there is no "See the advice" button to press (keyboard: Tab to a box, Space
to tick it, and the advice below changes); "Untick all" clears it. The advice is shown as care cards,
the same markup as the chapter's cards (``lesson.pages.action``). Callbacks only change widget
values; nothing is stored anywhere. Every sentence shown comes from lesson/content/redflags.yaml
(via ``load_redflags``).
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from lesson import pooled_widgets as pooled
from lesson.content_model import load
from lesson.content_model.citations import REDFLAG_CHAPTER
from lesson.display import Shown
from lesson.errors import guarded
from lesson.pages.action import Card, cards_html, sources_line, style_tag
from lesson.redflags.triage import TIER_ORDER, Advice, RedFlags, load_redflags, triage

EMPTY = '<div role="status" aria-live="polite" class="lesson-redflag-advice"></div>'


def intro_html(flags: RedFlags) -> str:
    """What the exercise is, how to use it, and the emergency warning (with the cards' CSS)."""
    intro = flags.intro
    return (f"{style_tag()}<p><strong>{html.escape(intro.lead)}</strong> {html.escape(intro.text)}</p>"
            f"<p><strong>{html.escape(intro.warning)}</strong></p>")


def advice_cards(advice: Advice) -> list[Card]:
    """One care card per tier that has ticked signs, most urgent first; each lists its signs."""
    flags = load_redflags()
    words = load.redflags().cards
    cards = []
    for tier in TIER_ORDER:
        signs = [item.sign for item in advice.items if item.tier == tier]
        if signs:
            cards.append(Card(tier=tier, heading=flags.tiers[tier].label, advice=flags.tiers[tier].advice,
                              lead=words.ticked if words else "", items=tuple(s.text for s in signs)))
    return cards


def advice_html(advice: Advice) -> str:
    """The advice as HTML: a care card per tier with the signs ticked for it, then the notes.

    Each tier's advice is shown once, on its own card; the most urgent card comes first.
    """
    parts = [f'<div role="status" aria-live="polite" class="lesson-redflag-advice '
             f'lesson-redflag-level-{advice.level}" data-level="{advice.level}">']
    if advice.level == "none":
        parts.append(f'<p class="lesson-redflag-none">{html.escape(advice.headline)}</p>')
    else:
        parts.append(cards_html(advice_cards(advice), level=4))
    for note in advice.notes:
        parts.append(f'<p class="lesson-redflag-note">{html.escape(note)}</p>')
    parts.append(sources_line(advice.sources, css="lesson-sources-line lesson-redflag-sources",
                              chapter_id=REDFLAG_CHAPTER))
    parts.append("</div>")
    return "".join(parts)


def summary() -> str:
    """Deterministic text/plain: what the exercise is and the signs it lists, with their tiers."""
    flags = load_redflags()
    lines = [f"red-flag self-check: {flags.intro.lead} {flags.intro.warning}", "signs:"]
    lines += [f"- {s.id} [{s.tier}] {s.text}" for s in flags.signs]
    lines += [f"- escalation {e.id} [{e.tier}]: all of {sorted(e.when_all)}"
              + (f", one of {sorted(e.when_any)}" if e.when_any else "") for e in flags.escalations]
    return "\n".join(lines)


def redflag_check() -> Shown:
    """Build the self-check: tick signs and read the advice as it changes."""
    flags = load_redflags()
    boxes = {s.id: pooled.Checkbox(value=False, description=s.text, indent=False,
                                   layout=pooled.fit_layout("auto"))
             for s in flags.signs}
    clear = pooled.Button(description="Untick all")
    output = pooled.HTML(value=EMPTY, layout=pooled.fit_layout())
    output.add_class("lesson-redflag-output")
    clearing = False

    def show_error(message: str) -> None:
        output.value = (f'<div role="status" aria-live="polite" class="lesson-error">{html.escape(message)} '
                        f"{html.escape(flags.error.text)}</div>")

    def ticked() -> list[str]:
        return [k for k, box in boxes.items() if box.value]

    @guarded(show_error)
    def on_tick(_: dict) -> None:
        if clearing:
            return
        chosen = ticked()
        output.value = advice_html(triage(chosen)) if chosen else EMPTY

    @guarded(show_error)
    def on_clear(_: widgets.Button) -> None:
        nonlocal clearing
        clearing = True
        try:
            for box in boxes.values():
                box.value = False
        finally:
            clearing = False
        output.value = EMPTY

    clear.on_click(on_clear)
    for box in boxes.values():
        box.observe(on_tick, names="value")
    legend = pooled.HTML(value="<p><strong>Signs to tick:</strong></p>")
    box = pooled.VBox([pooled.HTML(value=intro_html(flags)), legend, *boxes.values(),
                       pooled.HBox([clear]), output], layout=pooled.fit_layout())
    box.add_class("lesson-redflag")
    return Shown(box, summary())
