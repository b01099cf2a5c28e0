"""Chart numbers (CSV) and metadata (YAML) from lesson/content/data.

Every number a chart shows comes from these files; chart code only decides how to draw.
Values are kept as the strings written in the CSV so labels show exactly the source's
precision ("577.0" stays "577.0"); ``num`` converts when a position is needed.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from lesson.content_model.plaincache import safe_yaml
from lesson.paths import content_path

CHART_IDS = (
    "global-cases",
    "us-age",
    "golf-sites",
    "scan-findings",
    "recovery",
    "treatment-effects",
    "magnesium-intake",
    "prevention-effect",
    "serious-causes",
)


class ChartMeta(BaseModel):
    """The metadata file next to each CSV (format in docs/architecture.md)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    title: str
    sources: list[str] = Field(min_length=1)
    year: int | str
    units: str
    notes: str = ""
    alt: str
    caption: str


Row = dict[str, str]


@dataclass(frozen=True)
class ChartData:
    """One chart's metadata and rows, as loaded."""

    chart_id: str
    meta: ChartMeta
    rows: tuple[Row, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.rows[0]) if self.rows else ()

    def where(self, **match: str) -> tuple[Row, ...]:
        """Rows whose columns equal the given values."""
        return tuple(r for r in self.rows if all(r.get(k) == v for k, v in match.items()))

    def table_text(self) -> str:
        """The CSV as aligned plain text: the deterministic data table for summaries."""
        cols = self.columns
        widths = [max(len(c), *(len(r[c]) for r in self.rows)) for c in cols]
        lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip()]
        for row in self.rows:
            lines.append("  ".join(row[c].ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip())
        return "\n".join(lines)


def num(value: str) -> float | None:
    """A CSV cell as a float; ``None`` for an empty cell."""
    value = value.strip()
    return float(value) if value else None


def read_rows(chart_id: str) -> tuple[Row, ...]:
    """The CSV rows, every cell stripped."""
    with content_path("data", f"{chart_id}.csv").open(encoding="utf-8", newline="") as handle:
        return tuple({k.strip(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle))


def read_meta(chart_id: str) -> ChartMeta:
    """The YAML metadata, validated."""
    return ChartMeta.model_validate(safe_yaml(content_path("data", f"{chart_id}.yaml")))


@cache
def load(chart_id: str) -> ChartData:
    """Load one chart's data (cached: content does not change while a kernel runs)."""
    if chart_id not in CHART_IDS:
        raise KeyError(f"unknown chart id {chart_id!r}; known: {', '.join(CHART_IDS)}")
    return ChartData(chart_id, read_meta(chart_id), read_rows(chart_id))
