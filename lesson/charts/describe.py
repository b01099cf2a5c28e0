"""Plain-text descriptions of the numbers a chart view shows: the alt text's data part.

A screen-reader user gets the same numbers as a sighted one, read from the same CSV. The
view filter mirrors the chart controls: a control picks rows by one column, and rows
marked "All" in that column (e.g. the supplement ceiling) belong to every view.
"""

from __future__ import annotations

from collections.abc import Callable

from lesson.charts.data import ChartData, Row


def _ci(row: Row, low: str = "lower", high: str = "upper", prefix: str = "95% CI") -> str:
    return f" ({prefix} {row[low]} to {row[high]})" if row.get(low) and row.get(high) else ""


def _global(r: Row) -> str:
    kind = "forecast" if r["kind"] == "projection" else "estimate"
    return f"{r['year']}: {r['cases_millions']} million ({r['gbd_round']} {kind}){_ci(r, prefix='95% range')}"


def _treatment(r: Row) -> str:
    return f"{r['label']}: {r['value']} points{_ci(r)}"


def _magnesium(r: Row) -> str:
    if r["kind"] == "ul":
        return (f"safety ceiling for supplements and medicines only, ages {r['age_group']}: "
                f"{r['mg_per_day']} mg a day (not a dose)")
    return f"{r['sex']} aged {r['age_group']}: {r['mg_per_day']} mg a day from food"


def _serious(r: Row) -> str:
    if r["percent"] and r["count"]:
        return f"{r['measure']}: {r['percent']}% ({r['count']} of {r['total']})"
    if r["percent"]:
        return f"{r['measure']}: {r['percent']}% of {r['total']}"
    return f"{r['measure']}: {r['count']} people"


ROW_TEXT: dict[str, Callable[[Row], str]] = {
    "global-cases": _global,
    "us-age": lambda r: f"{r['group']}: {r['percent']}%",
    "golf-sites": lambda r: f"{r['site']}: {r['percent']}%",
    "scan-findings": lambda r: f"{r['finding']}: {r['age_20']}% at age 20, {r['age_80']}% at age 80",
    "recovery": lambda r: f"{r['cohort']} pain, week {r['week']}: average {r['mean']}{_ci(r)}",
    "treatment-effects": _treatment,
    "magnesium-intake": _magnesium,
    "prevention-effect": lambda r: f"{r['approach']}: relative risk {r['rr']}{_ci(r)}",
    "serious-causes": _serious,
}


def view_rows(data: ChartData, column: str | None = None, value: str | None = None) -> tuple[Row, ...]:
    """The rows one view of the chart shows."""
    if column is None:
        return data.rows
    return tuple(r for r in data.rows if r.get(column) in (value, "All"))


def describe(data: ChartData, column: str | None = None, value: str | None = None) -> str:
    """"Numbers shown: a; b; c." for the current view."""
    rows = view_rows(data, column, value)
    return "Numbers shown: " + "; ".join(ROW_TEXT[data.chart_id](r) for r in rows) + "."
