"""Hand-drawn SVG for the explanatory pictures: the saddle area and a bulging disc.

Shapes and positions only: every word on a picture (its labels) comes from
``lesson/content/diagrams/<id>.yaml`` ``parts``, passed in by ``lesson.pages.pictures``. Like the
movement drawings, the SVG is written from fixed coordinates with fixed number formatting, so the
bytes are the same on every run (the notebooks are committed executed and compared by nbval).

Sizes: every drawing is ``W`` = 360 units wide and shown at most at the width of its column, so on
a 390 px phone one unit is about one CSS pixel; labels are ``LABEL`` = 14 units (never below 12 px
there). Colours follow the lesson's NHS palette and the lumbar-spine diagram; every coloured part
also has a text label, a pattern or a shape of its own, so nothing is told by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

W = 360
LABEL = 14
TITLE = 16
FONT = "Arial, Helvetica, sans-serif"
INK = "#212b32"
GREY = "#4c6272"
SKIN = "#ffffff"
SHADE = "#005eb8"
BONE = "#F2E6C9"
BONE_EDGE = "#7A6A4F"
RING = "#9CC3E6"
RING_EDGE = "#2F5F8A"
CENTRE = "#3D7FBF"
NERVE = "#E69F00"
NERVE_EDGE = "#8A5A00"
PRESSED = "#d5281b"

Point = tuple[float, float]


def n(x: float) -> str:
    """A number with at most one decimal place and no trailing zeros."""
    text = f"{x:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def text(x: float, y: float, words: str, size: int = LABEL, anchor: str = "start", bold: bool = False,
         fill: str = INK) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="{n(x)}" y="{n(y)}" font-size="{size}" text-anchor="{anchor}"{weight} '
            f'fill="{fill}">{escape(words)}</text>')


def leader(start: Point, end: Point) -> str:
    """A label's pointer line: from the label (``start``) to a dot on the part (``end``)."""
    return (f'<line x1="{n(start[0])}" y1="{n(start[1])}" x2="{n(end[0])}" y2="{n(end[1])}" '
            f'stroke="{INK}" stroke-width="1.5"/>'
            f'<circle cx="{n(end[0])}" cy="{n(end[1])}" r="3" fill="{INK}"/>')


def svg(height: float, *parts: str, width: int = W) -> str:
    """A whole drawing: white background; the page gives the alt text."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {n(height)}" width="{width}" '
            f'height="{n(height)}" font-family="{FONT}">'
            f'<rect width="{width}" height="{n(height)}" fill="#ffffff"/>' + "".join(parts) + "</svg>")


# --- the saddle area: the lower body from the waist to the knees, front and back ----------------

_HATCH = ('<defs><pattern id="saddle-hatch" width="8" height="8" patternUnits="userSpaceOnUse" '
          'patternTransform="rotate(45)"><rect width="8" height="8" fill="#c8dcf0"/>'
          f'<line x1="0" y1="0" x2="0" y2="8" stroke="{SHADE}" stroke-width="3"/></pattern></defs>')


def _lower_body(cx: float, top: float) -> str:
    """A plain outline from the waist to just above the knees, legs apart a little."""
    d = (f"M {n(cx - 46)} {n(top)} L {n(cx + 46)} {n(top)} "
         f"C {n(cx + 56)} {n(top + 40)}, {n(cx + 62)} {n(top + 70)}, {n(cx + 58)} {n(top + 100)} "
         f"L {n(cx + 50)} {n(top + 170)} L {n(cx + 8)} {n(top + 170)} L {n(cx + 3)} {n(top + 96)} "
         f"Q {n(cx)} {n(top + 90)}, {n(cx - 3)} {n(top + 96)} "
         f"L {n(cx - 8)} {n(top + 170)} L {n(cx - 50)} {n(top + 170)} L {n(cx - 58)} {n(top + 100)} "
         f"C {n(cx - 62)} {n(top + 70)}, {n(cx - 56)} {n(top + 40)}, {n(cx - 46)} {n(top)} Z")
    return f'<path d="{d}" fill="{SKIN}" stroke="{INK}" stroke-width="2.5" stroke-linejoin="round"/>'


def _saddle_shape(cx: float, top: float, back: bool) -> str:
    """The shaded saddle: between the legs and the inner tops of the thighs (and, from the back,
    the inner parts of the bottom)."""
    high = top + (50 if back else 62)
    d = (f"M {n(cx)} {n(high)} C {n(cx + 20)} {n(high + 4)}, {n(cx + 30)} {n(top + 88)}, "
         f"{n(cx + 26)} {n(top + 126)} L {n(cx + 9)} {n(top + 128)} L {n(cx + 3)} {n(top + 96)} "
         f"Q {n(cx)} {n(top + 90)}, {n(cx - 3)} {n(top + 96)} L {n(cx - 9)} {n(top + 128)} "
         f"L {n(cx - 26)} {n(top + 126)} C {n(cx - 30)} {n(top + 88)}, {n(cx - 20)} {n(high + 4)}, "
         f"{n(cx)} {n(high)} Z")
    return (f'<path d="{d}" fill="url(#saddle-hatch)" stroke="{SHADE}" stroke-width="2" '
            'stroke-linejoin="round"/>')


def saddle_area(labels: Sequence[str]) -> str:
    """Front view (left) and back view (right); ``labels``: genitals, thighs, buttocks, back passage."""
    genitals, thighs, buttocks, back_passage = labels
    top = 52
    front_x, back_x = 92, 268
    back_detail = (  # the two sides of the bottom and the back passage: plain lines only
        f'<path d="M {n(back_x)} {n(top + 18)} L {n(back_x)} {n(top + 92)}" stroke="{INK}" '
        'stroke-width="2" fill="none"/>'
        f'<path d="M {n(back_x - 40)} {n(top + 86)} Q {n(back_x - 20)} {n(top + 98)}, {n(back_x - 3)} '
        f'{n(top + 92)} M {n(back_x + 40)} {n(top + 86)} Q {n(back_x + 20)} {n(top + 98)}, '
        f'{n(back_x + 3)} {n(top + 92)}" stroke="{INK}" stroke-width="2" fill="none"/>'
        f'<circle cx="{n(back_x)}" cy="{n(top + 78)}" r="4" fill="{INK}"/>'
    )
    waistband = "".join(
        f'<line x1="{n(x - 46)}" y1="{n(top + 8)}" x2="{n(x + 46)}" y2="{n(top + 8)}" stroke="{GREY}" '
        'stroke-width="1.5" stroke-dasharray="4 3"/>' for x in (front_x, back_x))
    below = top + 186
    return svg(
        below + 120,
        _HATCH,
        text(front_x, 30, "Front", TITLE, "middle", bold=True),
        text(back_x, 30, "Back", TITLE, "middle", bold=True),
        _lower_body(front_x, top), _lower_body(back_x, top),
        _saddle_shape(front_x, top, back=False), _saddle_shape(back_x, top, back=True),
        back_detail, waistband,
        # leaders start at each label's own text and never cross another label or leader
        leader((60, below + 11), (front_x, top + 76)),
        text(8, below + 24, genitals),
        leader((178, below + 42), (front_x + 20, top + 116)),
        text(8, below + 54, thighs),
        leader((290, below + 11), (back_x + 16, top + 92)),
        text(W - 8, below + 24, buttocks, anchor="end"),
        leader((196, below + 42), (back_x, top + 80)),
        text(W - 8, below + 54, back_passage, anchor="end"),
        f'<rect x="8" y="{n(below + 76)}" width="26" height="18" fill="url(#saddle-hatch)" '
        f'stroke="{SHADE}" stroke-width="2"/>',
        text(42, below + 90, "Shaded: the saddle area"),
    )


# --- a healthy disc and a bulging disc, side view, front of the body on the left ---------------

def _bone(x: float, y: float, w: float, h: float) -> str:
    return (f'<rect x="{n(x)}" y="{n(y)}" width="{n(w)}" height="{n(h)}" rx="10" fill="{BONE}" '
            f'stroke="{BONE_EDGE}" stroke-width="2"/>')


def _disc_panel(top: float, title: str, names: dict[str, str], bulging: bool) -> str:
    """One panel: bone, disc, bone, with a nerve root running down behind (on the right)."""
    x0, width = 24, 150
    bone_h, disc_h = 46, 30
    disc_y = top + 26 + bone_h
    nerve_x = x0 + width + 26
    parts = [text(8, top + 16, title, TITLE, bold=True),
             _bone(x0, top + 24, width, bone_h), _bone(x0, disc_y + disc_h + 2, width, bone_h)]
    if bulging:  # the back of the disc pushes out, and the nerve root bends around it
        ring = (f"M {n(x0 + 6)} {n(disc_y)} L {n(x0 + width - 6)} {n(disc_y)} "
                f"C {n(x0 + width + 30)} {n(disc_y - 2)}, {n(x0 + width + 30)} {n(disc_y + disc_h + 2)}, "
                f"{n(x0 + width - 6)} {n(disc_y + disc_h)} L {n(x0 + 6)} {n(disc_y + disc_h)} "
                f"Q {n(x0)} {n(disc_y + disc_h / 2)}, {n(x0 + 6)} {n(disc_y)} Z")
        centre_cx, centre_rx = x0 + width * 0.66, width * 0.3
        nerve = (f"M {n(nerve_x)} {n(top + 28)} L {n(nerve_x)} {n(disc_y - 14)} "
                 f"Q {n(nerve_x + 20)} {n(disc_y + disc_h / 2)}, {n(nerve_x)} {n(disc_y + disc_h + 14)} "
                 f"L {n(nerve_x)} {n(top + 24 + 2 * bone_h + disc_h + 8)}")
    else:
        ring = (f"M {n(x0 + 6)} {n(disc_y)} L {n(x0 + width - 6)} {n(disc_y)} "
                f"Q {n(x0 + width)} {n(disc_y + disc_h / 2)}, {n(x0 + width - 6)} {n(disc_y + disc_h)} "
                f"L {n(x0 + 6)} {n(disc_y + disc_h)} Q {n(x0)} {n(disc_y + disc_h / 2)}, "
                f"{n(x0 + 6)} {n(disc_y)} Z")
        centre_cx, centre_rx = x0 + width * 0.5, width * 0.24
        nerve = (f"M {n(nerve_x)} {n(top + 28)} "
                 f"L {n(nerve_x)} {n(top + 24 + 2 * bone_h + disc_h + 8)}")
    parts += [
        f'<path d="{ring}" fill="{RING}" stroke="{RING_EDGE}" stroke-width="2"/>',
        f'<ellipse cx="{n(centre_cx)}" cy="{n(disc_y + disc_h / 2)}" rx="{n(centre_rx)}" '
        f'ry="{n(disc_h * 0.3)}" fill="{CENTRE}" stroke="#1F4F7F" stroke-width="1.5"/>',
        f'<path d="{nerve}" fill="none" stroke="{NERVE_EDGE}" stroke-width="9" stroke-linecap="round"/>',
        f'<path d="{nerve}" fill="none" stroke="{NERVE}" stroke-width="6" stroke-linecap="round"/>',
    ]
    label_x = nerve_x + 30
    mid = disc_y + disc_h / 2
    if bulging:
        contact = (x0 + width + 16, mid)
        parts += [
            f'<circle cx="{n(contact[0])}" cy="{n(contact[1])}" r="13" fill="none" stroke="{PRESSED}" '
            'stroke-width="2.5" stroke-dasharray="4 3"/>',
            leader((label_x - 4, mid - 24), (x0 + width + 6, mid - 6)),
            text(label_x, mid - 20, names["bulge"]),
            leader((label_x - 4, mid + 26), (contact[0] + 10, contact[1] + 8)),
            text(label_x, mid + 30, names["pressed"]),
        ]
    else:
        parts += [
            leader((label_x - 4, top + 46), (x0 + width - 20, top + 46)),
            text(label_x, top + 51, names["bone"]),
            leader((label_x - 4, mid), (x0 + width - 8, mid + 6)),
            text(label_x, mid + 5, names["ring"]),
            leader((label_x - 4, mid + 30), (centre_cx + 10, mid + 2)),
            text(label_x, mid + 35, names["centre"]),
            leader((label_x - 4, mid + 62), (nerve_x, mid + 56)),
            text(label_x, mid + 67, names["nerve"]),
        ]
    return "".join(parts)


def _wrap_label(words: str, width: int = 12) -> list[str]:
    import textwrap

    return textwrap.wrap(words, width) or [words]


def disc_bulge(titles: Sequence[str], names: dict[str, str]) -> str:
    """Top: a healthy disc; bottom: a bulging disc pressing on the nerve root.

    ``names``: part id -> label (bone, ring, centre, nerve, bulge, pressed); ``titles``: the two
    panel titles. Labels sit on the right, one short line each (long ones wrap in two)."""
    panel_h = 190
    healthy = _disc_panel(0, titles[0], names, bulging=False)
    bulge = _disc_panel(panel_h + 14, titles[1], names, bulging=True)
    divider = (f'<line x1="8" y1="{n(panel_h + 4)}" x2="{W - 8}" y2="{n(panel_h + 4)}" stroke="{GREY}" '
               'stroke-width="1" stroke-dasharray="3 3"/>')
    body = svg(2 * panel_h + 24, healthy, divider, bulge,
               text(8, 2 * panel_h + 14, "Front of body", LABEL, fill=GREY),
               text(W - 8, 2 * panel_h + 14, "Back of body", LABEL, "end", fill=GREY))
    return _multiline(body)


def _multiline(svg_text: str) -> str:
    """Split any label longer than fits right of the drawings into two lines (tspans)."""
    import re

    def split(match: re.Match[str]) -> str:
        head, words = match.group(1), match.group(2)
        if len(words) <= 16 or 'font-size="14"' not in head or 'text-anchor="start"' not in head:
            return match.group(0)
        x = re.search(r'x="([^"]+)"', head)
        lines = _wrap_label(words, 16)
        spans = "".join(f'<tspan x="{x.group(1) if x else 0}" dy="{0 if i == 0 else 16}">{line}</tspan>'
                        for i, line in enumerate(lines))
        return f"{head}>{spans}</text>"

    return re.sub(r'(<text [^>]*)>([^<]*)</text>', split, svg_text)


# --- an icon array: rows of people, some filled in ----------------------------------------------

FILLED = SHADE
"""A filled-in person: NHS blue, dark enough on white to be told from an empty one in greyscale."""
_STRIPES = ('<defs><pattern id="icon-stripes" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{FILLED}" stroke-width="3.5"/></pattern></defs>')
ICON_H = 44
"""A person's height in drawing units (about 44 px on a phone): head and shoulders."""


def person(cx: float, top: float, kind: str, scale: float = 1) -> str:
    """One person, ``kind`` "filled", "maybe" (striped) or "empty" (outline only), ``top`` at the
    top of the head. Filled and empty differ in shape as well as colour: no colour is needed."""
    fill = {"filled": FILLED, "maybe": "url(#icon-stripes)", "empty": "#ffffff"}[kind]
    edge = FILLED if kind != "empty" else INK
    s = scale
    r = 7 * s
    body = (f"M {n(cx - 12 * s)} {n(top + ICON_H * s)} L {n(cx - 12 * s)} {n(top + 28 * s)} "
            f"Q {n(cx - 12 * s)} {n(top + 18 * s)}, {n(cx - 3 * s)} {n(top + 18 * s)} "
            f"L {n(cx + 3 * s)} {n(top + 18 * s)} Q {n(cx + 12 * s)} {n(top + 18 * s)}, "
            f"{n(cx + 12 * s)} {n(top + 28 * s)} L {n(cx + 12 * s)} {n(top + ICON_H * s)} Z")
    return (f'<circle cx="{n(cx)}" cy="{n(top + r + 1)}" r="{n(r)}" fill="{fill}" stroke="{edge}" '
            'stroke-width="2"/>'
            f'<path d="{body}" fill="{fill}" stroke="{edge}" stroke-width="2" stroke-linejoin="round"/>')


def icon_array(rows: Sequence[tuple[str, int, int]], per_row: int, key: Sequence[tuple[str, str]]) -> str:
    """Rows of ``per_row`` people, each row under its label: (label, filled, striped); then a key
    of (kind, words) pairs. Labels wrap to the width; every word is real text."""
    import textwrap

    pad = 8
    step = (W - 2 * pad) / per_row
    chars = int((W - 2 * pad) / (TITLE * 0.56))
    parts = [_STRIPES]
    y = 0.0
    for label, filled, maybe in rows:
        for line in textwrap.wrap(label, chars):
            y += 22
            parts.append(text(pad, y, line, TITLE, bold=True))
        y += 10
        kinds = ["filled"] * filled + ["maybe"] * maybe + ["empty"] * (per_row - filled - maybe)
        parts += [person(pad + step * (i + 0.5), y, kind) for i, kind in enumerate(kinds)]
        y += ICON_H + 14
    y += 4
    parts.append(f'<line x1="{pad}" y1="{n(y)}" x2="{W - pad}" y2="{n(y)}" stroke="{GREY}" '
                 'stroke-width="1" stroke-dasharray="3 3"/>')
    y += 12
    for kind, words in key:
        lines = textwrap.wrap(words, int((W - 2 * pad - 34) / (LABEL * 0.56)))
        parts.append(person(pad + 12, y, kind, 0.6))
        parts += [text(pad + 34, y + 18 + 18 * i, line) for i, line in enumerate(lines)]
        y += max(34, 18 * len(lines) + 10)
    return svg(y + 4, *parts)
