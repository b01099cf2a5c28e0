"""One function per chart: loaded data in, styled matplotlib Figure out.

Each function draws only what its CSV holds (no number is typed here), gives the chart a
title, axis labels with units and a source line, and marks compared series with hatching
or marker shapes as well as colour. Functions with a control take the control's value.
Every function takes a ``layout`` (``style.WIDE`` or ``style.NARROW``): the narrow one wraps
labels and puts legends under the plot so the same point sizes fit a phone.
"""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.figure import Figure

from lesson.charts.data import ChartData, num
from lesson.charts.style import OKABE_ITO, WIDE, Layout, finish, headroom, legend, new_figure, styled


def global_cases(data: ChartData, layout: Layout = WIDE) -> Figure:
    """Cases over time; GBD rounds told apart by marker, the projection hollow and dashed."""
    with styled():
        fig, ax = new_figure(data.meta.title, layout)
        rounds = sorted({r["gbd_round"] for r in data.rows})
        markers = ("o", "s", "D", "^")
        for i, round_name in enumerate(rounds):
            colour = OKABE_ITO[i]
            for kind, filled, style in (("estimate", True, "-"), ("projection", False, "--")):
                rows = [r for r in data.where(gbd_round=round_name, kind=kind)]
                if not rows:
                    continue
                xs = [num(r["year"]) for r in rows]
                ys = [num(r["cases_millions"]) for r in rows]
                label = f"{round_name} {'forecast' if kind == 'projection' else 'estimate'}"
                ax.plot(xs, ys, style, color=colour, marker=markers[i], markersize=10, label=label,
                        markerfacecolor=colour if filled else "white", markeredgewidth=2)
                for r, x, y in zip(rows, xs, ys, strict=True):
                    if r["lower"] and r["upper"]:
                        bar = ax.errorbar([x], [y], yerr=[[y - num(r["lower"])], [num(r["upper"]) - y]],
                                          fmt="none", ecolor=colour)
                        if not filled:
                            bar[2][0].set_linestyle("--")
                    left = i == 0  # first round labelled above-left, later rounds to the right
                    ax.annotate(f"{r['cases_millions']}", (x, y), textcoords="offset points",
                                xytext=(-8, 8) if left else (12, 0), ha="right" if left else "left",
                                va="bottom" if left else "center", fontsize=12)
            if i + 1 < len(rounds):  # the link between rounds: dotted, as the two are not one series
                last = data.where(gbd_round=round_name)[-1]
                nxt = data.where(gbd_round=rounds[i + 1])[0]
                ax.plot([num(last["year"]), num(nxt["year"])],
                        [num(last["cases_millions"]), num(nxt["cases_millions"])], ":", color="#777777")
        tops = [num(r["upper"]) or num(r["cases_millions"]) for r in data.rows]
        ax.set_ylim(0, headroom(tops, 1.1))
        years = [num(r["year"]) for r in data.rows]
        ax.set_xlim(min(years) - 8, max(years) + (14 if layout.narrow else 8))
        if layout.narrow:  # only years the data has, far enough apart that their labels never touch
            ticks: list[float] = []
            for year in sorted(set(years)):
                if not ticks or year - ticks[-1] >= (max(years) - min(years)) / 4:
                    ticks.append(year)
            ax.set_xticks(ticks, [f"{t:.0f}" for t in ticks])
        ax.set_xlabel("Year")
        ax.set_ylabel("People with low back pain\n(millions)")
        legend(ax, layout, "upper left")
    return finish(fig, data, layout)


def us_age(data: ChartData, breakdown: str = "age", layout: Layout = WIDE) -> Figure:
    """Share with back pain by age group, or by sex with all adults for reference."""
    with styled():
        fig, ax = new_figure(data.meta.title, layout)
        rows = data.where(breakdown=breakdown)
        hatches = ("", "//", "..", "xx") if breakdown == "sex" else ("",) * len(rows)
        by_sex = (OKABE_ITO[3], OKABE_ITO[0], "#999999")
        colours = by_sex if breakdown == "sex" else (OKABE_ITO[0],) * len(rows)
        values = [num(r["percent"]) for r in rows]
        bars = ax.bar([layout.wrap(r["group"], 8 if layout.narrow else None) for r in rows], values,
                      color=colours[: len(rows)], edgecolor="black", hatch=None)
        for bar, hatch in zip(bars, hatches, strict=False):
            bar.set_hatch(hatch)
        ax.bar_label(bars, labels=[f"{r['percent']}%" for r in rows], padding=4, fontsize=12)
        ax.set_ylim(0, headroom([num(r["percent"]) for r in data.rows]))
        ax.set_xlabel("Age group (years)" if breakdown == "age" else "Group")
        ax.set_ylabel("Adults with back pain (%)")
    return finish(fig, data, layout)


def golf_sites(data: ChartData, layout: Layout = WIDE) -> Figure:
    """Injury share by body site, largest at the top."""
    with styled():
        fig, ax = new_figure(data.meta.title, layout)
        rows = list(reversed(data.rows))
        bars = ax.barh([layout.wrap(r["site"]) for r in rows], [num(r["percent"]) for r in rows],
                       color=OKABE_ITO[2])
        ax.bar_label(bars, labels=[f"{r['percent']}%" for r in rows], padding=4, fontsize=12)
        ax.set_xlim(0, headroom([num(r["percent"]) for r in rows], 1.25))
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
        ax.set_xlabel("Share of all golf injuries (%)")
        if not layout.narrow:  # on a phone the labels say what they are; the room goes to the bars
            ax.set_ylabel("Body site")
    return finish(fig, data, layout)


def scan_findings(data: ChartData, layout: Layout = WIDE) -> Figure:
    """Paired bars at 20 and 80 only: no line, no in-between ages (the fact base has none)."""
    with styled():
        fig, ax = new_figure(data.meta.title, layout)
        labels = [layout.wrap(r["finding"], 12 if layout.narrow else 18) for r in data.rows]
        positions = range(len(labels))
        width = 0.38
        for offset, col, name, colour, hatch in ((-width / 2, "age_20", "Age 20", OKABE_ITO[5], ""),
                                                 (width / 2, "age_80", "Age 80", OKABE_ITO[0], "//")):
            bars = ax.bar([p + offset for p in positions], [num(r[col]) for r in data.rows], width,
                          label=name, color=colour, hatch=hatch, edgecolor="black")
            ax.bar_label(bars, labels=[f"{r[col]}%" for r in data.rows], padding=3,
                         fontsize=11 if layout.narrow else 12)
        ax.set_xticks(list(positions), labels)
        ax.set_ylim(0, headroom([num(r["age_80"]) for r in data.rows], 1.15))
        ax.set_xlabel("What the scan showed")
        ax.set_ylabel("People with NO back pain\nwho had it (%)")
        legend(ax, layout, "upper right")
    return finish(fig, data, layout)


def serious_causes(data: ChartData, layout: Layout = WIDE) -> Figure:
    """How rare serious disease was, next to how common a red flag was."""
    with styled():
        fig, ax = new_figure(data.meta.title, layout)
        shown = [r for r in data.rows if r["percent"]]
        ys = list(range(len(shown)))[::-1]
        bars = ax.barh(ys, [num(r["percent"]) for r in shown], edgecolor="black", height=0.55,
                       color=[OKABE_ITO[3], OKABE_ITO[0]][: len(shown)])
        for bar, hatch in zip(bars, ("", "//"), strict=False):
            bar.set_hatch(hatch)
        labels = []
        for r in shown:
            of = f" ({int(num(r['count'])):,} of {int(num(r['total'])):,})" if r["count"] else ""
            labels.append(f"{r['percent']}%{of}")
        ax.bar_label(bars, labels=labels, padding=5, fontsize=12)
        ax.set_yticks(ys, [layout.wrap(r["measure"], 12 if layout.narrow else 22) for r in shown])
        parts = [r for r in data.rows if not r["percent"] and r["count"]]
        whole = next((r for r in shown if r["count"]), None)
        if parts and whole:
            note = "; ".join(f"{r['count']} of the {whole['count']} serious cases: {r['measure'].lower()}"
                             for r in parts)
            ax.text(0.99, 0.97, layout.wrap(note, 30 if layout.narrow else 60), transform=ax.transAxes,
                    ha="right", va="top", fontsize=11, color="#444444")
        ax.set_xlim(0, 130 if layout.narrow else 100)
        if layout.narrow:  # room on the right for the bar labels, ticks only up to 100%
            ax.set_xticks([0, 25, 50, 75, 100])
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
        ax.set_xlabel(f"Share of {data.rows[0]['total'] and int(num(data.rows[0]['total'])):,} patients (%)")
    return finish(fig, data, layout)


from lesson.charts.figures_care import (  # noqa: E402  (registry below needs both modules)
    magnesium_intake,
    prevention_effect,
    recovery,
    treatment_effects,
)

FIGURES: dict[str, Callable[..., Figure]] = {
    "global-cases": global_cases,
    "us-age": us_age,
    "golf-sites": golf_sites,
    "scan-findings": scan_findings,
    "recovery": recovery,
    "treatment-effects": treatment_effects,
    "magnesium-intake": magnesium_intake,
    "prevention-effect": prevention_effect,
    "serious-causes": serious_causes,
}
"""Chart id -> figure function. Each takes ``layout=``; functions listed in CONTROLS take one more
keyword argument (the control's value)."""

from lesson.charts.controls import CONTROLS  # noqa: E402,F401  (re-exported: chart id -> view control)
