"""Chart functions for the treatment and prevention chapters (the rest are in ``figures``).

Same rules as ``figures``: data in, styled Figure out, no numbers typed here except the
definitional "no effect" line of a relative risk. The words that say what an effect means
("about 7 points less pain out of 100, likely between 4 and 11") are the chart YAML's
``labels`` filled in by ``describe.plain``, so the chart, its alt text and its table agree.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MultipleLocator
from matplotlib.transforms import blended_transform_factory

from lesson.charts.data import ChartData, Row, num
from lesson.charts.describe import plain
from lesson.charts.style import OKABE_ITO, WIDE, Layout, finish, headroom, legend, new_figure, styled

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
    """Effects vs placebo with their likely ranges against the smallest difference patients notice.

    Narrow: each row's words sit above its marker, and the two reference lines are named at the
    foot of the plot, so nothing overlaps on a phone.
    """
    with styled():
        fig, ax = new_figure(data.meta.title, layout)
        effects = data.where(kind="effect")
        step = 2.3 if layout.narrow else 1.0  # room above each row for its words on a phone
        ys = [step * i for i in range(len(effects))][::-1]
        markers = ("o", "s", "D")
        for y, r, marker, colour in zip(ys, effects, markers, (OKABE_ITO[0], OKABE_ITO[3], OKABE_ITO[2]),
                                        strict=False):
            value = num(r["value"])
            ax.errorbar([value], [y], xerr=[[value - num(r["lower"])], [num(r["upper"]) - value]],
                        fmt=marker, color=colour, markersize=11)
        bottom, top = (-2.0, max(ys) + 2.0) if layout.narrow else (-0.6, max(ys) + 0.7)
        at, va = (bottom + 0.1, "bottom") if layout.narrow else (top - 0.15, "top")
        for r in data.where(kind="threshold"):
            ax.axvline(num(r["value"]), color=OKABE_ITO[1], linestyle="--", linewidth=2.5)
            ax.annotate(f"{layout.wrap(r['label'], 20)}\n({r['value'].lstrip('-')} points)",
                        (num(r["value"]), at), ha="right", va=va, fontsize=11, xytext=(-6, 0),
                        textcoords="offset points")
        ax.axvline(0, color="black", linewidth=1.2)
        ax.annotate(layout.wrap(data.meta.labels["no-difference"], 10), (0, at), ha="right", va=va,
                    fontsize=11, xytext=(-6, 0), textcoords="offset points")
        lows = [num(r["lower"]) for r in effects] + [num(r["value"]) for r in data.where(kind="threshold")]
        ax.set_xlim(min(v for v in lows if v is not None) * 1.35, 2)
        ax.set_ylim(bottom, top)
        ax.xaxis.set_major_locator(MultipleLocator(5))  # whole points: -15, -10, -5, 0
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
