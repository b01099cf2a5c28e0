"""The shared look of every chart: one style file, two layouts, a figure factory and the source line.

Figures are built with ``matplotlib.figure.Figure`` (never pyplot), so nothing is kept in
a global figure registry and no GUI backend is ever touched, in Voila or in tests.

Every chart is drawn twice: ``WIDE`` for laptops and projectors and ``NARROW`` for phones
(``display`` lets the browser pick one by screen width). Font sizes are the same points in
both; the narrow figure is about half as wide, so its text is about twice as large next to the
plot. A font of ``p`` points in a figure ``w`` inches wide, shown ``s`` CSS px wide, is
``p * s / (72 * w)`` CSS px (tests/charts/test_readable.py checks every chart on three screens).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (style contexts only; no pyplot figures)
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from lesson.charts.sources import source_line  # noqa: E402
from lesson.content_model.chart_data import ChartData  # noqa: E402
from lesson.paths import style_path  # noqa: E402

STYLE_FILE = style_path("lesson.mplstyle")
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
"""Okabe-Ito colours in cycle order (same as the style file), for explicit per-series choices."""
SOURCE_SIZE = 11
"""Points: the smallest text any chart draws (the source line and notes on the plot)."""


@dataclass(frozen=True)
class Layout:
    """One rendering of a chart: its size in inches and how many characters fit on a line."""

    name: str
    width: float
    height: float
    label_wrap: int
    """Characters per line of a category label (tick labels of bar charts)."""
    source_wrap: int
    """Characters per line of the source line."""

    @property
    def narrow(self) -> bool:
        return self.name == "narrow"

    def wrap(self, text: str, width: int | None = None) -> str:
        """``text`` broken into lines of at most ``width`` (default: ``label_wrap``) characters."""
        return "\n".join(textwrap.wrap(text, width or self.label_wrap, break_on_hyphens=False)) or text


WIDE = Layout("wide", 8.0, 4.8, label_wrap=24, source_wrap=95)
NARROW = Layout("narrow", 4.5, 5.6, label_wrap=14, source_wrap=48)
LAYOUTS = {layout.name: layout for layout in (WIDE, NARROW)}
LEGEND_WRAP = 36
"""Characters per line of a legend entry under the narrow layout."""


@contextmanager
def styled() -> Iterator[None]:
    """Apply the lesson style while artists are created and while the figure is saved."""
    with plt.style.context(str(STYLE_FILE)):
        yield


def new_figure(title: str, layout: Layout = WIDE, *, height: float | None = None) -> tuple[Figure, Axes]:
    """A styled figure of the layout's size with one axes and its title (wrapped to the figure's
    width); call inside ``styled()``."""
    fig = Figure(figsize=(layout.width, height or layout.height))
    ax = fig.add_subplot()
    # A figure-level title, left-aligned, so long tick labels can never push it off the image.
    fig.suptitle(title, x=0.01, ha="left", fontsize="x-large", fontweight="bold", wrap=True)
    return fig, ax


def add_source_line(fig: Figure, text: str, wrap: int = WIDE.source_wrap) -> None:
    """Write "Source: ..." under the plot and keep the layout clear of it."""
    lines = textwrap.wrap(text, wrap) or [text]
    line_frac = (SOURCE_SIZE * 1.3 / 72) / fig.get_figheight()
    bottom = line_frac * (len(lines) + 0.6)
    fig.text(0.01, 0.012, "\n".join(lines), ha="left", va="bottom", fontsize=SOURCE_SIZE, color="#444444")
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.set(rect=(0.0, bottom, 1.0, 1.0 - bottom))  # type: ignore[call-arg]  # constrained layout's set()


def finish(fig: Figure, data: ChartData, layout: Layout = WIDE) -> Figure:
    """Add the source line (the references' short names) and hand the figure back.

    The data notes are not drawn: they are shown as text under the chart (``display``), where
    they wrap to any screen and a screen reader reads them.
    """
    add_source_line(fig, source_line(data.meta.sources), layout.source_wrap)
    return fig


def legend(ax: Axes, layout: Layout, loc: str = "upper left") -> None:
    """The legend inside the plot at ``loc`` (wide), or in one column between the title and the
    plot (narrow), where it can never cover a bar or a point."""
    if layout.narrow:
        handles, labels = ax.get_legend_handles_labels()
        labels = ["\n".join(layout.wrap(line, LEGEND_WRAP) for line in text.splitlines()) for text in labels]
        ax.legend(handles, labels, loc="lower left", bbox_to_anchor=(0, 1.02), ncols=1, borderaxespad=0,
                  handlelength=1.8)
    else:
        ax.legend(loc=loc)  # type: ignore[call-overload]  # loc: any name matplotlib accepts


def save_svg(fig: Figure) -> bytes:
    """The figure as deterministic SVG bytes: text as text, fixed ids, no date or creator."""
    buffer = io.BytesIO()
    with styled():
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def headroom(values: list[float | None], factor: float = 1.2) -> float:
    """An axis limit leaving room above the largest value for its label."""
    return max(v for v in values if v is not None) * factor
