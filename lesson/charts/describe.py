"""Plain-text descriptions of the numbers a chart view shows: the alt text's data part, the
plain-words effect labels and the table beside the chart.

A screen-reader user gets the same numbers as a sighted one, read from the same CSV. The
view filter mirrors the chart controls: a control picks rows by one column, and rows
marked "All" in that column (e.g. the supplement ceiling) belong to every view.

Statistics are said in plain words: a confidence interval is "likely between 4 and 11", a
relative risk of 0.55 is "45% fewer new bouts", a share of 0.9% is "about 1 in 100", a change
of -7.29 points is "about 7 points less pain" (whole numbers, no minus signs: PEMAT-P item 6).
The sentence patterns are the chart YAML's ``labels`` (``plain``, ``threshold``); this module only
works out the whole numbers that fill them in.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from lesson.content_model.chart_data import ChartData, Row

RANGE, PLAIN = "range", "plain"
"""Table columns the CSV does not hold: "lower to upper", and the row's plain-words label."""


def whole(value: Decimal) -> str:
    """A number rounded half up to a whole number, as text ("7.29" -> "7", "0.5" -> "1")."""
    return str(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def whole_points(value: str) -> str:
    """A signed change on a pain scale as positive whole points less pain ("-10" -> "10")."""
    return whole(-Decimal(value))


def in_words(percent: str) -> str:
    """A share as a natural frequency a learner can picture: "0.9" -> "about 1 in 100",
    "80.4" -> "about 8 in 10", "37" -> "about 4 in 10", "96" -> "about 96 in 100"."""
    value = Decimal(percent)
    tens = (value / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if value >= 10 and 1 <= tens <= 9:
        return f"about {tens} in 10"
    hundreds = value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"about {hundreds} in 100" if hundreds >= 1 else "fewer than 1 in 100"


IN_WORDS: dict[str, frozenset[str]] = {"serious-causes": frozenset({"percent"})}
"""Chart id -> the percent columns its table shows as "about 1 in 100" (PEMAT-P item 6)."""


def _less(r: Row) -> dict[str, str]:
    """A change on a pain scale (negative = less pain) as positive whole points."""
    return {"less": whole(-Decimal(r["value"])), "least": whole(-Decimal(r["upper"])),
            "most": whole(-Decimal(r["lower"]))}


def _fewer(r: Row) -> dict[str, str]:
    """A relative risk as the percent fewer: 0.55 -> 45; the range flips (upper -> least)."""
    def pct(text: str) -> str:
        return whole((1 - Decimal(text)) * 100)
    return {"fewer": pct(r["rr"]), "least": pct(r["upper"]), "most": pct(r["lower"])}


PLAIN_FIELDS: dict[str, Callable[[Row], dict[str, str]]] = {
    "treatment-effects": _less,
    "prevention-effect": _fewer,
}
"""Chart id -> the whole numbers its ``plain`` label is filled in with (besides the row's own cells)."""


TABLE_PLAIN = "plain-table"
"""Optional label pattern for the hidden "Show the numbers" table (e.g. with the likely range);
the chart and its alt text use ``plain``. Without it the table uses ``plain`` too."""


def plain(data: ChartData, row: Row, pattern: str = PLAIN) -> str:
    """The chart's ``labels.plain`` pattern filled in for one row (e.g. "about 7 points less pain...")."""
    fields = PLAIN_FIELDS.get(data.chart_id, lambda r: {})(row)
    return data.meta.labels.get(pattern, data.meta.labels[PLAIN]).format(**row, **fields)


def _likely(row: Row, unit: str = "") -> str:
    if not (row.get("lower") and row.get("upper")):
        return ""
    return f" (likely between {row['lower']} and {row['upper']}{unit})"


def _global(r: Row) -> str:
    kind = "forecast" if r["kind"] == "projection" else "estimate"
    return f"{r['year']}: {r['cases_millions']} million ({r['gbd_round']} {kind}){_likely(r, ' million')}"


def _magnesium(r: Row) -> str:
    if r["kind"] == "ul":
        return (f"safety ceiling for supplements and medicines only, ages {r['age_group']}: "
                f"{r['mg_per_day']} mg a day (not a dose)")
    return f"{r['sex']} aged {r['age_group']}: {r['mg_per_day']} mg a day in total"


def _serious(r: Row) -> str:
    if r["percent"] and r["count"]:
        return f"{r['measure']}: {in_words(r['percent'])} ({r['count']} of {r['total']})"
    if r["percent"]:
        return f"{r['measure']}: {in_words(r['percent'])} of {r['total']}"
    return f"{r['measure']}: {r['count']} people"


def _row_text(data: ChartData, r: Row) -> str:
    chart = data.chart_id
    if chart == "treatment-effects":
        if r["kind"] == "threshold":
            return f"{r['label']}: {whole_points(r['value'])} points"
        return f"{r['label']}: {plain(data, r)}"
    if chart == "prevention-effect":
        return (f"{r['approach']}: {plain(data, r)} (relative risk {r['rr']}, likely between {r['lower']} "
                f"and {r['upper']})")
    if chart == "recovery":  # the group's name in words ("Recent (acute) pain"), from the YAML table values
        group = (data.meta.table.values if data.meta.table else {}).get(r["cohort"], f"{r['cohort']} pain")
        return f"{group}, week {r['week']}: average {r['mean']} out of 100{_likely(r)}"
    return ROW_TEXT[chart](r)


ROW_TEXT: dict[str, Callable[[Row], str]] = {
    "global-cases": _global,
    "us-age": lambda r: f"{r['group']}: {r['percent']}%",
    "golf-sites": lambda r: f"{r['site']}: {r['percent']}%",
    "scan-findings": lambda r: f"{r['finding']}: {r['age_20']}% at age 20, {r['age_80']}% at age 80",
    "magnesium-intake": _magnesium,
    "serious-causes": _serious,
}
"""Chart id -> one row in words (``_row_text`` words the rest from the chart's YAML)."""


def view_rows(data: ChartData, column: str | None = None, value: str | None = None) -> tuple[Row, ...]:
    """The rows one view of the chart shows."""
    if column is None:
        return data.rows
    return tuple(r for r in data.rows if r.get(column) in (value, "All"))


def describe(data: ChartData, column: str | None = None, value: str | None = None) -> str:
    """"Numbers shown: a; b; c." for the current view."""
    rows = view_rows(data, column, value)
    return "Numbers shown: " + "; ".join(_row_text(data, r) for r in rows) + "."


def _cell(data: ChartData, row: Row, column: str) -> str:
    if column == RANGE:
        return f"{row['lower']} to {row['upper']}" if row.get("lower") and row.get("upper") else ""
    if column == PLAIN:
        if row.get("kind") == "threshold":  # the line the effects are read against, in the same words
            pattern = data.meta.labels.get("threshold")
            return pattern.format(points=whole_points(row["value"])) if pattern else ""
        return plain(data, row, TABLE_PLAIN)
    text = row[column]
    if column in IN_WORDS.get(data.chart_id, ()) and text:
        return in_words(text)
    return data.meta.table.values.get(text, text) if data.meta.table else text


def table(data: ChartData, column: str | None = None, value: str | None = None
          ) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """(headings, rows) of the table beside one view: the YAML's ``table.columns`` in order, with
    their human names, and coded values ("ul", "projection") in words from ``table.values``."""
    names = data.meta.table.columns if data.meta.table else {c: c for c in data.columns}
    rows = tuple(tuple(_cell(data, r, c) for c in names) for r in view_rows(data, column, value))
    return tuple(names.values()), rows
