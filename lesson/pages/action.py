"""Shared pieces of the "act on it" parts: care cards, "My back plan" and the starter movements.

One care-card markup serves the chapter's cards (``care_cards``), the red-flag self-check's result
and the plan's "when to get help" section. Cards follow the NHS care-card pattern: a bold heading
bar, short bullets, high contrast, and never colour alone (heading words plus an icon shape per
tier). Every word on a card comes from content YAML; this module only arranges it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from html import escape

from lesson import paths
from lesson.content_model import load
from lesson.pages.markup import Citations, chapter_citations, external_link, source_name, sources_html

TIER_ICONS: dict[str, str] = {
    # emergency: a warning triangle with "!"
    "emergency": ('<path d="M12 2.5 L22.5 21 H1.5 Z" fill="none" stroke="currentColor" stroke-width="2.2" '
                  'stroke-linejoin="round"/><path d="M12 9 V14.5" stroke="currentColor" stroke-width="2.4" '
                  'stroke-linecap="round"/><circle cx="12" cy="17.8" r="1.4" fill="currentColor"/>'),
    # urgent: a clock ("today")
    "urgent": ('<circle cx="12" cy="12" r="9.5" fill="none" stroke="currentColor" stroke-width="2.2"/>'
               '<path d="M12 6.5 V12 L15.8 14.2" fill="none" stroke="currentColor" stroke-width="2.2" '
               'stroke-linecap="round" stroke-linejoin="round"/>'),
    # routine: a calendar ("book")
    "routine": ('<rect x="3" y="5" width="18" height="16" rx="2" fill="none" stroke="currentColor" '
                'stroke-width="2.2"/><path d="M3 10 H21 M8 3 V7 M16 3 V7" stroke="currentColor" '
                'stroke-width="2.2" stroke-linecap="round"/>'),
}


def icon(tier: str) -> str:
    """The tier's icon as inline SVG, hidden from screen readers (the heading says it in words)."""
    return (f'<svg class="lesson-carecard-icon" viewBox="0 0 24 24" width="24" height="24" '
            f'aria-hidden="true" focusable="false">{TIER_ICONS[tier]}</svg>')


@cache
def _css() -> str:
    try:
        return paths.style_path("action.css").read_text(encoding="utf-8")
    except OSError:
        return ""


def css_text() -> str:
    """The CSS of the cards, the plan and the movements (``lesson/style/action.css``)."""
    return _css()


def style_tag() -> str:
    """The CSS inline, so JupyterLab (which has no lesson template) shows the same look as Voila."""
    css = _css()
    return f"<style>{css}</style>" if css else ""


def sources_line(keys: Iterable[str], css: str = "lesson-sources-line", chapter_id: str | None = None) -> str:
    """The "Sources:" line of a part, in the lesson's one citation style (``markup.Citations``).

    With ``chapter_id`` the sources are the chapter's numbered citations, linked to its reference
    list; without, each links to its canonical record. The one place the action parts (and the
    red-flag result) write their sources.
    """
    cites = chapter_citations(chapter_id) if chapter_id else Citations((), load.references())
    return cites.sources(keys, css)


def named_sources_line(keys: Iterable[str], css: str = "lesson-sources-line") -> str:
    """ "Sources: NHS; Mayo Clinic (2019)", each name linked to its canonical record.

    For a page that stands alone (the printed or saved plan), where numbers would point at a
    reference list that is not there. Keys stay in ``data-keys`` for tests and tools.
    """
    ordered = list(dict.fromkeys(keys))
    refs = load.references()
    names = []
    for key, name in zip(ordered, distinct_names(ordered), strict=True):
        ref = refs.get(key)
        names.append(external_link(ref.url, name) if ref else escape(key))
    return sources_html("; ".join(names), css, keys=ordered)


def distinct_names(keys: Iterable[str]) -> list[str]:
    """Each key's short source name; where several share one ("NHS (nhs.uk)" for three NHS pages),
    each of those also gets its title ("NHS (nhs.uk), Back pain"), so a reader can tell them apart."""
    refs = load.references()
    ordered = list(dict.fromkeys(keys))
    names = [source_name(refs[k]) if k in refs else k for k in ordered]
    return [f"{name}, {refs[k].title.rstrip('.')}" if k in refs and names.count(name) > 1 else name
            for k, name in zip(ordered, names, strict=True)]


def plain_sources(keys: Iterable[str]) -> list[str]:
    """One line per source for a plain-text file: "Name, year: URL"."""
    refs = load.references()
    ordered = list(dict.fromkeys(keys))
    return [f"{name}: {refs[key].url}" if key in refs else key
            for key, name in zip(ordered, distinct_names(ordered), strict=True)]


@dataclass(frozen=True)
class Card:
    """One care card: the tier, its heading, the advice (shown first, bold), then lists."""

    tier: str
    heading: str
    advice: str
    lead: str = ""
    items: Sequence[str] = ()
    notes_lead: str = ""
    notes: Sequence[str] = ()
    sources: Sequence[str] = ()


def card_html(card: Card, level: int = 3, chapter_id: str | None = None) -> str:
    """One card's markup. Text is escaped here; ``level`` is the heading level on the page;
    ``chapter_id`` numbers its sources as that chapter's citations."""
    tier = escape(card.tier)
    parts = [f'<section class="lesson-carecard lesson-carecard-{tier}" data-tier="{tier}">',
             f'<h{level} class="lesson-carecard-head">{icon(card.tier)}'
             f'<span class="lesson-carecard-title">{escape(card.heading)}</span></h{level}>',
             '<div class="lesson-carecard-body">',
             f'<p class="lesson-carecard-advice">{escape(card.advice)}</p>']
    if card.items:
        if card.lead:
            parts.append(f'<p class="lesson-carecard-lead">{escape(card.lead)}</p>')
        parts.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in card.items) + "</ul>")
    if card.notes:
        if card.notes_lead:
            parts.append(f'<p class="lesson-carecard-lead">{escape(card.notes_lead)}</p>')
        parts.append('<div class="lesson-carecard-notes">'
                     + "".join(f"<p>{escape(n)}</p>" for n in card.notes) + "</div>")
    if card.sources:
        parts.append(sources_line(card.sources, chapter_id=chapter_id))
    parts.append("</div></section>")
    return "".join(parts)


def cards_html(cards: Iterable[Card], level: int = 3, chapter_id: str | None = None) -> str:
    """Cards stacked, most urgent first (the caller's order)."""
    return ('<div class="lesson-carecards">' + "".join(card_html(c, level, chapter_id) for c in cards)
            + "</div>")


def card_text(card: Card) -> str:
    """A card as plain text (for the plan's text file): heading in capitals, then its lines."""
    lines = [card.heading.upper(), card.advice]
    if card.items:
        if card.lead:
            lines.append(card.lead)
        lines += [f"- {i}" for i in card.items]
    if card.notes:
        if card.notes_lead:
            lines.append(card.notes_lead)
        lines += [f"* {n}" for n in card.notes]
    return "\n".join(lines)
