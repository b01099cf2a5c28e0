"""The project's own labelled side view of the lumbar spine, drawn with matplotlib.

Part names and numbers live in ``lesson/content/diagrams/<id>.yaml`` so the labelling
question and the drawing agree; this module only knows where each part is drawn. The
numbered version (circled 1..N, no names) is the image for the labelling question.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from lesson.charts.png_cache import cached_png
from lesson.content_model.plaincache import safe_yaml
from lesson.display import ShownHTML
from lesson.paths import content_path

if TYPE_CHECKING:  # matplotlib is imported only when a diagram is actually drawn
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from lesson.charts.spine_drawing import Anchors


class Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    number: int
    id: str
    where: str
    name: str


class DiagramSpec(BaseModel):
    """One diagram's YAML: title, sources, alt texts, caption and numbered parts."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    diagram: str
    title: str
    sources: list[str]
    alt: str
    numbered_alt: str
    caption: str
    parts: list[Part]


@dataclass(frozen=True)
class Diagram:
    """How to draw one diagram: the drawing function returns each part's anchor point."""

    spec_file: str
    draw: object


def _draw_lumbar_spine(ax: Axes, **kwargs: Any) -> Anchors:
    from lesson.charts.spine_drawing import draw_lumbar_spine

    return draw_lumbar_spine(ax, **kwargs)


DIAGRAMS: dict[str, Diagram] = {"lumbar-spine": Diagram("lumbar-spine.yaml", _draw_lumbar_spine)}
"""Known diagram ids (labelling questions may use these as ``image``)."""


@cache
def spec(diagram_id: str) -> DiagramSpec:
    """The diagram's parts and texts, validated."""
    if diagram_id not in DIAGRAMS:
        raise KeyError(f"unknown diagram id {diagram_id!r}; known: {', '.join(DIAGRAMS)}")
    return DiagramSpec.model_validate(safe_yaml(content_path("diagrams", DIAGRAMS[diagram_id].spec_file)))


def _label(ax: Axes, part: Part, anchor: tuple[float, float], text_xy: tuple[float, float],
           numbered: bool, left: bool) -> None:
    ax.annotate("", xy=anchor, xytext=text_xy, arrowprops={"arrowstyle": "-", "color": "#222222", "lw": 1.2})
    ax.plot(*anchor, "o", color="#222222", markersize=4)
    if numbered:
        from matplotlib.patches import Circle

        ax.add_patch(Circle(text_xy, 0.42, facecolor="white", edgecolor="#222222", linewidth=1.8, zorder=5))
        ax.text(*text_xy, str(part.number), ha="center", va="center", fontsize=13, fontweight="bold",
                zorder=6)
    else:
        ax.text(text_xy[0], text_xy[1], part.name, ha="right" if left else "left", va="center", fontsize=12,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})


def _place_labels(ax: Axes, parts: list[Part], anchors: Anchors, numbered: bool) -> None:
    """Left column for front parts, right column for back parts, ordered top to bottom."""
    for side, column_x in (("left", anchors.left_x), ("right", anchors.right_x)):
        chosen = sorted((p for p in parts if anchors.side[p.id] == side),
                        key=lambda p: -anchors.points[p.id][1])
        top, bottom = anchors.top, anchors.bottom
        step = (top - bottom) / max(1, len(chosen) - 1)
        for i, part in enumerate(chosen):
            y = top - i * step if len(chosen) > 1 else anchors.points[part.id][1]
            _label(ax, part, anchors.points[part.id], (column_x, y), numbered, side == "left")


def diagram_figure(diagram_id: str, numbered: bool = True) -> Figure:
    """The diagram as a Figure: numbered circles (for the question) or part names."""
    from matplotlib.figure import Figure

    from lesson.charts.style import styled

    info = spec(diagram_id)
    with styled():
        fig = Figure(figsize=(9, 8.2))
        ax = fig.add_subplot()
        anchors = DIAGRAMS[diagram_id].draw(ax, show_levels=not numbered)  # type: ignore[operator]
        _place_labels(ax, info.parts, anchors, numbered)
        fig.suptitle(info.title, x=0.01, ha="left", fontsize="x-large", fontweight="bold")
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


def stored_png(diagram_id: str, numbered: bool = True) -> bytes:
    """The diagram's PNG from the disk cache when its parts, code and style are unchanged, else drawn."""
    inputs = [content_path("diagrams", DIAGRAMS[diagram_id].spec_file)] if diagram_id in DIAGRAMS else []
    return cached_png(f"diagram:{diagram_id}:{numbered}", inputs, lambda: diagram_png(diagram_id, numbered))


def diagram_alt(diagram_id: str, numbered: bool = True) -> str:
    """Alt text; for the numbered image it says where each number is without naming the part."""
    info = spec(diagram_id)
    if not numbered:
        return info.alt
    spots = "; ".join(f"{p.number}: {p.where}" for p in sorted(info.parts, key=lambda p: p.number))
    return f"{info.numbered_alt} {spots}."


def diagram(diagram_id: str) -> ShownHTML:
    """The labelled diagram with alt text and caption, for the chapter page."""
    info = spec(diagram_id)
    src = base64.b64encode(stored_png(diagram_id, numbered=False)).decode("ascii")
    keys = ", ".join(info.sources)
    markup = (
        f'<figure class="lesson-chart lesson-diagram lesson-diagram-{diagram_id}">'
        f'<img alt="{html.escape(diagram_alt(diagram_id, numbered=False))}" '
        f'src="data:image/png;base64,{src}" style="max-width:100%;height:auto">'
        f"<figcaption>{html.escape(info.caption)} [{html.escape(keys)}]</figcaption></figure>"
    )
    parts = "\n".join(f"{p.number}. {p.name}" for p in info.parts)
    text = (f"diagram: {diagram_id}\ntitle: {info.title}\nalt: {info.alt}\ncaption: {info.caption}"
            f"\nsources: {keys}\nparts:\n{parts}")
    return ShownHTML(markup, text)
