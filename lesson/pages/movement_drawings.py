"""Simple line drawings of the starter movements, as SVG text (shapes only, no words).

Each movement id has one drawing per picture in movements.yaml, in the same order; the captions
and alt text live in the YAML. Figures are stick figures on a floor line: a dark body
(#212b32), a grey floor and mat, and one blue arrow (#005eb8) for the movement, told apart by
lightness and shape as well as hue, so they read the same with any colour vision and in greyscale.
The two lying-down movements draw the limbs as white tubes with a dark edge, so an arm along the
side or a leg in front of the other stays readable: the pelvic tilt from the side, the knee rolls
in a three-quarter view (so the bent knees, the flat feet and the roll to one side all show).
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

def tube(*points: Point, width: float = 9) -> str:
    """A limb drawn as a white tube with a dark edge, so a limb in front of the body or of another
    limb still shows as a limb (an arm lying along the side; the near leg over the far one)."""
    line = _pts(points)
    return (f'<polyline points="{line}" fill="none" stroke="{INK}" stroke-width="{_n(width + 5)}" '
            'stroke-linecap="round" stroke-linejoin="round"/>'
            f'<polyline points="{line}" fill="none" stroke="#ffffff" stroke-width="{_n(width)}" '
            'stroke-linecap="round" stroke-linejoin="round"/>')


def _lying_side(arched: bool, arrow_part: str = "", under: str = "") -> str:
    """Lying on the back: head on a cushion, the body a plain shape on the mat, one arm flat on the
    floor along the side, knees bent and the foot flat. ``arched``: a gap under the lower back."""
    lower = ("C 122 126, 121 109, 110 109 C 99 109, 98 126, 90 126" if arched else "L 90 126")
    body = (f"M 52 108 C 52 101, 56 99, 63 99 L 102 101 C 114 101, 126 99, 134 103 "
            f"C 142 107, 144 117, 140 122 C 137 126, 132 126, 126 126 {lower} "
            "L 62 126 C 55 126, 52 119, 52 108 Z")
    return svg(
        floor(),
        under,
        f'<rect x="12" y="117" width="34" height="11" rx="3" fill="#ffffff" stroke="{FLOOR_INK}" '
        'stroke-width="2"/>',  # the cushion under the head
        tube((38, 109), (54, 110)),  # the neck
        head((30, 105), 11),
        f'<path d="{body}" fill="#ffffff" stroke="{INK}" stroke-width="5" stroke-linejoin="round"/>',
        tube((130, 112), (162, 72), (186, 116), (190, 122), (208, 122)),  # thigh, shin, foot flat
        tube((64, 110), (94, 121)),  # the arm, flat on the floor by the side
        arrow_part,
    )


def pelvic_tilt() -> list[str]:
    gap = (f'<path d="M 91 127 C 97 107, 123 107, 129 127 Z" fill="{MAT}" stroke="{FLOOR_INK}" '
           'stroke-width="2" stroke-dasharray="3 3"/>')
    start = _lying_side(True, under=gap)  # a gap under the lower back
    flat = _lying_side(False, arrow("M 110 50 L 110 86", (110, 93), (110, 50)))
    return [start, flat]


# --- knee rolls, a three-quarter view from the feet end (head at the back, on the left) ----------
#
# The figure is placed in 3D (x from the head to the feet, y across the body towards the viewer,
# z up) and drawn in a fixed oblique view from above and from the side of the feet, so the bent
# knees and the flat feet can be seen; the roll turns the legs about the line through the hips.

Point3 = tuple[float, float, float]
_YAW, _PITCH = math.radians(30), math.radians(45)
_HIP_Z = 8.0
MAT_Y = 48.0


def _raw_view(p: Point3) -> Point:
    x, y, z = p
    x1 = x * math.cos(_YAW) - y * math.sin(_YAW)
    y1 = x * math.sin(_YAW) + y * math.cos(_YAW)
    return (x1, y1 * math.sin(_PITCH) - z * math.cos(_PITCH))


_MAT = [(-22.0, -MAT_Y, 0.0), (206.0, -MAT_Y, 0.0), (206.0, MAT_Y, 0.0), (-22.0, MAT_Y, 0.0)]


def _fit() -> tuple[float, float, float]:
    """Scale and offsets that fit the mat and the raised knees into the drawing, 8 units clear."""
    corners = [_raw_view(q) for q in [*_MAT, (150.0, 0.0, 56.0), (4.0, 0.0, 30.0)]]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    scale = min((W - 16) / (max(xs) - min(xs)), (H - 16) / (max(ys) - min(ys)))
    return scale, 8 - min(xs) * scale + (W - 16 - (max(xs) - min(xs)) * scale) / 2, 8 - min(ys) * scale


_FIT = _fit()


def _view(p: Point3) -> Point:
    """Screen position of a 3D point: turned by ``_YAW`` about the vertical, seen from ``_PITCH`` up."""
    scale, dx, dy = _FIT
    x, y = _raw_view(p)
    return (dx + x * scale, dy + y * scale)


def _limb3(*points: Point3) -> str:
    """A limb in 3D, as a tube: a near limb shows in front of one behind it."""
    return tube(*(_view(q) for q in points))


def _flat3(points: Sequence[Point3], fill: str, stroke: str, width: float) -> str:
    return (f'<polygon points="{_pts([_view(q) for q in points])}" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="{_n(width)}" stroke-linejoin="round"/>')


def _rolled(p: Point3, angle: float) -> Point3:
    """``p`` turned by ``angle`` (radians) about the line through the hips, knees towards the viewer."""
    x, y, z = p
    dz = z - _HIP_Z
    return (x, y * math.cos(angle) + dz * math.sin(angle),
            max(2.0, _HIP_Z - y * math.sin(angle) + dz * math.cos(angle)))


def _legs(side: float, angle: float) -> list[Point3]:
    """One leg (``side`` -1 far, +1 near): hip, knee, ankle, heel and toes; knee bent, foot flat;
    turned by ``angle`` (radians) towards the viewer."""
    leg = [(112, 8 * side, _HIP_Z), (150, 7 * side, 50), (176, 9 * side, 8), (180, 9 * side, 3),
           (198, 9 * side, 3)]
    return [_rolled(q, angle) for q in leg]


def _lying_three_quarter(angle: float, extra: str = "") -> str:
    """On the back on a mat, head on a cushion, arms out to the sides on the floor, knees bent
    (turned by ``angle``), drawn far to near."""
    mat = _flat3(_MAT, MAT, FLOOR_INK, 1.5)
    cushion = _flat3([(-14, -20, 6), (20, -20, 6), (20, 20, 6), (-14, 20, 6)], "#ffffff", FLOOR_INK, 2)
    torso = _flat3([(24, -22, 10), (60, -20, 10), (86, -15, 10), (114, -17, 10), (114, 17, 10), (86, 15, 10),
                    (60, 20, 10), (24, 22, 10), (18, 0, 10)], "#ffffff", INK, 5)
    far_arm = _limb3((30, -22, 8), (52, -38, 4), (76, -44, 4))  # arms out to the sides, on the floor
    near_arm = _limb3((30, 22, 8), (52, 38, 4), (76, 44, 4))
    hx, hy = _view((4, 0, 16))
    face = head((hx, hy), 11)
    far_leg, near_leg = _limb3(*_legs(-1, angle)), _limb3(*_legs(1, angle))
    return svg(mat, cushion, far_arm, torso, _limb3((6, 0, 12), (22, 0, 10)), face, near_arm,
               far_leg, near_leg, extra)


def _roll_arrow(start: float, end: float) -> str:
    """A curved arrow beside the knees, the way they roll (from ``start`` to ``end`` radians),
    bowed out away from the body so it reads as a roll."""
    (x1, y1), (x2, y2) = (_view(_rolled((150, 0, 74), a)) for a in (start, end))
    cx, cy = (x1 + x2) / 2 + 0.45 * (y2 - y1), (y1 + y2) / 2 - 0.45 * (x2 - x1)
    return arrow(f"M {_n(x1)} {_n(y1)} Q {_n(cx)} {_n(cy)}, {_n(x2)} {_n(y2)}", (x2, y2), (cx, cy))


def knee_rolls() -> list[str]:
    rolled = math.radians(64)
    ghost = "".join(
        f'<polyline points="{_pts([_view(q) for q in _legs(side, 0)])}" fill="none" stroke="{FLOOR_INK}" '
        'stroke-width="2.5" stroke-dasharray="4 3" stroke-linecap="round" stroke-linejoin="round"/>'
        for side in (-1, 1))
    return [_lying_three_quarter(0), _lying_three_quarter(rolled, ghost + _roll_arrow(0.1, rolled - 0.1))]


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
