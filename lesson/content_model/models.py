"""Schemas for the content files other than question banks (those live in ``questions.py``).

Unknown fields are errors (``extra="forbid"``): a misspelt key would otherwise vanish
silently, and in health content a silently dropped ``sources`` is a real harm. The
formats are specified in docs/architecture.md.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+$")]
"""Stable ids: lower-case letters, digits and hyphens, so they work in URLs, CSS and YAML."""

Text = Annotated[str, StringConstraints(min_length=1)]
Sources = Annotated[list[Id], Field(min_length=1)]
"""Reference ids; at least one, because every medical fact needs a source."""

Verdict = Literal["supported", "qualified", "contradicted", "unsupported"]
Tier = Literal["emergency", "urgent", "routine"]


class Strict(BaseModel):
    """Base for every content model: unknown fields are reported, models are read-only."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Objective(Strict):
    id: Id
    text: Text


REVIEW_INTERVAL_MONTHS = 12
"""A chapter's facts are checked again at the latest this long after its last review."""


class ClinicianReview(Strict):
    """A named clinician's sign-off. Absent until one has really reviewed the chapter."""

    name: Text
    role: Text
    date: dt.date


class Chapter(Strict):
    id: Id
    notebook: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+\.ipynb$")]
    title: Text
    summary: Text
    last_reviewed: dt.date
    checked_against: Sources
    """The guidelines and reviews the chapter's facts were last checked against."""
    clinician_review: ClinicianReview | None = None
    objectives: Annotated[list[Objective], Field(min_length=1)]

    @property
    def next_review(self) -> dt.date:
        """Last review plus ``REVIEW_INTERVAL_MONTHS`` (29 February falls back to the 28th)."""
        months = self.last_reviewed.month - 1 + REVIEW_INTERVAL_MONTHS
        year, month = self.last_reviewed.year + months // 12, months % 12 + 1
        for day in (self.last_reviewed.day, 30, 29, 28):
            try:
                return dt.date(year, month, day)
            except ValueError:
                continue
        raise AssertionError("unreachable: every month has a 28th")


class ChaptersFile(Strict):
    chapters: Annotated[list[Chapter], Field(min_length=1)]


class Reference(Strict):
    id: Id
    title: Text
    authors: Text
    year: int | Text | None  # None: a continuously updated page with no fixed year
    url: Text
    found_at: str | None = None
    note: str | None = None


class ReferencesFile(Strict):
    references: list[Reference]


class Claim(Strict):
    id: Id
    claim: Text
    article_section: Text
    chapter: Id
    verdict: Verdict
    explanation: Text
    sources: Sources


class ClaimsFile(Strict):
    claims: list[Claim]


class GlossaryTerm(Strict):
    id: Id
    term: Text
    aliases: list[Text] = []
    definition: Text


class GlossaryFile(Strict):
    terms: list[GlossaryTerm]


PLACEHOLDERS = ("{emergency}", "{Emergency}")
"""Placeholders for help.yaml's one emergency line ({Emergency}: with a capital, to start a sentence)."""


def _known_placeholders(text: str) -> str:
    unknown = sorted(set(re.findall(r"\{[^{}]*\}", text)) - set(PLACEHOLDERS))
    if unknown or text.count("{") != text.count("}"):
        raise ValueError(f"unknown placeholder {', '.join(unknown) or 'brace'}: only {{emergency}} and "
                         "{Emergency} are filled in")
    return text


Fillable = Annotated[str, StringConstraints(min_length=1), AfterValidator(_known_placeholders)]
"""Learner text that may hold the emergency-line placeholders."""

TIER_RANK = {"emergency": 0, "urgent": 1, "routine": 2}


class RedFlagSign(Strict):
    id: Id
    text: Text
    tier: Tier
    sources: Sources


class TierAdvice(Strict):
    label: Text
    advice: Fillable
    sources: Sources


class Tiers(Strict):
    emergency: TierAdvice
    urgent: TierAdvice
    routine: TierAdvice


class SourcedText(Strict):
    text: Fillable
    sources: Sources


class RedFlagIntro(Strict):
    """The self-check's opening: what it is (``lead``, shown bold), how to use it, and the warning."""

    lead: Text
    text: Text
    warning: Fillable
    sources: Sources


class RedFlagMessages(Strict):
    nothing_ticked: SourcedText
    one_leg: SourcedText
    error: SourcedText


class Escalation(Strict):
    """Signs that together need a more urgent tier: all of ``when_all`` and, if given, one of ``when_any``."""

    id: Id
    when_all: Annotated[list[Id], Field(min_length=1)]
    when_any: list[Id] = []
    tier: Tier
    text: Fillable
    sources: Sources


class RedFlagCards(Strict):
    """The words around the care cards: ``lead`` before a tier's signs, ``ticked`` before the signs
    ticked in the self-check, ``also`` before the escalation notes on the emergency card."""

    lead: Text
    ticked: Text
    also: Text
    sources: Sources


class RedFlagsFile(Strict):
    intro: RedFlagIntro
    signs: Annotated[list[RedFlagSign], Field(min_length=1)]
    tiers: Tiers
    escalations: list[Escalation] = []
    messages: RedFlagMessages
    cards: RedFlagCards | None = None

    @field_validator("escalations")
    @classmethod
    def _escalations_raise_known_signs(
        cls, value: list[Escalation], info: ValidationInfo
    ) -> list[Escalation]:
        tier_of = {s.id: s.tier for s in info.data.get("signs") or []}
        for rule in value:
            unknown = [i for i in [*rule.when_all, *rule.when_any] if i not in tier_of]
            if unknown:
                raise ValueError(f"escalation '{rule.id}': unknown sign id(s) {', '.join(unknown)}")
            if any(TIER_RANK[rule.tier] >= TIER_RANK[tier_of[i]] for i in rule.when_all):
                raise ValueError(f"escalation '{rule.id}': tier '{rule.tier}' must be more urgent than "
                                 "the own tier of every sign in when_all")
        return value


class EmergencyLine(Strict):
    """The ONE emergency line, as a phrase that fits after "In an emergency," (no placeholders)."""

    action: Annotated[str, StringConstraints(min_length=1, pattern=r"^[^{}]+$")]
    sources: Sources


class HelpFile(Strict):
    """``help.yaml``: the emergency line and the help line on every page."""

    emergency: EmergencyLine
    help_line: SourcedText

    def fill(self, text: str) -> str:
        """``text`` with the emergency line in place of {emergency} / {Emergency}."""
        action = " ".join(self.emergency.action.split())
        return text.replace("{Emergency}", action[:1].upper() + action[1:]).replace("{emergency}", action)


class ChartTable(Strict):
    """A chart's ``table``: CSV column (or ``range`` / ``plain``) -> human heading, and codes in words."""

    columns: Annotated[dict[str, Text], Field(min_length=1)]
    values: dict[str, Text] = {}


class ChartMeta(Strict):
    """``lesson/content/data/<chart-id>.yaml``: what a chart needs besides its numbers."""

    title: Text
    sources: Sources
    year: int | Text
    units: Text
    notes: str = ""
    alt: Text
    caption: Text
    labels: dict[Id, Text] = {}
    """Words the figure draws (legend entries, plot notes); the file's ``sources`` cover them."""
    table: ChartTable | None = None
    """The table beside the chart; without it the CSV's own column names are shown."""


def _unique_ids(items: list, what: str) -> list:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise ValueError(f"duplicate {what} id '{item.id}'")
        seen.add(item.id)
    return items


class PlanActivity(Strict):
    """One thing the learner can tick in "My back plan": a short ``label`` and what it means."""

    id: Id
    label: Text
    detail: Text
    sources: Sources


class PlanOwnText(Strict):
    """The free-text box: its label, a hint, the longest note kept, and what the plan says about it."""

    label: Text
    placeholder: str = ""
    max_chars: Annotated[int, Field(ge=20, le=2000)]
    cut: Text
    empty: Text


class PlanActions(Strict):
    """Button and link words, and the stem of the saved file names."""

    update: Text
    print_plan: Text
    save_html: Text
    save_text: Text
    file_stem: Id


class BackPlanFile(Strict):
    """``back-plan.yaml``: every word of "My back plan" except the care cards (redflags.yaml).

    ``heading`` heads the part on the page; ``title`` heads the plan itself (printed and saved)."""

    heading: Text
    title: Text
    intro: SourcedText
    activities_heading: Text
    activities: Annotated[list[PlanActivity], Field(min_length=1)]
    own: PlanOwnText
    nothing_ticked: Text
    help_heading: Text
    help_intro: SourcedText
    footer: SourcedText
    actions: PlanActions

    @field_validator("activities")
    @classmethod
    def _unique_activity_ids(cls, value: list[PlanActivity]) -> list[PlanActivity]:
        return _unique_ids(value, "activity")


class MovementPicture(Strict):
    """One drawing of a movement: its caption and its alt text (the drawing itself is code)."""

    caption: Text
    alt: Text


class Movement(Strict):
    """A starter movement: name, the drawings' words, numbered steps and an optional tip."""

    id: Id
    name: Text
    pictures: Annotated[list[MovementPicture], Field(min_length=1, max_length=3)]
    steps: Annotated[list[Text], Field(min_length=1)]
    tip: str = ""
    sources: Sources


class MovementsFile(Strict):
    """``movements.yaml``: the starter movements shown where the lesson says "exercise"."""

    heading: Text
    intro: SourcedText
    safety: SourcedText
    movements: Annotated[list[Movement], Field(min_length=1)]

    @field_validator("movements")
    @classmethod
    def _unique_movement_ids(cls, value: list[Movement]) -> list[Movement]:
        return _unique_ids(value, "movement")


class SpeakerNote(Strict):
    """One chapter's notes for whoever presents it (shown only in presenter mode)."""

    chapter: Id
    minutes: Annotated[int, Field(ge=1, le=240)] | None = None
    points: Annotated[list[Text], Field(min_length=1)]


class SpeakerNotesFile(Strict):
    """``speaker-notes.yaml``: teaching tips per chapter; a medical sentence carries ``[key]``."""

    notes: list[SpeakerNote]

    @field_validator("notes")
    @classmethod
    def _one_per_chapter(cls, value: list[SpeakerNote]) -> list[SpeakerNote]:
        seen = [n.chapter for n in value]
        dup = sorted({c for c in seen if seen.count(c) > 1})
        if dup:
            raise ValueError(f"more than one entry for chapter {', '.join(dup)}")
        return value


class DiagramPart(Strict):
    """One numbered part of a diagram: ``name`` is the labelling question's answer; ``where``
    describes the spot for the numbered image's alt text without giving the name away."""

    number: Annotated[int, Field(ge=1)]
    id: Id
    where: Text
    name: Text


class FlowStep(Strict):
    """One question of a decision chart (``diagrams/<id>.yaml``, ``flow``): the red-flag signs it
    asks about (ids in redflags.yaml, shown in their own words), any extra ``lines`` (signs that
    are an emergency together, standing for the ``escalations`` rules named), and the tier a
    "yes" leads to (its card's label and advice, from redflags.yaml)."""

    question: Text
    signs: list[Id] = []
    lines: list[SourcedText] = []
    escalations: list[Id] = []
    tier: Tier


class IconRow(Strict):
    """One row of an icon array: its label (shown as text) and how many people are filled in;
    ``maybe`` more are striped, for an honest range ("about 4 or 5 in 10": 4 filled, 1 striped)."""

    label: Text
    filled: Annotated[int, Field(ge=0)]
    maybe: Annotated[int, Field(ge=0)] = 0


class IconArray(Strict):
    """An icon array (``diagrams/<id>.yaml``, ``icons``): rows of ``per_row`` people, and the key's
    words for a filled, a striped and an empty person."""

    per_row: Annotated[int, Field(ge=2, le=10)] = 10
    rows: Annotated[list[IconRow], Field(min_length=1)]
    filled: Text
    maybe: Text | None = None
    empty: Text

    @model_validator(mode="after")
    def _counts_fit(self) -> IconArray:
        for row in self.rows:
            if row.filled + row.maybe > self.per_row:
                raise ValueError(f"row {row.label!r}: {row.filled} filled + {row.maybe} striped is more "
                                 f"than {self.per_row} people")
        if any(row.maybe for row in self.rows) and not self.maybe:
            raise ValueError("a row has striped people, so the key needs `maybe` words")
        return self


class DiagramFile(Strict):
    """``diagrams/<id>.yaml``: a drawn diagram's title, sources, alt texts, caption and parts.

    A decision chart also has ``start`` (its top box), ``flow`` (its questions, most urgent
    first) and ``otherwise`` (the box after the last "no"). An icon array has ``icons``."""

    diagram: Id
    title: Text
    sources: Sources
    alt: Text
    numbered_alt: Text
    caption: Text
    parts: Annotated[list[DiagramPart], Field(min_length=1)]
    start: Text | None = None
    flow: list[FlowStep] = []
    otherwise: SourcedText | None = None
    icons: IconArray | None = None

    @field_validator("parts")
    @classmethod
    def _unique_parts(cls, value: list[DiagramPart]) -> list[DiagramPart]:
        numbers = [p.number for p in value]
        if sorted(numbers) != list(range(1, len(value) + 1)):
            raise ValueError(f"parts must be numbered 1 to {len(value)} once each (found {numbers})")
        return _unique_ids(value, "part")
