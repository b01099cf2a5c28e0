"""Charts as the learner sees them: a PNG inside <figure> with alt text, caption and sources.

The image is a static PNG (no ipympl: it has open rendering bugs under Voila). Charts with
a control redraw the PNG when the control changes; rendered PNGs are cached per
(chart, view) because a kernel serves one learner and the data never changes while it runs.
PNG output is deterministic (no "Software" metadata, fixed style), so the same chart
always gives the same bytes.
"""

from __future__ import annotations

import base64
import html
import io
from functools import lru_cache

import ipywidgets as widgets

from lesson import paths
from lesson.charts.controls import CONTROLS
from lesson.charts.data import ChartData, load
from lesson.charts.describe import describe, view_rows
from lesson.charts.png_cache import cached_png
from lesson.charts.sources import reference_url, short_citation
from lesson.display import Shown, ShownHTML
from lesson.errors import guarded


@lru_cache(maxsize=64)
def chart_png(chart_id: str, view: str | None = None) -> bytes:
    """The chart (one view of it) as PNG bytes, freshly drawn (matplotlib is imported only here)."""
    from lesson.charts.figures import FIGURES
    from lesson.charts.style import styled

    data = load(chart_id)
    control = CONTROLS.get(chart_id)
    fig = FIGURES[chart_id](data, **{control[0]: view}) if control and view else FIGURES[chart_id](data)
    buffer = io.BytesIO()
    with styled():
        fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def stored_png(chart_id: str, view: str | None = None) -> bytes:
    """The chart's PNG from the disk cache when its data, code and style are unchanged, else drawn."""
    inputs = [paths.content_path("data", f"{chart_id}.{ext}") for ext in ("csv", "yaml")]
    inputs.append(paths.content_path("references.yaml"))
    return cached_png(f"chart:{chart_id}:{view}", inputs, lambda: chart_png(chart_id, view))


def chart_alt(chart_id: str, view: str | None = None) -> str:
    """Alt text: the metadata's description plus every number the view shows."""
    data = load(chart_id)
    column = CONTROLS[chart_id][0] if chart_id in CONTROLS else None
    return f"{data.meta.alt} {describe(data, column, view)}"


def _sources_html(data: ChartData) -> str:
    links = []
    for ref in data.meta.sources:
        url = reference_url(ref)
        name = html.escape(short_citation(ref))
        link = f'<a href="{html.escape(url)}" target="_blank" rel="noopener">{name}</a>' if url else name
        links.append(link)
    keys = ", ".join(data.meta.sources)
    return f'<span class="lesson-chart-sources">Sources: {"; ".join(links)} [{html.escape(keys)}]</span>'


def _table_html(data: ChartData, column: str | None, view: str | None) -> str:
    rows = view_rows(data, column, view)
    head = "".join(f"<th scope='col'>{html.escape(c)}</th>" for c in data.columns)
    cells = ("".join(f"<td>{html.escape(r[c])}</td>" for c in data.columns) for r in rows)
    body = "".join(f"<tr>{c}</tr>" for c in cells)
    return (f"<details><summary>Show the numbers</summary><table><caption>{html.escape(data.meta.units)}"
            f"</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></details>")


def figure_html(chart_id: str, view: str | None = None) -> str:
    """The <figure class="lesson-chart"> markup for one view."""
    data = load(chart_id)
    column = CONTROLS[chart_id][0] if chart_id in CONTROLS else None
    src = base64.b64encode(stored_png(chart_id, view)).decode("ascii")
    return (
        f'<figure class="lesson-chart lesson-chart-{chart_id}">'
        f'<img alt="{html.escape(chart_alt(chart_id, view))}" src="data:image/png;base64,{src}" '
        f'style="max-width:100%;height:auto">'
        f"<figcaption>{html.escape(data.meta.caption)} {_sources_html(data)}</figcaption>"
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
              f"sources: {', '.join(data.meta.sources)}", "data:", data.table_text()]
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
