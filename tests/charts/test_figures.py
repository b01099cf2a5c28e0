"""Charts render with a title, labelled axes, a source line, and the right marks, in both layouts."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from lesson.charts.figures import CONTROLS, FIGURES
from lesson.charts.style import LAYOUTS, NARROW, WIDE
from lesson.content_model.chart_data import CHART_IDS, load


def views(chart_id: str) -> list[dict[str, str]]:
    if chart_id not in CONTROLS:
        return [{}]
    key, options = CONTROLS[chart_id]
    return [{key: value} for _, value in options]


CASES = [(c, {**v, "layout": layout}) for c in CHART_IDS for v in views(c) for layout in LAYOUTS.values()]


def one_line(text: str) -> str:
    return " ".join(text.split())


def texts(fig: Figure) -> list[str]:
    return [one_line(t.get_text()) for t in fig.findobj(lambda a: hasattr(a, "get_text"))]


@pytest.mark.parametrize(("chart_id", "view"), CASES)
def test_title_labels_and_source_line(chart_id: str, view: dict[str, str]):
    fig = FIGURES[chart_id](load(chart_id), **view)
    ax = fig.axes[0]
    assert one_line(fig.get_suptitle()).startswith(load(chart_id).meta.title)
    assert ax.get_xlabel().strip(), "every chart names its x axis"
    source = [t for t in texts(fig) if t.startswith("Source: ")]
    assert len(source) == 1, "exactly one source line under the chart"
    assert any(ch.isdigit() for ch in source[0]), "source line carries a year"


@pytest.mark.parametrize(("chart_id", "view"), CASES)
def test_axes_labels_name_units(chart_id: str, view: dict[str, str]):
    ax = FIGURES[chart_id](load(chart_id), **view).axes[0]
    labels = one_line(ax.get_xlabel() + " " + ax.get_ylabel()).lower()
    units = ("%", "mg", "millions", "out of 100", "out of every 100", "0 = none", "relative risk", "year")
    assert any(unit in labels for unit in units), labels


def test_scan_findings_has_no_lines_between_ages():
    fig = FIGURES["scan-findings"](load("scan-findings"))
    ax = fig.axes[0]
    data_lines = [ln for ln in ax.get_lines() if len(ln.get_xdata()) > 1]
    assert data_lines == [], "paired bars only: no line may join age 20 to age 80"
    assert len(ax.patches) == 2 * len(load("scan-findings").rows)
    assert {p.get_hatch() for p in ax.patches} == {"", "//"}, "the two ages differ by hatching too"


@pytest.mark.parametrize("layout", [WIDE, NARROW])
def test_global_cases_marks_projection_hollow_and_dashed(layout):
    ax = FIGURES["global-cases"](load("global-cases"), layout=layout).axes[0]
    handles, labels = ax.get_legend_handles_labels()
    forecast = [h for h, label in zip(handles, labels, strict=True) if "forecast" in label]
    assert forecast and forecast[0].get_markerfacecolor() == "white"
    assert forecast[0].get_linestyle() == "--"
    assert any("GBD 2017" in label for label in labels) and any("GBD 2021" in label for label in labels)


@pytest.mark.parametrize("layout", [WIDE, NARROW])
def test_treatment_effects_has_threshold_line_plain_words_and_no_heat_wrap(layout):
    fig = FIGURES["treatment-effects"](load("treatment-effects"), layout=layout)
    all_text = " ".join(texts(fig)).lower()
    assert "smallest difference patients notice" in all_text
    assert "about 7 points less pain out of 100" in all_text and "likely between" not in all_text
    assert "95%" not in all_text and "ci " not in all_text
    assert "heat" not in all_text, "the heat-wrap study used another scale: not drawn (the notes say so)"


@pytest.mark.parametrize("layout", [WIDE, NARROW])
def test_prevention_effect_says_fewer_new_bouts_in_plain_words(layout):
    all_text = " ".join(texts(FIGURES["prevention-effect"](load("prevention-effect"), layout=layout)))
    assert "45% fewer new bouts, likely between 26% and 59% fewer" in all_text
    assert "35% fewer new bouts, likely between 14% and 50% fewer" in all_text
    assert "RR " not in all_text and "95%" not in all_text


@pytest.mark.parametrize("layout", [WIDE, NARROW])
def test_magnesium_ceiling_is_labelled_as_a_safety_ceiling_not_a_dose(layout):
    for sex in ("Women", "Men"):
        ax = FIGURES["magnesium-intake"](load("magnesium-intake"), sex=sex, layout=layout).axes[0]
        labels = [one_line(t.get_text()) for t in ax.get_legend().get_texts()]
        ceiling = [label for label in labels if "ceiling" in label.lower()]
        assert ceiling and "supplements and medicines only" in ceiling[0]
        assert "pharmacist" in ceiling[0] and "not a dose" in ceiling[0].lower()


@pytest.mark.parametrize("layout", [WIDE, NARROW])
def test_prevention_effect_draws_no_effect_line_at_one(layout):
    ax = FIGURES["prevention-effect"](load("prevention-effect"), layout=layout).axes[0]
    verticals = [ln for ln in ax.get_lines() if list(ln.get_xdata()) == [1.0, 1.0]]
    assert verticals, "a line at RR 1 (no effect)"


def test_controls_change_the_view():
    us = load("us-age")
    by_age = [t.get_text() for t in FIGURES["us-age"](us, breakdown="age").axes[0].get_xticklabels()]
    by_sex = [t.get_text() for t in FIGURES["us-age"](us, breakdown="sex").axes[0].get_xticklabels()]
    narrow = [one_line(t.get_text())
              for t in FIGURES["us-age"](us, breakdown="age", layout=NARROW).axes[0].get_xticklabels()]
    assert narrow == by_age
    assert by_age == ["18-29", "30-44", "45-64", "65 and over"]
    assert by_sex == ["Women", "Men", "All adults"]


@pytest.mark.parametrize("layout", [WIDE, NARROW])
def test_treatment_effects_axis_is_positive_points_less_pain_in_whole_numbers(layout):
    """PEMAT-P item 6: no negative axis, no decimals; the effects sit right of 0, the line at 10."""
    data = load("treatment-effects")
    ax = FIGURES["treatment-effects"](data, layout=layout).axes[0]
    low, high = ax.get_xlim()
    assert low > -1 and high > 10
    ax.figure.canvas.draw()
    ticks = [t.get_text() for t, x in zip(ax.get_xticklabels(), ax.get_xticks(), strict=True)
             if t.get_text() and low <= x <= high]
    assert ticks and all(t.isdigit() for t in ticks), ticks
    lines = {round(line.get_xdata()[0], 2) for line in ax.get_lines() if len(set(line.get_xdata())) == 1}
    assert {0.0, 10.0} <= lines
    drawn = [float(x) for c in ax.containers for x in c.lines[0].get_xdata()]
    for r in data.where(kind="effect"):  # each marker at the CSV's change, shown as points less pain
        assert any(abs(x + float(r["value"])) < 1e-9 for x in drawn)


def test_in_words_gives_natural_frequencies():
    from lesson.charts.describe import in_words, whole_points

    assert [in_words(p) for p in ("0.9", "80.4", "37", "96", "0.2", "3")] == [
        "about 1 in 100", "about 8 in 10", "about 4 in 10", "about 96 in 100", "fewer than 1 in 100",
        "about 3 in 100"]
    assert whole_points("-7.29") == "7" and whole_points("-10") == "10"
