"""Charts as the learner sees them: an SVG inside <figure> with alt text, caption and sources.

The image is static SVG (no ipympl: it has open rendering bugs under Voila), drawn in two
layouts (``style.WIDE`` and ``style.NARROW``) and offered in a ``<picture>``: a phone gets
the narrow drawing, whose text is about twice as large beside the plot; anything else (and
JupyterLab, whose HTML sanitiser drops ``<picture>``) gets the wide one. Text stays text, so
it is crisp at any size. Charts with a control redraw when the control changes; drawings are
built once by ``make charts`` (``prerendered``) and kept per (chart, view, layout) in memory. SVG output is
deterministic (fixed id salt, no date or creator metadata), so the same chart always gives
the same bytes.
"""

from __future__ import annotations

import base64
import html
from functools import lru_cache

import ipywidgets as widgets

from lesson.charts import prerendered
from lesson.charts.controls import CONTROLS
from lesson.charts.describe import describe, table
from lesson.content_model.chart_data import ChartData, load
from lesson.display import Shown, ShownHTML
from lesson.errors import guarded
from lesson.pages.markup import figure_caption

LAYOUTS = ("wide", "narrow")
NARROW_MEDIA = "(max-width: 640px)"
"""Screens this wide or narrower get the narrow drawing."""


@lru_cache(maxsize=64)
def chart_svg(chart_id: str, view: str | None = None, layout: str = "wide") -> bytes:
    """The chart (one view, one layout) as SVG bytes, freshly drawn (matplotlib is imported only here)."""
    from lesson.charts.figures import FIGURES
    from lesson.charts.style import LAYOUTS as SHAPES
    from lesson.charts.style import save_svg

    data = load(chart_id)
    control = CONTROLS.get(chart_id)
    options = {control[0]: view} if control and view else {}
    return save_svg(FIGURES[chart_id](data, layout=SHAPES[layout], **options))


def stored_svg(chart_id: str, view: str | None = None, layout: str = "wide") -> bytes:
    """The chart's SVG as built by ``make charts`` when its data, code and style are unchanged,
    else drawn."""
    name = prerendered.chart_name(chart_id, view, layout)
    inputs = prerendered.chart_inputs(chart_id)
    return prerendered.image(name, inputs, lambda: chart_svg(chart_id, view, layout))


def picture_html(svgs: dict[str, bytes], alt: str) -> str:
    """``<picture>``: the narrow SVG for phones, the wide one for everything else, one alt text.

    The image fills the column it sits in (so never wider than the screen), up to 60rem.
    """
    def uri(svg: bytes) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")

    return (f'<picture class="lesson-chart-picture">'
            f'<source media="{NARROW_MEDIA}" srcset="{uri(svgs["narrow"])}">'
            f'<img alt="{html.escape(alt)}" src="{uri(svgs["wide"])}" '
            f'style="display:block;width:100%;max-width:60rem;height:auto"></picture>')


def chart_alt(chart_id: str, view: str | None = None) -> str:
    """Alt text: the metadata's description plus every number the view shows."""
    data = load(chart_id)
    column = CONTROLS[chart_id][0] if chart_id in CONTROLS else None
    return f"{data.meta.alt} {describe(data, column, view)}"


def _caption_html(chart_id: str, data: ChartData) -> str:
    """The caption and its sources, cited with the numbers of the chapter that shows the chart."""
    return figure_caption(chart_id, data.meta.caption, data.meta.sources)


def _table_html(data: ChartData, column: str | None, view: str | None) -> str:
    """"Show the numbers": the chart's notes, then its table with human column names."""
    headings, rows = table(data, column, view)
    head = "".join(f"<th scope='col'>{html.escape(c)}</th>" for c in headings)
    # data-label: on a phone each row is shown as a small card, every value under its heading (CSS)
    body = "".join("<tr>" + "".join(f'<td data-label="{html.escape(h)}">{html.escape(c)}</td>'
                                    for h, c in zip(headings, r, strict=True)) + "</tr>" for r in rows)
    notes = f'<p class="lesson-chart-notes">{html.escape(data.meta.notes)}</p>' if data.meta.notes else ""
    return (f'<details class="lesson-chart-numbers"><summary>Show the numbers</summary>{notes}'
            f'<div class="lesson-chart-table"><table><caption>{html.escape(data.meta.units)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></details>")


def figure_html(chart_id: str, view: str | None = None) -> str:
    """The <figure class="lesson-chart"> markup for one view."""
    data = load(chart_id)
    column = CONTROLS[chart_id][0] if chart_id in CONTROLS else None
    svgs = {layout: stored_svg(chart_id, view, layout) for layout in LAYOUTS}
    return (
        f'<figure class="lesson-chart lesson-chart-{chart_id}" style="margin:1em 0;max-width:100%">'
        f"{picture_html(svgs, chart_alt(chart_id, view))}"
        f"<figcaption>{_caption_html(chart_id, data)}</figcaption>"
        f"{_table_html(data, column, view)}</figure>"
    )


def summary(chart_id: str, view: str | None = None) -> str:
    """The deterministic text/plain nbval compares: id, title, control, alt text, data table."""
    data = load(chart_id)
    lines = [f"chart: {chart_id}", f"title: {data.meta.title}"]
    if chart_id in CONTROLS:
        labels = " | ".join(label for label, _ in CONTROLS[chart_id][1])
        lines.append(f"control: {labels} (showing: {view})")
    lines += [f"alt: {chart_alt(chart_id, view)}", f"caption: {data.meta.caption}",
              f"sources: {', '.join(data.meta.sources)}", f"notes: {data.meta.notes}", "data:",
              data.table_text()]
    return "\n".join(lines)


def chart(chart_id: str) -> Shown | ShownHTML:
    """A chart ready to display; with a ToggleButtons control where the learner can explore."""
    if chart_id not in CONTROLS:
        return ShownHTML(figure_html(chart_id), summary(chart_id))
    _, options = CONTROLS[chart_id]
    first = options[0][1]
    picker = widgets.ToggleButtons(options=list(options), value=first, description="Show:",
                                   style={"description_width": "initial", "button_width": "auto"})
    picker.add_class("lesson-chart-control")
    view = widgets.HTML(value=figure_html(chart_id, first))

    def show_error(message: str) -> None:
        view.value = f'<div class="lesson-error" role="alert">{html.escape(message)}</div>'

    @guarded(show_error)
    def redraw(change: dict) -> None:
        view.value = figure_html(chart_id, change["new"])

    picker.observe(redraw, names="value")
    box = widgets.VBox([picker, view])
    box.add_class("lesson-chart")
    return Shown(box, summary(chart_id, first))
