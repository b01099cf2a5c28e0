"""Explanatory pictures: the saddle area, the leg-symptom decision chart, a bulging disc and an
icon array (the chance of another bout of back pain, with and without exercise).

Each picture is a diagram (``lesson/content/diagrams/<id>.yaml``, validated by ``python -m lesson
check``): its title, caption, alt text, sources and labels live there, and ``ui.diagram(id)``
shows it, so the chapter's citation numbers and readability count its caption like any figure.
This module draws them as hand-written SVG (no matplotlib, no network), the same bytes every run.

The decision chart is built from the red-flag content itself: each step lists red-flag sign ids,
shown in redflags.yaml's own words, and a "yes" leads to that tier's care-card label and advice
(with help.yaml's emergency line), so the chart cannot drift from the care cards and the self-check.

On the page each picture is an ``<img>`` with a data: URI, real alt text (the chart's alt text
spells out every step), and a caption; it is as wide as its column (never wider than the screen),
at most ``MAX_WIDTH``. Plain HTML and SVG, no script: the same in Voila and JupyterLab.
"""

from __future__ import annotations

import base64
import textwrap
from collections.abc import Callable
from html import escape

from lesson.content_model import load
from lesson.content_model.models import DiagramFile, FlowStep, RedFlagsFile
from lesson.display import ShownHTML
from lesson.pages import picture_drawings as draw
from lesson.pages.action import TIER_ICONS
from lesson.pages.markup import figure_caption

MAX_WIDTH = {"narrow": "34rem", "wide": "46rem"}
"""The widest a picture is shown (about 540 px; 740 px for a picture with a wide layout), so labels
stay near their drawn size on a laptop."""
LINE = 19
"""Line height, in drawing units, of the chart's 14-unit text."""
CHAR = 0.56
"""A generous average character width, in ems, for wrapping (wider fallback fonts still fit)."""

TIER_STYLE = {  # heading bar fill, heading text, box fill, box text (the care cards' colours)
    "emergency": ("#d5281b", "#ffffff", "#212b32", "#ffffff"),
    "urgent": ("#ffb81c", "#212b32", "#ffffff", "#212b32"),
    "routine": ("#005eb8", "#ffffff", "#ffffff", "#212b32"),
}


def wrap(words: str, width: float, size: int = draw.LABEL) -> list[str]:
    """``words`` in lines that fit ``width`` drawing units at font ``size``."""
    return textwrap.wrap(" ".join(words.split()), max(8, int(width / (size * CHAR)))) or [""]


def strip_keys(words: str) -> str:
    """Text without its citation keys (the caption under the picture carries the sources)."""
    from lesson.content_model.citations import CITATION

    return " ".join(CITATION.sub("", words).split())


# --- the decision chart --------------------------------------------------------------------------

def tier_of(flags: RedFlagsFile, tier: str) -> tuple[str, str]:
    """A tier's care-card label and advice (the emergency line filled in), from redflags.yaml."""
    advice = getattr(flags.tiers, tier)
    return advice.label, " ".join(load.help_content().fill(advice.advice).split())


def _check_parts(info: DiagramFile, flags: RedFlagsFile) -> None:
    """The outcome boxes (``parts``) are the tiers' own labels, one per step, in order."""
    expected = [tier_of(flags, step.tier)[0] for step in info.flow]
    names = [p.name for p in sorted(info.parts, key=lambda p: p.number)]
    if names != expected:
        raise ValueError(f"diagram {info.diagram!r}: parts {names} must be the flow's tier labels {expected}")


def step_lines(step: FlowStep, flags: RedFlagsFile) -> list[str]:
    """What one question asks about: each sign in redflags.yaml's words, then the extra lines."""
    by_id = {s.id: s for s in flags.signs}
    unknown = [i for i in step.signs if i not in by_id]
    if unknown:
        raise KeyError(f"unknown red-flag sign ids in the chart: {unknown}")
    return [by_id[i].text for i in step.signs] + [strip_keys(line.text) for line in step.lines]


def flow_text(info: DiagramFile, flags: RedFlagsFile | None = None) -> str:
    """The whole chart in words (its alt text): start, each question with its signs and outcome."""
    flags = flags or load.redflags()
    fill = load.help_content().fill
    out = [" ".join(info.alt.split()), f"{info.start}" if info.start else ""]
    for step in info.flow:
        label, advice = tier_of(flags, step.tier)
        signs = "; ".join(step_lines(step, flags))
        out.append(f"{step.question} {signs}. If yes: {label}. {advice} If no, go on.")
    if info.otherwise:
        out.append(" ".join(fill(info.otherwise.text).split()))
    return " ".join(part for part in out if part)


def _box(x: float, y: float, w: float, h: float, fill: str, stroke: str, width: float = 2,
         dash: str = "") -> str:
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<rect x="{draw.n(x)}" y="{draw.n(y)}" width="{draw.n(w)}" height="{draw.n(h)}" rx="6" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="{draw.n(width)}"{dashed}/>')


def _lines(x: float, y: float, lines: list[str], fill: str = draw.INK, bold: bool = False,
           size: int = draw.LABEL) -> str:
    return "".join(draw.text(x, y + i * LINE, line, size, bold=bold, fill=fill)
                   for i, line in enumerate(lines))


def _arrow_down(x: float, y1: float, y2: float, label: str = "") -> str:
    head = f"{draw.n(x - 7)},{draw.n(y2 - 10)} {draw.n(x + 7)},{draw.n(y2 - 10)} {draw.n(x)},{draw.n(y2)}"
    words = draw.text(x + 12, (y1 + y2) / 2 + 5, label, draw.LABEL, bold=True) if label else ""
    return (f'<line x1="{draw.n(x)}" y1="{draw.n(y1)}" x2="{draw.n(x)}" y2="{draw.n(y2 - 9)}" '
            f'stroke="{draw.INK}" stroke-width="2.5"/><polygon points="{head}" fill="{draw.INK}"/>{words}')


def _icon(tier: str, x: float, y: float, colour: str) -> str:
    return (f'<g transform="translate({draw.n(x)} {draw.n(y)}) scale(0.8)" color="{colour}">'
            f"{TIER_ICONS[tier]}</g>")


def _question_box(x: float, y: float, w: float, step: FlowStep, flags: RedFlagsFile) -> tuple[str, float]:
    """A question with its bulleted signs; returns the markup and its height."""
    pad = 10
    question = wrap(step.question, w - 2 * pad, draw.TITLE)
    bullets = [wrap(item, w - 2 * pad - 14) for item in step_lines(step, flags)]
    h = len(question) * (LINE + 2) + sum(len(b) for b in bullets) * LINE + len(bullets) * 5 + 2 * pad + 4
    parts = [_box(x, y, w, h, "#ffffff", draw.INK, 2.5),
             _lines(x + pad, y + pad + 15, question, bold=True, size=draw.TITLE)]
    ly = y + pad + 15 + len(question) * (LINE + 2) + 2
    for item in bullets:
        parts.append(f'<circle cx="{draw.n(x + pad + 4)}" cy="{draw.n(ly - 5)}" r="3" fill="{draw.INK}"/>')
        parts.append(_lines(x + pad + 14, ly, item))
        ly += len(item) * LINE + 5
    return "".join(parts), h


def _outcome_box(x: float, y: float, w: float, tier: str, flags: RedFlagsFile) -> tuple[str, float]:
    """The tier's care card in small: heading bar (icon and label), then its advice."""
    pad = 10
    tier_label, tier_advice = tier_of(flags, tier)
    head_fill, head_ink, body_fill, body_ink = TIER_STYLE[tier]
    label = wrap(tier_label, w - 2 * pad - 28, draw.TITLE)
    advice = wrap(tier_advice, w - 2 * pad)
    head_h = len(label) * (LINE + 2) + 12
    body_h = len(advice) * LINE + 2 * pad
    markup = "".join([
        _box(x, y, w, head_h + body_h, body_fill, head_fill, 3),
        f'<rect x="{draw.n(x)}" y="{draw.n(y)}" width="{draw.n(w)}" height="{draw.n(head_h)}" rx="6" '
        f'fill="{head_fill}"/>',
        _icon(tier, x + pad - 2, y + head_h / 2 - 10, head_ink),
        _lines(x + pad + 26, y + 23, label, head_ink, bold=True, size=draw.TITLE),
        _lines(x + pad, y + head_h + pad + 13, advice, body_ink),
    ])
    return markup, head_h + body_h


def _arrow_right(x1: float, x2: float, y: float, label: str) -> str:
    head = f"{draw.n(x2 - 10)},{draw.n(y - 7)} {draw.n(x2 - 10)},{draw.n(y + 7)} {draw.n(x2)},{draw.n(y)}"
    return (f'<line x1="{draw.n(x1)}" y1="{draw.n(y)}" x2="{draw.n(x2 - 9)}" y2="{draw.n(y)}" '
            f'stroke="{draw.INK}" stroke-width="2.5"/><polygon points="{head}" fill="{draw.INK}"/>'
            + draw.text((x1 + x2) / 2, y - 8, label, draw.LABEL, "middle", bold=True))


WIDE_W = 720
"""The wide chart (laptops, projectors): questions on the left, each "yes" box to their right."""


def leg_chart(info: DiagramFile, flags: RedFlagsFile | None = None, layout: str = "narrow") -> str:
    """The decision chart. ``narrow`` (phones): top to bottom, each "yes" box under its question
    and a "no" line down the left to the next question. ``wide``: each "yes" box to the right of
    its question, "no" straight down."""
    flags = flags or load.redflags()
    _check_parts(info, flags)
    fill = load.help_content().fill
    wide = layout == "wide"
    width = WIDE_W if wide else draw.W
    pad, rail = 10, 22
    qx = 8
    qw = 410 if wide else width - 16
    ox = qx + qw + 56 if wide else 44
    ow = width - ox - 8
    parts: list[str] = []
    y = 8.0
    if info.start:
        start = wrap(info.start, qw - 2 * pad)
        h = len(start) * LINE + 2 * pad
        parts += [_box(qx, y, qw, h, "#e8edee", draw.INK), _lines(qx + pad, y + pad + 14, start, bold=True)]
        y += h
        parts.append(_arrow_down(rail, y, y + 24))
        y += 24
    for n, step in enumerate(info.flow):
        question, qh = _question_box(qx, y, qw, step, flags)
        parts.append(question)
        if wide:
            outcome, oh = _outcome_box(ox, y, ow, step.tier, flags)
            parts += [_arrow_right(qx + qw, ox, y + 24, "Yes"), outcome]
            top, box_bottom = y + qh, y + max(qh, oh)
        else:
            y += qh
            parts.append(_arrow_down(ox + 40, y, y + 30, "Yes"))  # into the box, right of the "no" line
            outcome, oh = _outcome_box(ox, y + 30, ow, step.tier, flags)
            parts.append(outcome)
            top, box_bottom = y, y + 30 + oh
        if n < len(info.flow) - 1 or info.otherwise:
            next_top = box_bottom + 30
            parts.append(f'<line x1="{rail}" y1="{draw.n(top)}" x2="{rail}" y2="{draw.n(next_top - 9)}" '
                         f'stroke="{draw.INK}" stroke-width="2.5"/>')
            tip = next_top - 10
            parts.append(f'<polygon points="{rail - 7},{draw.n(tip)} {rail + 7},{draw.n(tip)} '
                         f'{rail},{draw.n(next_top)}" fill="{draw.INK}"/>')
            parts.append(draw.text(rail + 7, top + 18, "No", draw.LABEL, bold=True))
            y = next_top
        else:
            y = box_bottom
    if info.otherwise:
        other = wrap(fill(info.otherwise.text), qw - 2 * pad)
        h = len(other) * LINE + 2 * pad
        parts += [_box(qx, y, qw, h, "#ffffff", draw.INK, 2, "6 4"), _lines(qx + pad, y + pad + 14, other)]
        y += h
    return draw.svg(y + 8, *parts, width=width)


# --- the registry and the page -----------------------------------------------------------------

def _saddle(info: DiagramFile) -> str:
    names = [p.name for p in sorted(info.parts, key=lambda p: p.number)]
    return draw.saddle_area(names)


def _disc(info: DiagramFile) -> str:
    names = {p.id: p.name for p in info.parts}
    titles = info.title.split(", and ")
    healthy, bulging = (titles[0], titles[1]) if len(titles) == 2 else ("Healthy disc", "Bulging disc")
    return draw.disc_bulge([healthy[:1].upper() + healthy[1:], bulging[:1].upper() + bulging[1:]], names)


def icon_rows(info: DiagramFile) -> list[tuple[str, int, int]]:
    """(label, filled, striped) for each row of an icon array, from the YAML's ``icons``."""
    if info.icons is None:
        raise ValueError(f"diagram {info.diagram!r} has no `icons` to draw")
    return [(" ".join(r.label.split()), r.filled, r.maybe) for r in info.icons.rows]


def icon_key(info: DiagramFile) -> list[tuple[str, str]]:
    """The key: (kind, words) for a filled, a striped (only if a row has any) and an empty person."""
    icons = info.icons
    assert icons is not None
    key = [("filled", icons.filled)]
    if icons.maybe and any(r.maybe for r in icons.rows):
        key.append(("maybe", icons.maybe))
    return [*key, ("empty", icons.empty)]


def icons_text(info: DiagramFile) -> str:
    """An icon array in words (its alt text): the YAML's ``alt``, then each row's count."""
    icons = info.icons
    assert icons is not None
    out = [" ".join(info.alt.split())]
    for row in icons.rows:
        striped = f", and {row.maybe} more striped" if row.maybe else ""
        out.append(f"{' '.join(row.label.split())}. {row.filled} of {icons.per_row} filled in{striped}.")
    return " ".join(out)


def _icons(info: DiagramFile) -> str:
    assert info.icons is not None
    return draw.icon_array(icon_rows(info), info.icons.per_row, icon_key(info))


def _leg_wide(info: DiagramFile) -> str:
    return leg_chart(info, layout="wide")


PICTURES: dict[str, Callable[[DiagramFile], str]] = {
    "saddle-area": _saddle,
    "leg-symptoms": leg_chart,
    "disc-bulge": _disc,
    "prevention-icons": _icons,
}
"""Picture id (``diagrams/<id>.yaml``) -> its drawing, SVG text (the phone layout)."""
WIDE: dict[str, Callable[[DiagramFile], str]] = {"leg-symptoms": _leg_wide}
"""Pictures with a second layout for screens wider than a phone (``NARROW_MEDIA``)."""
NARROW_MEDIA = "(max-width: 640px)"
"""As the charts (``chart_view.NARROW_MEDIA``): this wide or narrower gets the phone layout."""


def spec(picture_id: str) -> DiagramFile:
    if picture_id not in PICTURES:
        raise KeyError(f"unknown picture id {picture_id!r}; known: {', '.join(PICTURES)}")
    return load.diagram(picture_id)


def picture_svg(picture_id: str, layout: str = "narrow") -> str:
    """The picture as SVG text (deterministic); ``layout="wide"`` for a picture in ``WIDE``."""
    draw_it = WIDE[picture_id] if layout == "wide" else PICTURES[picture_id]
    return draw_it(spec(picture_id))


def picture_alt(picture_id: str) -> str:
    """Alt text: the YAML's; for the decision chart every step, for an icon array every row's
    count, in words."""
    info = spec(picture_id)
    if info.icons:
        return icons_text(info)
    return flow_text(info) if info.flow else " ".join(info.alt.split())


def picture_src(svg_text: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg_text.encode("utf-8")).decode("ascii")


def picture_html(picture_id: str) -> str:
    """The ``<figure>``: title, image (alt text), caption with numbered citations and sources."""
    info = spec(picture_id)
    caption = figure_caption(picture_id, info.caption, info.sources)
    img = (f'<img src="{picture_src(picture_svg(picture_id, "wide" if picture_id in WIDE else "narrow"))}" '
           f'alt="{escape(picture_alt(picture_id), quote=True)}" '
           'style="display:block;box-sizing:border-box;width:100%;height:auto;border:1px solid #d8dde0">')
    if picture_id in WIDE:  # the phone layout on narrow screens, as the charts do
        img = (f'<picture><source media="{NARROW_MEDIA}" srcset="{picture_src(picture_svg(picture_id))}">'
               f"{img}</picture>")
    max_width = MAX_WIDTH["wide" if picture_id in WIDE else "narrow"]
    return (f'<figure class="lesson-picture lesson-picture-{picture_id}" id="picture-{picture_id}" '
            f'style="margin:1em 0;max-width:{max_width}">'
            f'<p class="lesson-picture-title" style="font-weight:bold;margin:0 0 0.4em">'
            f"{escape(info.title)}</p>{img}"
            f'<figcaption style="margin-top:0.4em">{caption}</figcaption></figure>')


def summary(picture_id: str) -> str:
    """Deterministic text/plain for nbval."""
    info = spec(picture_id)
    labels = "; ".join(p.name for p in sorted(info.parts, key=lambda p: p.number))
    return (f"picture: {picture_id}\ntitle: {info.title}\nalt: {picture_alt(picture_id)}\n"
            f"caption: {' '.join(info.caption.split())}\nlabels: {labels}\n"
            f"sources: {', '.join(info.sources)}")


def picture(picture_id: str) -> ShownHTML:
    """One explanatory picture for the chapter page."""
    return ShownHTML(picture_html(picture_id), summary(picture_id))
