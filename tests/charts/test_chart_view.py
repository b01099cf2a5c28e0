"""Display: deterministic SVGs in two layouts, alt text with the numbers in plain words, captions with
sources, tables with human column names, controls redraw."""

from __future__ import annotations

import base64
import html
import re

import pytest

from lesson.charts import chart_view as display
from lesson.charts import describe
from lesson.charts.figures import CONTROLS
from lesson.content_model.chart_data import CHART_IDS, load
from lesson.display import Shown, ShownHTML


def first_view(chart_id: str) -> str | None:
    return CONTROLS[chart_id][1][0][1] if chart_id in CONTROLS else None


def view_of(chart_id: str) -> tuple[str | None, str | None]:
    return (CONTROLS[chart_id][0], first_view(chart_id)) if chart_id in CONTROLS else (None, None)


@pytest.mark.parametrize("layout", display.LAYOUTS)
@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_svg_is_deterministic_text_and_offline(chart_id: str, layout: str):
    display.chart_svg.cache_clear()
    first = display.chart_svg(chart_id, first_view(chart_id), layout)
    display.chart_svg.cache_clear()
    second = display.chart_svg(chart_id, first_view(chart_id), layout)
    assert first.startswith(b"<?xml") and b"<svg" in first
    assert first == second
    text = first.decode("utf-8")
    assert "<dc:date>" not in text and "Matplotlib v" not in text, "no date or version in the metadata"
    assert "<text" in text, "words stay text (svg.fonttype: none), not glyph outlines"
    links = re.findall(r'(?:href|src)="([^"#][^"]*)"', text)
    assert not links and "@import" not in text and "url(http" not in text, "nothing is fetched"


def test_the_two_layouts_differ():
    assert display.chart_svg("golf-sites", None, "wide") != display.chart_svg("golf-sites", None, "narrow")


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_figure_html_has_alt_caption_and_sources(chart_id: str):
    markup = display.figure_html(chart_id, first_view(chart_id))
    assert markup.startswith('<figure class="lesson-chart')
    alt = html.unescape(re.search(r'alt="([^"]*)"', markup).group(1))
    assert alt.startswith(load(chart_id).meta.alt)
    assert "Numbers shown:" in alt
    assert "<figcaption>" in markup and load(chart_id).meta.sources[0] in markup
    assert markup.count("data:image/svg+xml;base64,") == 2, "a wide and a phone drawing"
    assert "data:image/png" not in markup


def test_picture_gives_phones_the_narrow_drawing_and_everyone_else_the_wide_one():
    markup = display.figure_html("golf-sites")
    picture = re.search(r"<picture[^>]*>(.*?)</picture>", markup).group(1)
    source, img = re.search(r'<source media="([^"]+)" srcset="([^"]+)">', picture).groups()
    assert source == display.NARROW_MEDIA == "(max-width: 640px)"
    narrow = base64.b64decode(img.split(",", 1)[1])
    wide = base64.b64decode(re.search(r'<img [^>]*src="([^"]+)"', picture).group(1).split(",", 1)[1])
    assert narrow == display.stored_svg("golf-sites", None, "narrow")
    assert wide == display.stored_svg("golf-sites", None, "wide")
    assert "width:100%" in picture and "margin:1em 0" in markup, "fills the column, no default figure margin"


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_table_has_human_column_names_and_no_codes(chart_id: str):
    data = load(chart_id)
    assert data.meta.table is not None, f"{chart_id}.yaml: name the table's columns (table: columns:)"
    markup = display.figure_html(chart_id, first_view(chart_id))
    table = re.search(r"<table>.*</table>", markup).group(0)
    headings = [html.unescape(h) for h in re.findall(r"<th scope='col'>([^<]*)</th>", table)]
    assert headings == list(data.meta.table.columns.values())
    for raw in ("cases_millions", "mg_per_day", "age_20", "gbd_round", "lower", "upper", "rr"):
        assert raw not in headings
    cells = [html.unescape(c) for c in re.findall(r"<td data-label=\"[^\"]*\">([^<]*)</td>", table)]
    assert len(cells) == len(headings) * len(describe.view_rows(data, *view_of(chart_id)))
    for code in ("rda", "ul", "projection", "acute", *data.meta.sources):
        assert code not in cells, f"{chart_id}: '{code}' shown as a raw code"
    assert not table_problems(data)


def table_problems(data) -> list[str]:
    """Columns named in the YAML ``table`` that neither the CSV nor the extra columns hold."""
    extra = {describe.RANGE} | ({describe.PLAIN} if describe.PLAIN in data.meta.labels else set())
    known = {*data.columns, *extra}
    columns = data.meta.table.columns if data.meta.table else {}
    return [f"table column '{c}' is not a column of {data.chart_id}.csv (or 'range'/'plain')"
            for c in columns if c not in known]


def test_notes_are_text_under_the_chart_not_inside_the_image():
    data = load("treatment-effects")
    markup = display.figure_html("treatment-effects")
    assert html.escape(data.meta.notes) in markup and "heat-wrap" in data.meta.notes
    assert b"heat-wrap" not in display.chart_svg("treatment-effects", None, "wide")


def test_plain_words_replace_ci_and_rr():
    table = re.search(r"<table>.*</table>", display.figure_html("treatment-effects")).group(0)
    assert "about 7 points less pain out of 100, likely between 4 and 11" in table
    assert "about 8 points less pain out of 100, likely between 3 and 12" in table
    assert "10 points out of 100" in table, "the line the effects are read against, in the same words"
    assert not re.search(r"-\d|\d\.\d", table), "whole positive numbers only: no minus signs, no decimals"
    serious = re.search(r"<table>.*</table>", display.figure_html("serious-causes")).group(0)
    assert "about 1 in 100" in serious and "about 8 in 10" in serious and "0.9" not in serious
    assert "about 1 in 100 (11 of 1172)" in display.chart_alt("serious-causes")
    prevention = display.chart_alt("prevention-effect")
    assert "45% fewer new bouts, likely between 26% and 59% fewer" in prevention
    assert "35% fewer new bouts, likely between 14% and 50% fewer" in prevention
    for chart_id in CHART_IDS:
        data = load(chart_id)
        headings = data.meta.table.columns.values() if data.meta.table else ()
        for text in (display.chart_alt(chart_id, first_view(chart_id)), data.meta.notes, data.meta.caption,
                     *data.meta.labels.values(), *headings):
            assert "95%" not in text and " CI" not in text and "RR " not in text, (chart_id, text)


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
    assert f"notes: {load(chart_id).meta.notes}" in first


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
    assert grade(display.chart_alt(chart_id, first_view(chart_id))) <= 10
