"""Pure triage: ticked sign ids in, advice out. No widgets, no storage, no side effects.

Every sentence comes from lesson/content/redflags.yaml (the emergency line from help.yaml),
where ``python -m lesson check`` sees its sources. The rules the tests check:
- any emergency sign ticked, or any escalation rule met -> level "emergency", emergency advice first;
- an escalation rule raises the tier of the signs that met it, and adds its note;
- advice for every ticked sign, ordered emergency, urgent, routine;
- nothing ticked -> a message that this exercise cannot rule anything out (never reassurance).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from lesson.content_model import load
from lesson.content_model.models import TIER_RANK

TIER_ORDER = ("emergency", "urgent", "routine")  # most urgent first, as TIER_RANK counts


@dataclass(frozen=True)
class Sign:
    id: str
    text: str
    tier: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class TierAdvice:
    label: str
    advice: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Note:
    """A sentence shown with the advice (the one-leg note, an escalation's note, a message)."""

    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Escalation:
    """Signs that together need ``tier``: all of ``when_all`` and, if given, one of ``when_any``."""

    id: str
    when_all: frozenset[str]
    when_any: frozenset[str]
    tier: str
    note: Note

    def met_by(self, chosen: frozenset[str]) -> frozenset[str]:
        """The ticked signs that meet this rule, or an empty set when it is not met."""
        if not self.when_all <= chosen:
            return frozenset()
        if self.when_any and not self.when_any & chosen:
            return frozenset()
        return self.when_all | (self.when_any & chosen)


@dataclass(frozen=True)
class Intro:
    lead: str
    text: str
    warning: str


@dataclass(frozen=True)
class RedFlags:
    signs: tuple[Sign, ...]
    tiers: dict[str, TierAdvice]
    escalations: tuple[Escalation, ...]
    intro: Intro
    nothing_ticked: Note
    one_leg: Note
    error: Note
    emergency_line: str


@dataclass(frozen=True)
class AdviceItem:
    """What to do about one ticked sign: ``tier`` is its own tier, or higher when an escalation met."""

    sign: Sign
    tier: str
    advice: str


@dataclass(frozen=True)
class Advice:
    """The whole answer: the level, the headline to show first, one item per ticked sign, notes."""

    level: str  # "emergency" | "urgent" | "routine" | "none"
    headline: str
    items: tuple[AdviceItem, ...]
    notes: tuple[str, ...]
    sources: tuple[str, ...]
    escalations: tuple[str, ...] = ()  # ids of the escalation rules that were met


def _more_urgent(a: str, b: str) -> str:
    return a if TIER_RANK[a] <= TIER_RANK[b] else b


@cache
def load_redflags() -> RedFlags:
    """Signs, tiers, escalations and messages from lesson/content/redflags.yaml, validated by the
    content schema, with the emergency line of help.yaml filled in; cached for the kernel's life."""
    raw = load.redflags()
    helps = load.help_content()
    fill = helps.fill

    def note(text: str, sources: Iterable[str]) -> Note:
        return Note(" ".join(fill(text).split()), tuple(sources))

    signs = tuple(Sign(s.id, s.text, s.tier, tuple(s.sources)) for s in raw.signs)
    tiers = {
        name: TierAdvice(t.label, " ".join(fill(t.advice).split()), tuple(t.sources))
        for name in TIER_ORDER
        for t in [getattr(raw.tiers, name)]
    }
    escalations = tuple(
        Escalation(e.id, frozenset(e.when_all), frozenset(e.when_any), e.tier, note(e.text, e.sources))
        for e in raw.escalations
    )
    intro = Intro(raw.intro.lead, " ".join(raw.intro.text.split()), " ".join(fill(raw.intro.warning).split()))
    messages = raw.messages
    return RedFlags(
        signs,
        tiers,
        escalations,
        intro,
        note(messages.nothing_ticked.text, messages.nothing_ticked.sources),
        note(messages.one_leg.text, messages.one_leg.sources),
        note(messages.error.text, messages.error.sources),
        helps.emergency.action,
    )


def triage(selected_sign_ids: Iterable[str], flags: RedFlags | None = None) -> Advice:
    """Advice for the ticked signs, most urgent first; unknown ids are an error, not ignored."""
    flags = flags or load_redflags()
    position = {s.id: n for n, s in enumerate(flags.signs)}
    by_id = {s.id: s for s in flags.signs}
    chosen = frozenset(selected_sign_ids)
    unknown = chosen - set(by_id)
    if unknown:
        raise ValueError(f"unknown red-flag sign ids: {sorted(unknown)}")
    tier_of = {i: by_id[i].tier for i in chosen}
    met = []
    for rule in flags.escalations:
        signs = rule.met_by(chosen)
        if signs:
            met.append(rule)
            for i in signs:
                tier_of[i] = _more_urgent(rule.tier, tier_of[i])
    ordered = sorted(chosen, key=lambda i: (TIER_RANK[tier_of[i]], position[i]))
    items = tuple(AdviceItem(by_id[i], tier_of[i], flags.tiers[tier_of[i]].advice) for i in ordered)
    notes = [rule.note for rule in met] + [flags.one_leg]
    note_sources = tuple(s for n in notes for s in n.sources)
    if not items:
        sources = tuple(dict.fromkeys(flags.nothing_ticked.sources + note_sources))
        return Advice("none", flags.nothing_ticked.text, (), tuple(n.text for n in notes), sources)
    level = items[0].tier  # sorted, so the first item holds the most urgent tier
    sign_sources = tuple(s for item in items for s in item.sign.sources)
    sources = tuple(dict.fromkeys(flags.tiers[level].sources + sign_sources + note_sources))
    return Advice(level, flags.tiers[level].advice, items, tuple(n.text for n in notes), sources,
                  tuple(rule.id for rule in met))
