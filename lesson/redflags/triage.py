"""Pure triage: ticked sign ids in, advice out. No widgets, no storage, no side effects.

The rules the tests check over every combination of signs:
- any emergency sign ticked -> level "emergency" and the emergency advice comes first;
- advice for every ticked sign, ordered emergency, urgent, routine;
- nothing ticked -> a message that this exercise cannot rule anything out (never reassurance).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from lesson.content_model import load

TIER_ORDER = ("emergency", "urgent", "routine")

NOTHING_TICKED = (
    "You have not ticked any sign. This exercise cannot rule anything out, and it cannot tell you "
    "what is wrong. If you are worried, or your pain is not getting better, get medical help. "
    "If a sign from this list appears, act on it at once."
)
ONE_LEG_NOTE = (
    "Sciatica (pain that spreads down the leg) in only ONE leg does not rule out cauda equina "
    "syndrome. Any of its other signs, such as numbness around the genitals or trouble peeing, "
    "means call 999 or go to A&E now."
)
ONE_LEG_SOURCES = ("todd-ces-pulse", "bmjbp-ces")


@dataclass(frozen=True)
class Sign:
    id: str
    text: str
    tier: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class TierAdvice:
    advice: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class RedFlags:
    signs: tuple[Sign, ...]
    tiers: dict[str, TierAdvice]


@dataclass(frozen=True)
class AdviceItem:
    """What to do about one ticked sign."""

    sign: Sign
    tier: str
    advice: str


@dataclass(frozen=True)
class Advice:
    """The whole answer: the level, the headline to show first, and one item per ticked sign."""

    level: str  # "emergency" | "urgent" | "routine" | "none"
    headline: str
    items: tuple[AdviceItem, ...]
    notes: tuple[str, ...]
    sources: tuple[str, ...]


@cache
def load_redflags() -> RedFlags:
    """Signs and tier advice from lesson/content/redflags.yaml, validated by the content schema
    (which requires all three tiers), then cached for the kernel's life."""
    raw = load.redflags()
    signs = tuple(Sign(s.id, s.text, s.tier, tuple(s.sources)) for s in raw.signs)
    by_name = {name: getattr(raw.tiers, name) for name in TIER_ORDER}
    tiers = {name: TierAdvice(t.advice.strip(), tuple(t.sources)) for name, t in by_name.items()}
    return RedFlags(signs, tiers)


def triage(selected_sign_ids: Iterable[str], flags: RedFlags | None = None) -> Advice:
    """Advice for the ticked signs, emergency first; unknown ids are an error, not ignored."""
    flags = flags or load_redflags()
    by_id = {s.id: s for s in flags.signs}
    chosen = set(selected_sign_ids)
    unknown = chosen - set(by_id)
    if unknown:
        raise ValueError(f"unknown red-flag sign ids: {sorted(unknown)}")
    ordered = sorted((by_id[i] for i in chosen),
                     key=lambda s: (TIER_ORDER.index(s.tier), [x.id for x in flags.signs].index(s.id)))
    items = tuple(AdviceItem(s, s.tier, flags.tiers[s.tier].advice) for s in ordered)
    notes = (ONE_LEG_NOTE,)
    if not items:
        return Advice("none", NOTHING_TICKED, (), notes, ONE_LEG_SOURCES)
    level = items[0].tier  # sorted, so the first item holds the most urgent tier ticked
    sources = tuple(dict.fromkeys(flags.tiers[level].sources + ONE_LEG_SOURCES))
    return Advice(level, flags.tiers[level].advice, items, notes, sources)
