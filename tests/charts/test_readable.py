"""Charts are readable on a phone, a laptop and a projector: text size measured from the served SVG.

How big a label looks is ``font size x shown width / drawing width``: the SVG's ``viewBox`` is in
points (72 a inch) and its ``font-size`` values are in the same units, and the page shows the
image at the full width of the text column (``width:100%``). The column widths are what Chromium
measured for ``figure.lesson-chart`` on the lesson's pages (390 px phone: 356-360 px; 1280 px
laptop: 684 px; 1920 px projector: 908 px); the values below are rounded down. A phone (up to
640 px) is served the narrow drawing, anything wider the wide one (``display.NARROW_MEDIA``).

Before this test existed, a 9 inch PNG was shown 280 px wide on a 390 px phone: tick labels were
5.2 CSS px and the source line 4.3 px.
"""

from __future__ import annotations

import re

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from lesson.charts import chart_view as display
from lesson.charts import diagram
from lesson.charts.figures import CONTROLS, FIGURES
from lesson.charts.style import LAYOUTS
from lesson.content_model.chart_data import CHART_IDS, load

PHONE_COLUMN_PX = 350
LAPTOP_COLUMN_PX = 680
PROJECTOR_COLUMN_PX = 900
SCREENS = {"phone": ("narrow", PHONE_COLUMN_PX), "laptop": ("wide", LAPTOP_COLUMN_PX),
           "projector": ("wide", PROJECTOR_COLUMN_PX)}
SMALLEST_TICK_PX = 12.0
"""The brief's floor is 11 CSS px for the smallest tick label on a 390 px phone; the lesson aims at 12."""
SMALLEST_TEXT_PX = 11.0
"""Every word in a chart (notes on the plot, the source line) on every screen."""
PROJECTOR_TICK_PX = 15.0

VIEWS = [(c, v) for c in CHART_IDS for v in ([o[1] for o in CONTROLS[c][1]] if c in CONTROLS else [None])]


def svg_width_and_fonts(svg: bytes) -> tuple[float, list[float]]:
    """The drawing's width in its own units (points) and every font size its text uses."""
    text = svg.decode("utf-8")
    view_box = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', text)
    assert view_box, "the SVG has a viewBox, so it scales to any width"
    sizes = [float(s) for s in re.findall(r"font-size: ([\d.]+)px", text)]
    assert sizes, "text is served as text"
    return float(view_box.group(1)), sizes


def shown_px(points: float, drawing_width: float, column_px: float) -> float:
    """CSS px of a ``points`` font when a ``drawing_width``-point drawing fills ``column_px``."""
    return points * column_px / drawing_width


def tick_sizes(fig: Figure) -> list[float]:
    return [t.get_fontsize() for ax in fig.axes for t in ax.get_xticklabels() + ax.get_yticklabels()
            if t.get_text()]


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize(("chart_id", "view"), VIEWS)
def test_smallest_label_is_readable_on_every_screen(chart_id: str, view: str | None, screen: str):
    layout, column = SCREENS[screen]
    width, fonts = svg_width_and_fonts(display.chart_svg(chart_id, view, layout))
    assert width == pytest.approx(LAYOUTS[layout].width * 72)
    options = {CONTROLS[chart_id][0]: view} if view else {}
    ticks = tick_sizes(FIGURES[chart_id](load(chart_id), layout=LAYOUTS[layout], **options))
    smallest_tick = shown_px(min(ticks), width, column)
    smallest_text = shown_px(min(fonts), width, column)
    floor = PROJECTOR_TICK_PX if screen == "projector" else SMALLEST_TICK_PX
    assert smallest_tick >= floor, f"{chart_id} on a {screen}: tick labels {smallest_tick:.1f} CSS px"
    assert smallest_text >= SMALLEST_TEXT_PX, f"{chart_id} on a {screen}: smallest text {smallest_text:.1f}"


@pytest.mark.parametrize("numbered", [True, False])
@pytest.mark.parametrize("screen", SCREENS)
def test_diagram_text_is_readable_on_every_screen(screen: str, numbered: bool):
    layout, column = SCREENS[screen]
    width, fonts = svg_width_and_fonts(diagram.diagram_svg("lumbar-spine", numbered, layout))
    assert shown_px(min(fonts), width, column) >= SMALLEST_TEXT_PX


def test_the_old_png_was_unreadable_on_a_phone():
    """The measurement above, applied to what the lesson served before: a 9 inch figure shown 280 px wide."""
    old_width_pt, old_tick_pt, old_source_pt, old_shown = 9 * 72, 12, 10, 280
    assert shown_px(old_tick_pt, old_width_pt, old_shown) == pytest.approx(5.19, abs=0.01)
    assert shown_px(old_source_pt, old_width_pt, old_shown) == pytest.approx(4.32, abs=0.01)


def outside(fig: Figure) -> list[str]:
    """Texts drawn partly outside the figure (they would be cut off in the image)."""
    renderer = FigureCanvasAgg(fig).get_renderer()
    drawn: dict[int, Text] = {}
    draw = Text.draw

    def record(self: Text, renderer) -> None:  # noqa: ANN001
        drawn[id(self)] = self
        draw(self, renderer)

    Text.draw = record  # only texts really drawn count (not tick labels beyond the axis limits)
    try:
        fig.draw(renderer)
    finally:
        Text.draw = draw
    box = fig.bbox
    cut = []
    for t in drawn.values():
        if not t.get_visible() or not t.get_text().strip():
            continue
        e = t.get_window_extent(renderer)
        if e.x0 < box.x0 - 1 or e.x1 > box.x1 + 1 or e.y0 < box.y0 - 1 or e.y1 > box.y1 + 1:
            cut.append(t.get_text())
    return cut


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(("chart_id", "view"), VIEWS)
def test_no_text_is_cut_off(chart_id: str, view: str | None, layout: str):
    options = {CONTROLS[chart_id][0]: view} if view else {}
    fig = FIGURES[chart_id](load(chart_id), layout=LAYOUTS[layout], **options)
    assert outside(fig) == []


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("numbered", [True, False])
def test_no_diagram_text_is_cut_off(numbered: bool, layout: str):
    assert outside(diagram.diagram_figure("lumbar-spine", numbered, layout)) == []


def test_narrow_drawings_are_phone_shaped():
    """Taller than wide or nearly square: the narrow drawing keeps the phone's whole width."""
    for chart_id, view in VIEWS:
        svg = display.chart_svg(chart_id, view, "narrow")
        width, _ = svg_width_and_fonts(svg)
        height = float(re.search(rb'viewBox="0 0 [\d.]+ ([\d.]+)"', svg).group(1))
        assert width == pytest.approx(LAYOUTS["narrow"].width * 72)
        assert height >= 0.9 * width, chart_id
