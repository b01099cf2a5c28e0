"""The drawing of the lumbar spine, side view, front of the body on the left.

Shapes only: names and numbers come from the diagram YAML. Coordinates are in "drawing
units" with equal aspect; ``draw_lumbar_spine`` returns where each part is, so labels
point at the right spot whatever the label text is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from matplotlib.axes import Axes
from matplotlib.patches import Ellipse, FancyArrowPatch, FancyBboxPatch, Polygon

BONE = "#F2E6C9"
BONE_EDGE = "#7A6A4F"
ANNULUS = "#9CC3E6"
NUCLEUS = "#3D7FBF"
CANAL = "#EDEDED"
NERVE = "#E69F00"
MUSCLE = "#D55E00"

BODY_W, BODY_H, DISC_H = 3.0, 1.4, 0.55
LEVEL_SHIFT = (0.0, -0.3, -0.5, -0.45, -0.15)
"""Forward shift of L1..L5: the gentle inward curve (lordosis) of the lower back."""


@dataclass
class Anchors:
    """Where each part is drawn, which label column it goes to, and the label columns."""

    points: dict[str, tuple[float, float]] = field(default_factory=dict)
    side: dict[str, str] = field(default_factory=dict)
    left_x: float = -0.6
    right_x: float = 11.2
    top: float = 12.0
    bottom: float = -2.2


def _vertebra(ax: Axes, x: float, y: float, name: str | None) -> None:
    ax.add_patch(FancyBboxPatch((x, y), BODY_W, BODY_H, boxstyle="round,pad=0,rounding_size=0.25",
                                facecolor=BONE, edgecolor=BONE_EDGE, linewidth=1.8, zorder=3))
    back = x + BODY_W + 1.0  # pedicle bridging the canal, then the lamina and spinous process
    ax.add_patch(Polygon([(x + BODY_W - 0.05, y + 0.9), (back, y + 1.05), (back, y + 0.55),
                          (x + BODY_W - 0.05, y + 0.55)], closed=True, facecolor=BONE, edgecolor=BONE_EDGE,
                         linewidth=1.4, zorder=2))
    spine = [(back, y + 1.25), (back + 0.9, y + 1.3), (back + 2.4, y + 0.5), (back + 2.3, y + 0.05),
             (back + 0.9, y + 0.15), (back, y + 0.25)]
    ax.add_patch(Polygon(spine, closed=True, facecolor=BONE,
                         edgecolor=BONE_EDGE, linewidth=1.4, zorder=3))
    if name:
        ax.text(x + BODY_W / 2, y + BODY_H / 2, name, ha="center", va="center", fontsize=13,
                fontweight="bold", color="#4A3F2C", zorder=4)


def _disc(ax: Axes, x: float, y: float) -> tuple[tuple[float, float], tuple[float, float]]:
    ax.add_patch(FancyBboxPatch((x + 0.05, y + 0.04), BODY_W - 0.1, DISC_H - 0.08,
                                boxstyle="round,pad=0,rounding_size=0.2", facecolor=ANNULUS,
                                edgecolor="#2F5F8A", linewidth=1.4, hatch="////", zorder=3))
    centre = (x + BODY_W * 0.55, y + DISC_H / 2)
    ax.add_patch(Ellipse(centre, BODY_W * 0.42, DISC_H * 0.55, facecolor=NUCLEUS, edgecolor="#1F4F7F",
                         linewidth=1.2, zorder=4))
    return centre, (x + 0.35, y + DISC_H / 2)


def draw_lumbar_spine(ax: Axes, show_levels: bool = True) -> Anchors:
    """Draw L1-L5, discs, sacrum, canal with cauda equina, facet joints, muscle and sciatic nerve."""
    anchors = Anchors()
    ax.set_xlim(-4.8, 16.2)
    ax.set_ylim(-3.4, 13.0)
    ax.set_aspect("equal")
    ax.axis("off")
    top_y = 12.0
    base_x = 1.8
    ys = [top_y - BODY_H - i * (BODY_H + DISC_H) for i in range(5)]
    xs = [base_x + s for s in LEVEL_SHIFT]
    canal_x = [x + BODY_W + 0.1 for x in xs]
    # spinal canal: a band just behind the bodies, following the curve, into the sacrum
    outline = [(cx, y + BODY_H + 0.3) for cx, y in zip(canal_x, ys, strict=True)] + [(canal_x[-1] + 0.5, 0.6)]
    back_edge = [(x + 0.85, y) for x, y in reversed(outline)]
    ax.add_patch(Polygon(outline + back_edge, closed=True, facecolor=CANAL, edgecolor="#888888",
                         linewidth=1.0, zorder=1))
    for k in range(4):  # cauda equina: nerve roots hanging down the canal
        pts_x, pts_y = [], []
        for step in range(60):
            t = step / 59
            y = outline[0][1] - t * (outline[0][1] - 0.8)
            seg = min(4, int((outline[0][1] - y) / (BODY_H + DISC_H)))
            pts_x.append(canal_x[seg] + 0.18 + 0.17 * k + 0.05 * math.sin(8 * t + k))
            pts_y.append(y)
        ax.plot(pts_x, pts_y, color=NERVE, linewidth=1.4, zorder=2)
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        _vertebra(ax, x, y, f"L{i + 1}" if show_levels else None)
    nucleus = annulus = disc_edge = (0.0, 0.0)
    for i in range(5):
        disc_y = ys[i] - DISC_H
        disc_x = xs[i] if i == 4 else (xs[i] + xs[i + 1]) / 2
        centre, front = _disc(ax, disc_x, disc_y)
        if i == 0:
            disc_edge = (disc_x + 0.25, disc_y + DISC_H / 2)
        if i == 3:
            nucleus, annulus = centre, front
    # facet joints: small joints between neighbouring back parts (drawn at each level)
    facet = (0.0, 0.0)
    for i in range(4):
        fx = (canal_x[i] + canal_x[i + 1]) / 2 + 1.35
        fy = ys[i] - DISC_H / 2 - 0.1
        ax.add_patch(Ellipse((fx, fy), 0.55, 0.42, facecolor="#FFFFFF", edgecolor=BONE_EDGE, linewidth=1.6,
                             zorder=4))
        ax.plot([fx - 0.22, fx + 0.22], [fy + 0.08, fy - 0.08], color=BONE_EDGE, linewidth=1.4, zorder=5)
        if i == 2:
            facet = (fx, fy)
    # sacrum: a wedge below L5, tilted backwards
    sx, sy = xs[4], ys[4] - DISC_H
    wedge = [(sx, sy), (sx + BODY_W + 2.6, sy), (sx + BODY_W + 2.0, sy - 1.6), (sx + 3.0, sy - 3.6),
             (sx + 1.6, sy - 3.3), (sx + 0.2, sy - 1.4)]
    ax.add_patch(Polygon(wedge, closed=True, facecolor=BONE,
                         edgecolor=BONE_EDGE, linewidth=1.8, zorder=3))
    # erector spinae: a long muscle band behind the spinous processes
    mx = max(xs) + BODY_W + 3.9
    ax.add_patch(FancyBboxPatch((mx, ys[4] - 1.2), 1.3, top_y - ys[4] + 1.0,
                                boxstyle="round,pad=0,rounding_size=0.6",
                                facecolor=MUSCLE, alpha=0.55, edgecolor="#8A3A00", linewidth=1.4, hatch="||",
                                zorder=2))
    # sciatic nerve: leaves low in front of the sacrum and runs down towards the leg
    nerve = FancyArrowPatch((sx + 1.4, sy - 1.5), (sx + 3.6, sy - 5.0), connectionstyle="arc3,rad=-0.25",
                            arrowstyle="-|>,head_length=0.6,head_width=0.35", mutation_scale=12, color=NERVE,
                            linewidth=5, zorder=4)
    ax.add_patch(nerve)
    ax.annotate("Front of body", (-4.6, -3.2), fontsize=11, color="#444444")
    ax.annotate("Back of body", (15.9, -3.2), ha="right", fontsize=11, color="#444444")
    anchors.points = {
        "vertebra": (xs[2] + 0.6, ys[2] + BODY_H / 2),
        "disc": disc_edge,
        "nucleus": nucleus,
        "annulus": annulus,
        "facet": facet,
        "canal": (canal_x[1] + 0.45, ys[1] + BODY_H - 0.1),
        "cauda": (canal_x[3] + 0.45, ys[3] + 0.3),
        "sacrum": (sx + 1.6, sy - 1.2),
        "erector": (mx + 0.65, ys[0] - 0.5),
        "sciatic": (sx + 2.55, sy - 3.95),
    }
    front_parts = ("vertebra", "disc", "nucleus", "annulus", "sacrum", "sciatic")
    anchors.side = {part: "left" if part in front_parts else "right" for part in anchors.points}
    return anchors
