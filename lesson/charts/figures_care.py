"""Chart functions for the treatment and prevention chapters (the rest are in ``figures``).

Same rules as ``figures``: data in, styled Figure out, no numbers typed here except the
definitional "no effect" line of a relative risk.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from lesson.charts.data import ChartData, num
from lesson.charts.style import OKABE_ITO, finish, headroom, new_figure, styled

NO_EFFECT_RR = 1.0
"""A relative risk of 1 means "no difference": a definition, not a data value."""


def recovery(data: ChartData, cohort: str = "acute") -> Figure:
    """Mean pain over a year for one cohort, the other in grey for comparison; same y-axis for both."""
    names = {"acute": "Recent (acute) pain", "persistent": "Pain that had lasted a while (persistent)"}
    with styled():
        fig, ax = new_figure(data.meta.title)
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
        ax.legend(loc="upper right")
    return finish(fig, data)


def treatment_effects(data: ChartData) -> Figure:
    """Effects vs placebo with 95% CIs against the smallest difference patients notice."""
    with styled():
        fig, ax = new_figure(data.meta.title, width=9, height=5.2)
        effects = data.where(kind="effect")
        ys = list(range(len(effects)))[::-1]
        markers = ("o", "s", "D")
        for y, r, marker, colour in zip(ys, effects, markers, (OKABE_ITO[0], OKABE_ITO[3], OKABE_ITO[2]),
                                        strict=False):
            value = num(r["value"])
            ax.errorbar([value], [y], xerr=[[value - num(r["lower"])], [num(r["upper"]) - value]],
                        fmt=marker, color=colour, markersize=11)
        for r in data.where(kind="threshold"):
            ax.axvline(num(r["value"]), color=OKABE_ITO[1], linestyle="--", linewidth=2.5)
            ax.annotate(f"{r['label']}\n({r['value'].lstrip('-')} points)", (num(r["value"]), max(ys) + 0.55),
                        ha="right", va="top", fontsize=11, xytext=(-6, 0), textcoords="offset points")
        ax.axvline(0, color="black", linewidth=1.2)
        ax.annotate("Same as\nplacebo", (0, max(ys) + 0.55), ha="right", va="top", fontsize=11,
                    xytext=(-6, 0), textcoords="offset points")
        lows = [num(r["lower"]) for r in effects] + [num(r["value"]) for r in data.where(kind="threshold")]
        ax.set_xlim(min(v for v in lows if v is not None) * 1.35, 2)
        ax.set_ylim(-0.6, max(ys) + 0.7)
        ax.set_yticks(ys, [f"{r['label']}\n{r['value']} (95% CI {r['lower']} to {r['upper']})"
                           for r in effects])
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
        ax.set_xlabel("Change in pain compared with placebo\n"
                      "(points on a 0 to 100 scale; further left = less pain)")
    return finish(fig, data)


def magnesium_intake(data: ChartData, sex: str = "Women") -> Figure:
    """Daily need from food by age group for one sex, with the supplement ceiling as a labelled line."""
    with styled():
        fig, ax = new_figure(f"{data.meta.title}: {sex.lower()}")
        rows = data.where(kind="rda", sex=sex)
        bars = ax.bar([r["age_group"] for r in rows], [num(r["mg_per_day"]) for r in rows],
                      color=OKABE_ITO[2] if sex == "Women" else OKABE_ITO[5], edgecolor="black",
                      hatch="//" if sex == "Women" else "..", label="Daily need from all food and drink")
        ax.bar_label(bars, labels=[f"{r['mg_per_day']} mg" for r in rows], fontsize=12, label_type="center",
                     bbox={"facecolor": "white", "edgecolor": "none"})
        for r in data.where(kind="ul"):
            ax.axhline(num(r["mg_per_day"]), color=OKABE_ITO[3], linestyle="--", linewidth=2.5,
                       label=f"Safety ceiling: {r['mg_per_day']} mg a day from supplements and medicines"
                       " only.\nNot a dose or a target. Ask a pharmacist first.")
        ax.set_ylim(0, headroom([num(r["mg_per_day"]) for r in data.rows], 1.5))
        ax.set_xlabel("Age group (years)")
        ax.set_ylabel("Magnesium a day (mg)")
        ax.legend(loc="upper right")
    return finish(fig, data)


def prevention_effect(data: ChartData) -> Figure:
    """Relative risks with 95% CIs and the no-effect line at 1."""
    with styled():
        fig, ax = new_figure(data.meta.title)
        ys = list(range(len(data.rows)))[::-1]
        for y, r, marker, colour in zip(ys, data.rows, ("o", "s", "D"), OKABE_ITO, strict=False):
            rr = num(r["rr"])
            ax.errorbar([rr], [y], xerr=[[rr - num(r["lower"])], [num(r["upper"]) - rr]], fmt=marker,
                        color=colour, markersize=11)
        ax.axvline(NO_EFFECT_RR, color="black", linestyle="--", linewidth=1.5)
        ax.annotate("No effect", (NO_EFFECT_RR, max(ys) + 0.5), ha="right", va="top", xytext=(-6, 0),
                    textcoords="offset points", fontsize=11)
        ax.set_xlim(0, NO_EFFECT_RR * 1.2)
        ax.set_ylim(-0.8, max(ys) + 0.6)
        ax.set_yticks(ys, [f"{r['approach']}\nRR {r['rr']} (95% CI {r['lower']} to {r['upper']})"
                           for r in data.rows])
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
        ax.set_xlabel("Relative risk of a new episode (below 1 = fewer new episodes)")
        ax.text(0.01, 0.02, "Not drawn: education alone, back belts and shoe insoles (no effect found).",
                transform=ax.transAxes, fontsize=11, color="#444444")
    return finish(fig, data)
