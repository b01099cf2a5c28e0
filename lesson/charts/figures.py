"""One function per chart: loaded data in, styled matplotlib Figure out.

Each function draws only what its CSV holds (no number is typed here), gives the chart a
title, axis labels with units and a source line, and marks compared series with hatching
or marker shapes as well as colour. Functions with a control take the control's value.
Every function takes a ``layout`` (``style.WIDE`` or ``style.NARROW``): the narrow one wraps
labels and puts legends under the plot so the same point sizes fit a phone.

No number is typed here except the definitional "no effect" line of a relative risk. The
words that say what an effect means ("about 7 points less pain out of 100, likely between 4
and 11") are the chart YAML's ``labels`` filled in by ``describe.plain``, so the chart, its
alt text and its table agree.
"""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MultipleLocator
from matplotlib.transforms import blended_transform_factory

from lesson.charts.describe import in_words, plain, whole_points
from lesson.charts.style import OKABE_ITO, WIDE, Layout, finish, headroom, legend, new_figure, styled
from lesson.content_model.chart_data import ChartData, Row, num


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
            labels.append(f"{in_words(r['percent'])}{of}")
        ax.bar_label(bars, labels=labels, padding=5, fontsize=12)
        ax.set_yticks(ys, [layout.wrap(r["measure"], 12 if layout.narrow else 22) for r in shown])
        parts = [r for r in data.rows if not r["percent"] and r["count"]]
        whole = next((r for r in shown if r["count"]), None)
        if parts and whole:
            note = "; ".join(f"{r['count']} of the {whole['count']} serious cases: {r['measure'].lower()}"
                             for r in parts)
            ax.text(0.99, 0.97, layout.wrap(note, 30 if layout.narrow else 60), transform=ax.transAxes,
                    ha="right", va="top", fontsize=11, color="#444444")
        ax.set_xlim(0, 140 if layout.narrow else 125)  # room on the right for the words on the bars
        ax.set_xticks([0, 25, 50, 75, 100])  # ticks only up to 100 of every 100
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
        studied = data.rows[0]["total"] and int(num(data.rows[0]["total"]))
        ax.set_xlabel(layout.wrap(f"People out of every 100 ({studied:,} patients studied)",
                                  30 if layout.narrow else 60))
    return finish(fig, data, layout)



NO_EFFECT_RR = 1.0
"""A relative risk of 1 means "no difference": a definition, not a data value."""


def recovery(data: ChartData, cohort: str = "acute", layout: Layout = WIDE) -> Figure:
    """Mean pain over a year for one cohort, the other in grey for comparison; same y-axis for both."""
    names = {"acute": "Recent (acute) pain", "persistent": "Pain that had lasted a while (persistent)"}
    with styled():
        fig, ax = new_figure(data.meta.title, layout)
        other = next(c for c in dict.fromkeys(r["cohort"] for r in data.rows) if c != cohort)
        grey = data.where(cohort=other)
        ax.plot([num(r["week"]) for r in grey], [num(r["mean"]) for r in grey], "--", marker="s",
                color="#999999", label=f"{names.get(other, other)} (for comparison)", linewidth=1.5)
        rows = data.where(cohort=cohort)
        xs = [num(r["week"]) for r in rows]
        ys = [num(r["mean"]) for r in rows]
        err = [[y - num(r["lower"]) for r, y in zip(rows, ys, strict=True)],
               [num(r["upper"]) - y for r, y in zip(rows, ys, strict=True)]]
        ax.errorbar(xs, ys, yerr=err, marker="o", color=OKABE_ITO[0], label=names.get(cohort, cohort))
        for r, x, y in zip(rows, xs, ys, strict=True):
            ax.annotate(r["mean"], (x, y), textcoords="offset points", xytext=(10, 6), fontsize=12)
        ax.set_xticks(sorted({num(r["week"]) for r in data.rows}))
        ax.set_ylim(0, headroom([num(r["upper"]) for r in data.rows], 1.15))
        ax.set_xlabel("Weeks since the start of the study")
        ax.set_ylabel("Average pain\n(0 = none, 100 = worst)")
        legend(ax, layout, "upper right")
    return finish(fig, data, layout)


def _row_labels(ax: Axes, ys: list[int], texts: list[str], layout: Layout) -> None:
    """Wide: the texts as y tick labels. Narrow: above each row, from the plot's left edge, so the
    plot keeps the phone's whole width."""
    if not layout.narrow:
        ax.set_yticks(ys, texts)
        return
    ax.set_yticks(ys, [""] * len(ys))
    ax.tick_params(axis="y", length=0)
    left = blended_transform_factory(ax.transAxes, ax.transData)
    for y, text in zip(ys, texts, strict=True):
        ax.text(0.01, y + 0.3, text, transform=left, ha="left", va="bottom", fontsize=12,
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1})


def treatment_effects(data: ChartData, layout: Layout = WIDE) -> Figure:
    """How much less pain than with a dummy pill, with the likely ranges, against the smallest
    difference patients notice.

    The CSV keeps the studies' signed changes (negative = less pain); the chart shows them as
    positive "points less pain", so the axis starts at 0 (no difference) and has no minus signs
    (PEMAT-P item 6). Ticks are whole points. Narrow: each row's words sit above its marker, and
    the two reference lines are named at the foot of the plot, so nothing overlaps on a phone.
    """
    with styled():
        fig, ax = new_figure(data.meta.title, layout)
        effects = data.where(kind="effect")
        step = 2.3 if layout.narrow else 1.0  # room above each row for its words on a phone
        ys = [step * i for i in range(len(effects))][::-1]
        markers = ("o", "s", "D")
        for y, r, marker, colour in zip(ys, effects, markers, (OKABE_ITO[0], OKABE_ITO[3], OKABE_ITO[2]),
                                        strict=False):
            less, least, most = -num(r["value"]), -num(r["upper"]), -num(r["lower"])
            ax.errorbar([less], [y], xerr=[[less - least], [most - less]],
                        fmt=marker, color=colour, markersize=11)
        bottom, top = (-2.0, max(ys) + 2.0) if layout.narrow else (-0.6, max(ys) + 0.7)
        at, va = (bottom + 0.1, "bottom") if layout.narrow else (top - 0.15, "top")
        for r in data.where(kind="threshold"):
            line = -num(r["value"])
            ax.axvline(line, color=OKABE_ITO[1], linestyle="--", linewidth=2.5)
            ax.annotate(f"{layout.wrap(r['label'], 20)}\n({whole_points(r['value'])} points)",
                        (line, at), ha="left", va=va, fontsize=11, xytext=(6, 0),
                        textcoords="offset points")
        ax.axvline(0, color="black", linewidth=1.2)
        ax.annotate(layout.wrap(data.meta.labels["no-difference"], 10), (0, at), ha="left", va=va,
                    fontsize=11, xytext=(6, 0), textcoords="offset points")
        highs = [-num(r["lower"]) for r in effects] + [-num(r["value"]) for r in data.where(kind="threshold")]
        ax.set_xlim(-0.5, max(highs) * 1.35)
        ax.set_ylim(bottom, top)
        ax.xaxis.set_major_locator(MultipleLocator(5))  # whole points: 0, 5, 10, 15
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:.0f}"))
        width = 26 if layout.narrow else 36
        _row_labels(ax, ys, [f"{r['label']}:\n{layout.wrap(plain(data, r), width)}" for r in effects], layout)
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
        ax.set_xlabel(layout.wrap(data.meta.labels["axis"], 30 if layout.narrow else 44))
    return finish(fig, data, layout)


def magnesium_intake(data: ChartData, sex: str = "Women", layout: Layout = WIDE) -> Figure:
    """Daily need (total intake) by age group for one sex, with the supplement ceiling as a labelled line.

    The legend words come from the chart's YAML ``labels`` (``bars``, ``ceiling``), where they are sourced.
    """
    with styled():
        fig, ax = new_figure(f"{data.meta.title}: {sex.lower()}", layout,
                             height=6.4 if layout.narrow else None)
        rows = data.where(kind="rda", sex=sex)
        bars = ax.bar([layout.wrap(r["age_group"], 8 if layout.narrow else None) for r in rows],
                      [num(r["mg_per_day"]) for r in rows],
                      color=OKABE_ITO[2] if sex == "Women" else OKABE_ITO[5], edgecolor="black",
                      hatch="//" if sex == "Women" else "..", label=data.meta.labels["bars"])
        ax.bar_label(bars, labels=[f"{r['mg_per_day']} mg" for r in rows], fontsize=12, label_type="center",
                     bbox={"facecolor": "white", "edgecolor": "none"})
        for r in data.where(kind="ul"):
            ax.axhline(num(r["mg_per_day"]), color=OKABE_ITO[3], linestyle="--", linewidth=2.5,
                       label=data.meta.labels["ceiling"].format(value=r["mg_per_day"]))
        ax.set_ylim(0, headroom([num(r["mg_per_day"]) for r in data.rows], 1.15 if layout.narrow else 1.5))
        ax.set_xlabel("Age group (years)")
        ax.set_ylabel("Magnesium a day (mg)")
        legend(ax, layout, "upper right")
    return finish(fig, data, layout)


def _fewer_text(data: ChartData, r: Row, layout: Layout) -> str:
    return f"{r['approach']}:\n{layout.wrap(plain(data, r), 26 if layout.narrow else 36)}"


def prevention_effect(data: ChartData, layout: Layout = WIDE) -> Figure:
    """Relative risks with their likely ranges and the no-effect line at 1; the note on what is not
    drawn comes from the chart's YAML ``labels`` (``not-drawn``)."""
    with styled():
        fig, ax = new_figure(data.meta.title, layout)
        step = 2.3 if layout.narrow else 1.0
        ys = [step * i for i in range(len(data.rows))][::-1]
        for y, r, marker, colour in zip(ys, data.rows, ("o", "s", "D"), OKABE_ITO, strict=False):
            rr = num(r["rr"])
            ax.errorbar([rr], [y], xerr=[[rr - num(r["lower"])], [num(r["upper"]) - rr]], fmt=marker,
                        color=colour, markersize=11)
        top = max(ys) + (2.0 if layout.narrow else 0.5)
        ax.axvline(NO_EFFECT_RR, color="black", linestyle="--", linewidth=1.5)
        ax.annotate(layout.wrap(data.meta.labels["no-difference"], 10), (NO_EFFECT_RR, top), ha="right",
                    va="top", xytext=(-6, 0), textcoords="offset points", fontsize=11)
        ax.set_xlim(0, NO_EFFECT_RR * 1.2)
        ax.set_ylim(-1.9 if layout.narrow else -0.8, top + 0.1)
        _row_labels(ax, ys, [_fewer_text(data, r, layout) for r in data.rows], layout)
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
        ax.set_xlabel(layout.wrap(data.meta.labels["axis"], 30 if layout.narrow else 44))
        ax.text(0.01, 0.02, layout.wrap(data.meta.labels["not-drawn"], 40 if layout.narrow else 44),
                transform=ax.transAxes, fontsize=11, color="#444444")
    return finish(fig, data, layout)


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
