"""The shared look of every chart: one style file, a figure factory and the source line.

Figures are built with ``matplotlib.figure.Figure`` (never pyplot), so nothing is kept in
a global figure registry and no GUI backend is ever touched, in Voila or in tests.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (style contexts only; no pyplot figures)
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from lesson.charts.data import ChartData  # noqa: E402
from lesson.charts.sources import source_line  # noqa: E402
from lesson.paths import style_path  # noqa: E402

STYLE_FILE = style_path("lesson.mplstyle")
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
"""Okabe-Ito colours in cycle order (same as the style file), for explicit per-series choices."""
SOURCE_WRAP = 105


@contextmanager
def styled() -> Iterator[None]:
    """Apply the lesson style while artists are created and while the figure is saved."""
    with plt.style.context(str(STYLE_FILE)):
        yield


def new_figure(title: str, *, width: float | None = None, height: float | None = None) -> tuple[Figure, Axes]:
    """A styled figure with one axes and its title; call inside ``styled()``."""
    fig = Figure()
    if width and height:
        fig.set_size_inches(width, height)
    ax = fig.add_subplot()
    # A figure-level title, left-aligned, so long tick labels can never push it off the image.
    fig.suptitle(title, x=0.01, ha="left", fontsize="x-large", fontweight="bold")
    return fig, ax


def add_source_line(fig: Figure, text: str) -> None:
    """Write "Source: ..." under the plot and keep the layout clear of it."""
    lines = textwrap.wrap(text, SOURCE_WRAP) or [text]
    height_in = fig.get_figheight()
    line_frac = 0.2 / height_in
    bottom = line_frac * (len(lines) + 0.6)
    fig.text(0.01, 0.012, "\n".join(lines), ha="left", va="bottom", fontsize=10, color="#444444")
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.set(rect=(0.0, bottom, 1.0, 1.0 - bottom))


def finish(fig: Figure, data: ChartData) -> Figure:
    """Add the source line (reference short names plus the data notes) and hand the figure back."""
    add_source_line(fig, source_line(data.meta.sources, data.meta.notes))
    return fig


def headroom(values: list[float | None], factor: float = 1.2) -> float:
    """An axis limit leaving room above the largest value for its label."""
    return max(v for v in values if v is not None) * factor
