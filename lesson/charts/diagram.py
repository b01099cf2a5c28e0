"""The project's own labelled side view of the lumbar spine, drawn with matplotlib.

Part names and numbers live in ``lesson/content/diagrams/<id>.yaml`` so the labelling
question and the drawing agree; this module only knows where each part is drawn. The
numbered version (circled 1..N, no names) is the image for the labelling question.

On the page the diagram is SVG in a ``<picture>`` like the charts (``chart_view.picture_html``):
the wide drawing names each part beside it; the narrow one, for phones, numbers the parts
with larger circles and lists the names as a key under the drawing, so every word is at
least 12 points on a 4.5 inch figure. The LMS exports keep the numbered PNG.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lesson.charts import prerendered
from lesson.content_model import load
from lesson.content_model.models import DiagramFile, DiagramPart
from lesson.display import ShownHTML
from lesson.paths import content_path

if TYPE_CHECKING:  # matplotlib is imported only when a diagram is actually drawn
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from lesson.charts.spine_drawing import Anchors


@dataclass(frozen=True)
class Diagram:
    """How to draw one diagram (its texts and parts are ``diagrams/<id>.yaml``): the drawing
    function returns each part's anchor point."""

    draw: object


def _draw_lumbar_spine(ax: Axes, **kwargs: Any) -> Anchors:
    from lesson.charts.spine_drawing import draw_lumbar_spine

    return draw_lumbar_spine(ax, **kwargs)


DIAGRAMS: dict[str, Diagram] = {"lumbar-spine": Diagram(_draw_lumbar_spine)}
"""Known diagram ids (labelling questions may use these as ``image``)."""


def spec(diagram_id: str) -> DiagramFile:
    """The diagram's parts and texts, validated (``diagrams/<id>.yaml``, the one loader)."""
    if diagram_id not in DIAGRAMS:
        raise KeyError(f"unknown diagram id {diagram_id!r}; known: {', '.join(DIAGRAMS)}")
    return load.diagram(diagram_id)


CIRCLE_RADIUS = {"wide": 0.42, "narrow": 0.78}
"""Drawing units: the narrow figure is half as wide, so its circles are larger for the same 13 pt number."""
NARROW_SIZE = (4.5, 7.2)
WIDE_SIZE = (9, 8.2)


def _label(ax: Axes, part: DiagramPart, anchor: tuple[float, float], text_xy: tuple[float, float],
           numbered: bool, left: bool, radius: float = CIRCLE_RADIUS["wide"]) -> None:
    ax.annotate("", xy=anchor, xytext=text_xy, arrowprops={"arrowstyle": "-", "color": "#222222", "lw": 1.2})
    ax.plot(*anchor, "o", color="#222222", markersize=4)
    if numbered:
        from matplotlib.patches import Circle

        ax.add_patch(Circle(text_xy, radius, facecolor="white", edgecolor="#222222", linewidth=1.8, zorder=5))
        ax.text(*text_xy, str(part.number), ha="center", va="center", fontsize=13, fontweight="bold",
                zorder=6)
    else:
        ax.text(text_xy[0], text_xy[1], part.name, ha="right" if left else "left", va="center", fontsize=12,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})


def _place_labels(ax: Axes, parts: list[DiagramPart], anchors: Anchors, numbered: bool,
                  radius: float = CIRCLE_RADIUS["wide"]) -> None:
    """Left column for front parts, right column for back parts, ordered top to bottom."""
    for side, column_x in (("left", anchors.left_x), ("right", anchors.right_x)):
        chosen = sorted((p for p in parts if anchors.side[p.id] == side),
                        key=lambda p: -anchors.points[p.id][1])
        # larger circles start higher, clear of the "Front of body" / "Back of body" words below them
        top, bottom = anchors.top, anchors.bottom + 2 * (radius - CIRCLE_RADIUS["wide"])
        step = (top - bottom) / max(1, len(chosen) - 1)
        for i, part in enumerate(chosen):
            y = top - i * step if len(chosen) > 1 else anchors.points[part.id][1]
            _label(ax, part, anchors.points[part.id], (column_x, y), numbered, side == "left", radius)


def _key(ax: Axes, parts: list[DiagramPart]) -> None:
    """The names under the narrow drawing: "1  Lumbar vertebra", one part a line."""
    ax.axis("off")
    ax.set_xlim(0, 1)
    ax.set_ylim(len(parts), 0)
    for i, part in enumerate(sorted(parts, key=lambda p: p.number)):
        ax.text(0.09, i + 0.5, str(part.number), ha="right", va="center", fontsize=13, fontweight="bold")
        ax.text(0.13, i + 0.5, part.name, ha="left", va="center", fontsize=13)


def diagram_figure(diagram_id: str, numbered: bool = True, layout: str = "wide") -> Figure:
    """The diagram as a Figure: numbered circles (for the question) or part names.

    ``layout="narrow"``: a phone-sized figure with larger circles; the labelled version
    (``numbered=False``) numbers the parts too and names them in a key under the drawing.
    """
    from matplotlib.figure import Figure

    from lesson.charts.style import styled

    info = spec(diagram_id)
    narrow = layout == "narrow"
    with styled():
        if not narrow:
            fig = Figure(figsize=WIDE_SIZE)
            ax = fig.add_subplot()
        elif numbered:
            fig = Figure(figsize=(NARROW_SIZE[0], NARROW_SIZE[0] * 1.05))
            ax = fig.add_subplot()
        else:
            fig = Figure(figsize=NARROW_SIZE)
            ax, key_ax = fig.subplots(2, 1, gridspec_kw={"height_ratios": (1.45, 1)})
            _key(key_ax, info.parts)
        anchors = DIAGRAMS[diagram_id].draw(ax, show_levels=not numbered)  # type: ignore[operator]
        _place_labels(ax, info.parts, anchors, numbered or narrow, CIRCLE_RADIUS[layout])
        fig.suptitle(info.title, x=0.01, ha="left", fontsize="x-large", fontweight="bold", wrap=True)
    return fig


@cache
def diagram_png(diagram_id: str, numbered: bool = True) -> bytes:
    """PNG bytes (deterministic), freshly drawn; numbered=True gives the labelling question's image."""
    from lesson.charts.style import styled

    fig = diagram_figure(diagram_id, numbered)
    buffer = io.BytesIO()
    with styled():
        fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def inputs(diagram_id: str) -> list[Path]:
    """The files that shape the diagram's images (its parts and labels)."""
    return [content_path("diagrams", f"{diagram_id}.yaml")] if diagram_id in DIAGRAMS else []


def stored_png(diagram_id: str, numbered: bool = True) -> bytes:
    """The diagram's PNG as built by ``make charts`` when its parts, code and style are unchanged,
    else drawn."""
    return prerendered.image(prerendered.diagram_name(diagram_id, numbered, None), inputs(diagram_id),
                             lambda: diagram_png(diagram_id, numbered))


@cache
def diagram_svg(diagram_id: str, numbered: bool = True, layout: str = "wide") -> bytes:
    """SVG bytes (deterministic) of one version in one layout, freshly drawn."""
    from lesson.charts.style import save_svg

    return save_svg(diagram_figure(diagram_id, numbered, layout))


def stored_svg(diagram_id: str, numbered: bool = True, layout: str = "wide") -> bytes:
    """The diagram's SVG as built by ``make charts`` when its parts, code and style are unchanged,
    else drawn."""
    return prerendered.image(prerendered.diagram_name(diagram_id, numbered, layout), inputs(diagram_id),
                             lambda: diagram_svg(diagram_id, numbered, layout))


def image_html(diagram_id: str, numbered: bool = True) -> str:
    """The ``<picture>`` (wide and phone SVG) with its alt text, e.g. for the labelling question."""
    from lesson.charts.chart_view import LAYOUTS, picture_html

    svgs = {layout: stored_svg(diagram_id, numbered, layout) for layout in LAYOUTS}
    return picture_html(svgs, diagram_alt(diagram_id, numbered))


def diagram_alt(diagram_id: str, numbered: bool = True) -> str:
    """Alt text; for the numbered image it says where each number is without naming the part."""
    info = spec(diagram_id)
    if not numbered:
        return info.alt
    spots = "; ".join(f"{p.number}: {p.where}" for p in sorted(info.parts, key=lambda p: p.number))
    return f"{info.numbered_alt} {spots}."


def _caption_html(diagram_id: str, info: DiagramFile) -> str:
    """The caption and its sources, cited with the numbers of the chapter that shows the diagram."""
    from lesson.pages.markup import figure_caption

    return figure_caption(diagram_id, info.caption, info.sources)


def diagram(diagram_id: str) -> ShownHTML:
    """The labelled diagram with alt text and caption, for the chapter page. The explanatory
    pictures (saddle area, leg-symptom chart, bulging disc) are drawn by ``lesson.pages.pictures``."""
    from lesson.pages.pictures import PICTURES, picture

    if diagram_id in PICTURES:
        return picture(diagram_id)
    info = spec(diagram_id)
    keys = ", ".join(info.sources)
    markup = (
        f'<figure class="lesson-chart lesson-diagram lesson-diagram-{diagram_id}" style="margin:1em 0;'
        f'max-width:100%">{image_html(diagram_id, numbered=False)}'
        f"<figcaption>{_caption_html(diagram_id, info)}</figcaption></figure>"
    )
    parts = "\n".join(f"{p.number}. {p.name}" for p in info.parts)
    text = (f"diagram: {diagram_id}\ntitle: {info.title}\nalt: {info.alt}\ncaption: {info.caption}"
            f"\nsources: {keys}\nparts:\n{parts}")
    return ShownHTML(markup, text)
