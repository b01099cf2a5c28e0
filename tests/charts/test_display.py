"""Display: deterministic PNGs, alt text with the numbers, captions with sources, controls redraw."""

from __future__ import annotations

import html
import re

import pytest

from lesson.charts import display
from lesson.charts.data import CHART_IDS, load
from lesson.charts.figures import CONTROLS
from lesson.display import Shown, ShownHTML

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_png_is_deterministic(chart_id: str):
    display.chart_png.cache_clear()
    first = display.chart_png(chart_id)
    display.chart_png.cache_clear()
    second = display.chart_png(chart_id)
    assert first.startswith(PNG_MAGIC)
    assert first == second
    assert b"Software" not in first and b"matplotlib" not in first.lower()


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_figure_html_has_alt_caption_and_sources(chart_id: str):
    markup = display.figure_html(chart_id, CONTROLS[chart_id][1][0][1] if chart_id in CONTROLS else None)
    assert markup.startswith('<figure class="lesson-chart')
    alt = html.unescape(re.search(r'alt="([^"]*)"', markup).group(1))
    assert alt.startswith(load(chart_id).meta.alt)
    assert "Numbers shown:" in alt
    assert "<figcaption>" in markup and load(chart_id).meta.sources[0] in markup
    assert "data:image/png;base64," in markup


def test_alt_text_lists_every_number_of_the_view():
    alt = display.chart_alt("us-age", "sex")
    for value in ("40.6", "37.2", "39.0"):
        assert value in alt
    assert "28.4" not in alt


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_summary_is_deterministic_and_carries_data(chart_id: str):
    first = repr(display.chart(chart_id))
    second = repr(display.chart(chart_id))
    assert first == second
    assert first.startswith(f"chart: {chart_id}\ntitle: ")
    assert "alt: " in first and "data:" in first
    assert load(chart_id).table_text() in first
    assert "0x" not in first and "/work" not in first


def test_static_chart_is_shown_html():
    shown = display.chart("golf-sites")
    assert isinstance(shown, ShownHTML)
    bundle = shown._repr_mimebundle_()
    assert bundle["text/plain"] == shown.summary
    assert 'class="lesson-chart' in bundle["text/html"]


@pytest.mark.parametrize("chart_id", sorted(CONTROLS))
def test_control_redraws_the_image(chart_id: str):
    shown = display.chart(chart_id)
    assert isinstance(shown, Shown)
    picker, view = shown.widget.children
    assert "lesson-chart" in shown.widget._dom_classes
    assert picker.description, "the control has a visible label"
    before = view.value
    picker.value = CONTROLS[chart_id][1][1][1]
    assert view.value != before
    assert view.value == display.figure_html(chart_id, picker.value)
    picker.value = CONTROLS[chart_id][1][0][1]
    assert view.value == before


def test_magnesium_caption_separates_food_from_supplements():
    meta = load("magnesium-intake").meta
    assert "all their food" in meta.caption and "supplements and medicines only" in meta.caption
    assert "pharmacist" in meta.caption.lower()


def test_global_cases_caption_says_prevalence_fell():
    caption = load("global-cases").meta.caption
    assert "fell by about 10%" in caption and "forecast" in caption


def test_unknown_chart_id_is_a_clear_error():
    with pytest.raises(KeyError, match="unknown chart id"):
        load("no-such-chart")


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_chart_texts_are_plain_language(chart_id: str):
    from lesson.readability import grade

    meta = load(chart_id).meta
    for text in (meta.caption, meta.alt, meta.notes):
        assert grade(text) <= 8, f"{chart_id}: grade {grade(text):.1f} for {text!r}"
