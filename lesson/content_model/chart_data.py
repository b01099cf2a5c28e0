"""Chart numbers (CSV) and metadata (YAML) from lesson/content/data.

Every number a chart shows comes from these files; chart code only decides how to draw.
Values are kept as the strings written in the CSV so labels show exactly the source's
precision ("577.0" stays "577.0"); ``num`` converts when a position is needed.

``TABLES`` says what each chart's CSV must hold (the columns its drawing code reads, their
kind, allowed values and ranges, and which columns form an interval). ``csv_problems``
checks a file against it; ``python -m lesson check`` reports the result as ``path:line``
problems and ``load`` refuses a file that fails, so a bad row never reaches a chart.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lesson.content_model import load as load_content
from lesson.content_model.models import ChartMeta
from lesson.content_model.problems import ContentError, Problem, not_utf8
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


@dataclass(frozen=True)
class Column:
    """One column a chart reads: text, a number or a whole number, optionally within limits."""

    name: str
    kind: str = "text"
    """``text``, ``number`` or ``whole``."""
    required: bool = True
    """An empty cell is a mistake (otherwise it means "not reported")."""
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    """What one chart's CSV must hold."""

    columns: tuple[Column, ...]
    intervals: tuple[tuple[str, str, str], ...] = ()
    """(lower, value, upper) columns: given together, and lower <= value <= upper."""
    at_most: tuple[tuple[str, str], ...] = ()
    """(part, whole) columns: part <= whole when both are given."""


def _pct(name: str, required: bool = True) -> Column:
    return Column(name, "number", required, 0, 100)


TABLES: dict[str, Table] = {
    "global-cases": Table(
        (Column("year", "whole", low=1900, high=2100), Column("cases_millions", "number", low=0, high=10_000),
         Column("lower", "number", False, 0, 10_000), Column("upper", "number", False, 0, 10_000),
         Column("gbd_round"), Column("kind", choices=("estimate", "projection"))),
        intervals=(("lower", "cases_millions", "upper"),)),
    "us-age": Table((Column("breakdown", choices=("age", "sex")), Column("group"), _pct("percent"))),
    "golf-sites": Table((Column("site"), _pct("percent"))),
    "scan-findings": Table((Column("finding"), _pct("age_20"), _pct("age_80"))),
    "recovery": Table(
        (Column("cohort", choices=("acute", "persistent")), Column("week", "whole", low=0, high=520),
         _pct("mean"), _pct("lower"), _pct("upper")),
        intervals=(("lower", "mean", "upper"),)),
    "treatment-effects": Table(
        (Column("label"), Column("kind", choices=("effect", "threshold")),
         Column("value", "number", low=-100, high=100), Column("lower", "number", False, -100, 100),
         Column("upper", "number", False, -100, 100), Column("source")),
        intervals=(("lower", "value", "upper"),)),
    "magnesium-intake": Table(
        (Column("kind", choices=("rda", "ul")), Column("age_group"),
         Column("sex", choices=("Men", "Women", "All")),
         Column("mg_per_day", "number", low=0, high=5000))),
    "prevention-effect": Table(
        (Column("approach"), Column("rr", "number", low=0, high=100),
         Column("lower", "number", low=0, high=100),
         Column("upper", "number", low=0, high=100)),
        intervals=(("lower", "rr", "upper"),)),
    "serious-causes": Table(
        (Column("measure"), Column("count", "whole", False, 0), Column("total", "whole", low=1),
         _pct("percent", required=False)),
        at_most=(("count", "total"),)),
}
"""The columns each chart's drawing code reads (``figures.py``)."""

MAX_CSV_BYTES = 1_000_000


def _number(text: str, whole: bool) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    if not math.isfinite(value) or (whole and not value.is_integer()):
        return None
    return value


def _cell_problem(col: Column, text: str) -> tuple[str | None, float | None]:
    """A message for one cell that breaks its column's rule (or None), and its number if it is one."""
    if not text:
        return (f"column '{col.name}' is empty" if col.required else None), None
    if col.choices and text not in col.choices:
        return f"{col.name}: '{text}' is not one of {', '.join(col.choices)}", None
    if col.kind == "text":
        return None, None
    value = _number(text, col.kind == "whole")
    if value is None:
        kind = "a whole number" if col.kind == "whole" else "a number"
        return f"{col.name}: '{text}' is not {kind}", None
    if col.low is not None and value < col.low:
        return f"{col.name}: {text} is below {col.low:g}", None
    if col.high is not None and value > col.high:
        return f"{col.name}: {text} is above {col.high:g}", None
    return None, value


def _row_problems(table: Table, row: dict[str, str]) -> list[str]:
    out, values = [], {}
    for col in table.columns:
        if col.name not in row:
            continue  # a missing column is reported once, at the header
        message, value = _cell_problem(col, row[col.name])
        if message:
            out.append(message)
        values[col.name] = value
    required = {c.name for c in table.columns if c.required}
    for low, mid, high in table.intervals:
        for one, other in ((low, high), (high, low)):
            if row.get(one) and not row.get(other) and other not in required:
                out.append(f"'{one}' is given without '{other}'")
        lo, v, hi = values.get(low), values.get(mid), values.get(high)
        if lo is not None and v is not None and hi is not None and not lo <= v <= hi:
            out.append(f"{mid} {row[mid]} is not between {low} {row[low]} and {high} {row[high]}")
    for part, whole in table.at_most:
        p, w = values.get(part), values.get(whole)
        if p is not None and w is not None and p > w:
            out.append(f"{part} {row[part]} is more than {whole} {row[whole]}")
    return out


def csv_problems(path: Path, chart_id: str | None = None) -> list[Problem]:
    """Every mistake in one chart CSV as ``path:line`` problems (``chart_id``: the table it must fit).

    Without a known chart id only the shape is checked (a header, the same number of values on
    every row). An unreadable file or a byte that is not UTF-8 is one problem at its line.
    """
    path = Path(path)
    table = TABLES.get(chart_id or path.stem)
    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            return [Problem(path, 1, f"file is too big (the limit is {MAX_CSV_BYTES:,} bytes)")]
        raw = path.read_bytes()
    except OSError as exc:
        return [Problem(path, 1, f"could not read: {exc.strerror or exc}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [not_utf8(path, raw, exc)]
    reader = csv.reader(io.StringIO(text, newline=""))
    out: list[Problem] = []
    try:
        header = [h.strip() for h in next(reader, [])]
        if not header or not any(header):
            return [Problem(path, 1, "no header row (the first line names the columns)")]
        for index, name in enumerate(header):
            if not name:
                out.append(Problem(path, 1, f"column {index + 1} has no name"))
            elif name in header[:index]:
                out.append(Problem(path, 1, f"column '{name}' is named twice"))
        if table is not None:
            expected = [c.name for c in table.columns]
            out += [Problem(path, 1, f"missing column '{c}'") for c in expected if c not in header]
            out += [Problem(path, 1, f"unknown column '{c}' (the chart reads: {', '.join(expected)})")
                    for c in header if c and c not in expected]
        rows = 0
        line = reader.line_num + 1
        for record in reader:
            start, line = line, reader.line_num + 1
            if not record or not any(cell.strip() for cell in record):
                continue
            rows += 1
            if len(record) != len(header):
                message = f"{len(record)} values, but the header names {len(header)} columns"
                out.append(Problem(path, start, message))
                continue
            if table is not None:
                row = {h: cell.strip() for h, cell in zip(header, record, strict=True)}
                out += [Problem(path, start, message) for message in _row_problems(table, row)]
    except csv.Error as exc:
        out.append(Problem(path, reader.line_num or 1, f"not valid CSV: {exc}"))
        return out
    if rows == 0:
        out.append(Problem(path, 1, "no data rows"))
    return out


def read_rows(chart_id: str) -> tuple[Row, ...]:
    """The CSV rows, every cell stripped; a file that breaks its table's rules raises ContentError."""
    path = content_path("data", f"{chart_id}.csv")
    problems = csv_problems(path, chart_id)
    if problems:
        raise ContentError(problems)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return tuple({k.strip(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle))


def read_meta(chart_id: str) -> ChartMeta:
    """The YAML metadata, validated (``data/<chart_id>.yaml``, the one loader and model)."""
    return load_content.chart_meta(chart_id)


@cache
def load(chart_id: str) -> ChartData:
    """Load one chart's data (cached: content does not change while a kernel runs)."""
    if chart_id not in CHART_IDS:
        raise KeyError(f"unknown chart id {chart_id!r}; known: {', '.join(CHART_IDS)}")
    return ChartData(chart_id, read_meta(chart_id), read_rows(chart_id))
