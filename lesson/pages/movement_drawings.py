"""Simple line drawings of the starter movements, as SVG text (shapes only, no words).

Each movement id has one drawing per picture in movements.yaml, in the same order; the captions
and alt text live in the YAML. Figures are stick figures on a floor line: a dark body
(#212b32), a grey floor and mat, and one blue arrow (#005eb8) for the movement, told apart by
lightness and shape as well as hue, so they read the same with any colour vision and in greyscale.
The SVG is written by hand-made coordinates with fixed number formatting, so the bytes are the same
on every run (the notebooks are committed executed and compared by strict nbval).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

W, H = 240, 150
FLOOR = 128
INK = "#212b32"
FLOOR_INK = "#768692"
MAT = "#e8edee"
ARROW = "#005eb8"
LIMB = 7
HEAD_R = 10

Point = tuple[float, float]


def _n(x: float) -> str:
    """A number with at most one decimal place and no trailing zeros."""
    text = f"{x:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _pts(points: Sequence[Point]) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in points)


def limb(*points: Point, width: float = LIMB) -> str:
    """A body part as a thick round-capped line through ``points``."""
    return (f'<polyline points="{_pts(points)}" fill="none" stroke="{INK}" stroke-width="{_n(width)}" '
            'stroke-linecap="round" stroke-linejoin="round"/>')


def head(c: Point, r: float = HEAD_R) -> str:
    return (f'<circle cx="{_n(c[0])}" cy="{_n(c[1])}" r="{_n(r)}" fill="#ffffff" stroke="{INK}" '
            'stroke-width="4"/>')


def curve(d: str, width: float = LIMB) -> str:
    """A body part drawn with a path (a back that curves)."""
    return (f'<path d="{d}" fill="none" stroke="{INK}" stroke-width="{_n(width)}" stroke-linecap="round" '
            'stroke-linejoin="round"/>')


def floor(mat: tuple[float, float] | None = (20, 220)) -> str:
    parts = []
    if mat:
        parts.append(f'<rect x="{_n(mat[0])}" y="{FLOOR}" width="{_n(mat[1] - mat[0])}" height="6" rx="2" '
                     f'fill="{MAT}" stroke="{FLOOR_INK}" stroke-width="1"/>')
    parts.append(f'<line x1="6" y1="{FLOOR + 6}" x2="{W - 6}" y2="{FLOOR + 6}" stroke="{FLOOR_INK}" '
                 'stroke-width="3" stroke-linecap="round"/>')
    return "".join(parts)


def arrow(d: str, tip: Point, towards: Point) -> str:
    """The movement arrow: a dashed blue path and a solid head at ``tip`` pointing from ``towards``."""
    angle = math.atan2(tip[1] - towards[1], tip[0] - towards[0])
    size = 11
    left = (tip[0] - size * math.cos(angle - 0.45), tip[1] - size * math.sin(angle - 0.45))
    right = (tip[0] - size * math.cos(angle + 0.45), tip[1] - size * math.sin(angle + 0.45))
    return (f'<path d="{d}" fill="none" stroke="{ARROW}" stroke-width="3.5" stroke-dasharray="7 4" '
            'stroke-linecap="round"/>'
            f'<polygon points="{_pts([tip, left, right])}" fill="{ARROW}" stroke="{ARROW}" '
            'stroke-width="1.5" stroke-linejoin="round"/>')


def svg(*parts: str) -> str:
    """A whole drawing: white background, shapes only (the page gives the alt text)."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}">'
            f'<rect width="{W}" height="{H}" fill="#ffffff"/>' + "".join(parts) + "</svg>")


# --- lying on the back, knees bent (side view, head on the left) ------------------------------

def _lying_side(back: str, arrow_part: str = "", under: str = "") -> str:
    hip, knee, ankle = (128, 119), (160, 78), (188, 121)
    return svg(
        floor(),
        under,
        f'<rect x="18" y="119" width="30" height="9" rx="3" fill="#ffffff" stroke="{FLOOR_INK}" '
        'stroke-width="2"/>',  # the cushion under the head
        head((36, 108)),
        curve(back),
        limb((58, 112), (76, 96), (98, 102)),  # arm, the hand resting on the tummy
        limb(hip, knee, ankle, (204, 123)),  # thigh, shin, foot
        arrow_part,
    )


def pelvic_tilt() -> list[str]:
    gap = (f'<path d="M 78 127 C 88 112, 104 110, 118 126 Z" fill="{MAT}" stroke="{FLOOR_INK}" '
           'stroke-width="2" stroke-dasharray="3 3"/>')
    start = _lying_side("M 50 116 C 76 114, 92 96, 128 118", under=gap)  # a gap under the lower back
    flat = _lying_side("M 50 118 L 128 120", arrow("M 98 58 L 98 90", (98, 97), (98, 58)))
    return [start, flat]


# --- knee rolls, seen from above (head on the left) --------------------------------------------

def _from_above(legs: Sequence[Sequence[Point]], extra: str = "") -> str:
    mat = f'<rect x="8" y="10" width="{W - 16}" height="{H - 20}" rx="6" fill="{MAT}" stroke="{FLOOR_INK}" ' \
          'stroke-width="2"/>'
    body = (limb((58, 60), (68, 38), (82, 20))  # arms out to the sides, flat on the floor
            + limb((58, 90), (68, 112), (82, 130))
            + f'<rect x="46" y="57" width="76" height="36" rx="15" fill="#ffffff" stroke="{INK}" '
              'stroke-width="5"/>'  # chest and tummy, flat on the floor
            + head((30, 75), 12))
    drawn = "".join(limb(*leg) for leg in legs)
    knees = "".join(f'<circle cx="{_n(leg[1][0])}" cy="{_n(leg[1][1])}" r="7.5" fill="{INK}"/>'
                    for leg in legs)
    return svg(mat, body, drawn, knees, extra)


def knee_rolls() -> list[str]:
    start = _from_above([[(118, 68), (156, 68), (178, 68)], [(118, 82), (156, 82), (178, 82)]])
    rolled = _from_above(
        [[(118, 68), (146, 106), (176, 72)], [(118, 82), (156, 118), (180, 86)]],
        arrow("M 168 48 Q 212 76 180 114", (174, 120), (186, 108)),
    )
    return [start, rolled]


# --- bottom to heels (side view, head on the left) --------------------------------------------

def bottom_to_heels() -> list[str]:
    start = svg(
        floor(),
        head((36, 70)),
        limb((50, 78), (124, 76)),  # back, fairly straight
        limb((52, 80), (52, 104), (52, 128)),  # arm, hand under the shoulder
        limb((124, 76), (126, 128), (176, 128)),  # thigh down to the knee, shin along the floor
    )
    moved = svg(
        floor(),
        head((48, 104)),
        curve("M 66 104 Q 110 84 148 100"),  # back, rounded as the bottom goes back
        limb((64, 106), (44, 118), (26, 128)),  # arms stretched forward
        limb((148, 100), (126, 128), (176, 128)),
        arrow("M 128 64 Q 152 66 160 84", (162, 91), (158, 77)),
    )
    return [start, moved]


# --- walking ----------------------------------------------------------------------------------

def walking() -> list[str]:
    hip = (120, 84)
    return [svg(
        floor(None),
        head((120, 22), 11),
        limb((120, 34), hip),  # trunk, upright
        limb((120, 44), (106, 62), (98, 78)),  # back arm
        limb((120, 44), (134, 60), (146, 70)),  # front arm
        limb(hip, (134, 106), (144, 133), (156, 133)),  # front leg
        limb(hip, (110, 108), (96, 130), (104, 134)),  # back leg
    )]


DRAWINGS: dict[str, Callable[[], list[str]]] = {
    "knee-rolls": knee_rolls,
    "pelvic-tilt": pelvic_tilt,
    "bottom-to-heels": bottom_to_heels,
    "walking": walking,
}
"""movement id -> its drawings, one per picture in movements.yaml."""


def drawings(movement_id: str) -> list[str]:
    """The SVG drawings of one movement; KeyError names an id with no drawing."""
    try:
        return DRAWINGS[movement_id]()
    except KeyError:
        raise KeyError(f"no drawing for movement {movement_id!r} in movement_drawings.DRAWINGS") from None
