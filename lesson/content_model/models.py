"""Schemas for the content files other than question banks (those live in ``questions.py``).

Unknown fields are errors (``extra="forbid"``): a misspelt key would otherwise vanish
silently, and in health content a silently dropped ``sources`` is a real harm. The
formats are specified in docs/architecture.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

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


class Chapter(Strict):
    id: Id
    notebook: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+\.ipynb$")]
    title: Text
    summary: Text
    last_reviewed: dt.date
    objectives: Annotated[list[Objective], Field(min_length=1)]


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


class RedFlagSign(Strict):
    id: Id
    text: Text
    tier: Tier
    sources: Sources


class TierAdvice(Strict):
    advice: Text
    sources: Sources


class Tiers(Strict):
    emergency: TierAdvice
    urgent: TierAdvice
    routine: TierAdvice


class RedFlagsFile(Strict):
    signs: Annotated[list[RedFlagSign], Field(min_length=1)]
    tiers: Tiers


class ChartMeta(Strict):
    """``lesson/content/data/<chart-id>.yaml``: what a chart needs besides its numbers."""

    title: Text
    sources: Sources
    year: int | Text
    units: Text
    notes: str = ""
    alt: Text
    caption: Text
