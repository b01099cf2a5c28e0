"""Charts render with a title, labelled axes, a source line, and the right marks."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from lesson.charts.data import CHART_IDS, load
from lesson.charts.figures import CONTROLS, FIGURES


def views(chart_id: str) -> list[dict[str, str]]:
    if chart_id not in CONTROLS:
        return [{}]
    key, options = CONTROLS[chart_id]
    return [{key: value} for _, value in options]


CASES = [(c, v) for c in CHART_IDS for v in views(c)]


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]


@pytest.mark.parametrize(("chart_id", "view"), CASES)
def test_title_labels_and_source_line(chart_id: str, view: dict[str, str]):
    fig = FIGURES[chart_id](load(chart_id), **view)
    ax = fig.axes[0]
    assert fig.get_suptitle().startswith(load(chart_id).meta.title)
    assert ax.get_xlabel().strip(), "every chart names its x axis"
    source = [t for t in texts(fig) if t.startswith("Source: ")]
    assert len(source) == 1, "exactly one source line under the chart"
    assert any(ch.isdigit() for ch in source[0]), "source line carries a year"


@pytest.mark.parametrize(("chart_id", "view"), CASES)
def test_axes_labels_name_units(chart_id: str, view: dict[str, str]):
    ax = FIGURES[chart_id](load(chart_id), **view).axes[0]
    labels = (ax.get_xlabel() + " " + ax.get_ylabel()).lower()
    units = ("%", "mg", "millions", "0 to 100", "0 = none", "relative risk", "year")
    assert any(unit in labels for unit in units), labels


def test_scan_findings_has_no_lines_between_ages():
    fig = FIGURES["scan-findings"](load("scan-findings"))
    ax = fig.axes[0]
    data_lines = [ln for ln in ax.get_lines() if len(ln.get_xdata()) > 1]
    assert data_lines == [], "paired bars only: no line may join age 20 to age 80"
    assert len(ax.patches) == 2 * len(load("scan-findings").rows)
    assert {p.get_hatch() for p in ax.patches} == {"", "//"}, "the two ages differ by hatching too"


def test_global_cases_marks_projection_hollow_and_dashed():
    ax = FIGURES["global-cases"](load("global-cases")).axes[0]
    handles, labels = ax.get_legend_handles_labels()
    forecast = [h for h, label in zip(handles, labels, strict=True) if "forecast" in label]
    assert forecast and forecast[0].get_markerfacecolor() == "white"
    assert forecast[0].get_linestyle() == "--"
    assert any("GBD 2017" in label for label in labels) and any("GBD 2021" in label for label in labels)


def test_treatment_effects_has_threshold_line_and_no_heat_wrap():
    fig = FIGURES["treatment-effects"](load("treatment-effects"))
    all_text = " ".join(texts(fig)).lower()
    assert "smallest difference patients notice" in all_text
    assert "heat" in all_text  # the source line says heat wrap is left out
    assert "heat wrap" not in " ".join(t.get_text().lower() for t in fig.axes[0].get_yticklabels())


def test_magnesium_ceiling_is_labelled_as_a_safety_ceiling_not_a_dose():
    for sex in ("Women", "Men"):
        ax = FIGURES["magnesium-intake"](load("magnesium-intake"), sex=sex).axes[0]
        _, labels = ax.get_legend_handles_labels()
        ceiling = [label for label in labels if "ceiling" in label.lower()]
        assert ceiling and "supplements and medicines only" in ceiling[0]
        assert "pharmacist" in ceiling[0] and "not a dose" in ceiling[0].lower()


def test_prevention_effect_draws_no_effect_line_at_one():
    ax = FIGURES["prevention-effect"](load("prevention-effect")).axes[0]
    verticals = [ln for ln in ax.get_lines() if list(ln.get_xdata()) == [1.0, 1.0]]
    assert verticals, "a line at RR 1 (no effect)"


def test_controls_change_the_view():
    us = load("us-age")
    by_age = [t.get_text() for t in FIGURES["us-age"](us, breakdown="age").axes[0].get_xticklabels()]
    by_sex = [t.get_text() for t in FIGURES["us-age"](us, breakdown="sex").axes[0].get_xticklabels()]
    assert by_age == ["18-29", "30-44", "45-64", "65 and over"]
    assert by_sex == ["Women", "Men", "All adults"]
