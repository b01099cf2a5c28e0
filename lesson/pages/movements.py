"""``movements() -> ShownHTML``: simple line drawings and steps for a few starter movements.

Words (names, steps, captions, alt text, sources) come from lesson/content/movements.yaml; the
drawings from ``movement_drawings``. Each drawing is an <img> with a data: URI, so it needs no
request, has real alt text, scales to a phone, and shows in Voila and JupyterLab alike. The
output is the same bytes on every run.
"""

from __future__ import annotations

import base64
from html import escape

from lesson.content_model import load
from lesson.content_model.models import Movement, MovementsFile
from lesson.display import ShownHTML
from lesson.pages.action import sources_line, style_tag
from lesson.pages.movement_drawings import drawings

HEADING_ID = "lesson-moves-heading"


def picture_src(svg_text: str) -> str:
    """A drawing as a data: URI."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg_text.encode("utf-8")).decode("ascii")


def movement_html(move: Movement, chapter_id: str | None = None) -> str:
    """One movement: its name, its drawings with captions, numbered steps, a tip and sources."""
    drawn = drawings(move.id)
    if len(drawn) != len(move.pictures):
        raise ValueError(f"movement {move.id!r}: {len(move.pictures)} pictures in movements.yaml, "
                         f"{len(drawn)} drawings in movement_drawings")
    figures = "".join(
        f'<figure><img src="{picture_src(svg)}" alt="{escape(" ".join(pic.alt.split()), quote=True)}" '
        f'width="240" height="150"><figcaption>{escape(pic.caption)}</figcaption></figure>'
        for svg, pic in zip(drawn, move.pictures, strict=True)
    )
    steps = "".join(f"<li>{escape(' '.join(step.split()))}</li>" for step in move.steps)
    tip = f'<p class="lesson-move-tip"><strong>Tip:</strong> {escape(move.tip)}</p>' if move.tip else ""
    return (f'<li class="lesson-move" id="move-{escape(move.id)}">'
            f"<h4>{escape(move.name)}</h4>"
            f'<div class="lesson-move-pictures">{figures}</div>'
            f'<ol class="lesson-move-steps">{steps}</ol>{tip}'
            f"{sources_line(move.sources, chapter_id=chapter_id)}</li>")


def movements_html(content: MovementsFile, chapter_id: str | None = None) -> str:
    """The whole part: heading, what to do and when to stop, then each movement."""
    intro = " ".join(content.intro.text.split())
    safety = " ".join(content.safety.text.split())
    items = "".join(movement_html(m, chapter_id) for m in content.movements)
    sources = [*content.intro.sources, *content.safety.sources]
    return (f'<section class="lesson-moves" aria-labelledby="{HEADING_ID}">'
            f'<h3 id="{HEADING_ID}">{escape(content.heading)}</h3>'
            f"<p>{escape(intro)}</p>"
            f'<p class="lesson-moves-safety"><strong>{escape(safety)}</strong></p>'
            f"{sources_line(sources, chapter_id=chapter_id)}"
            f'<ol class="lesson-moves-list">{items}</ol></section>')


def summary(content: MovementsFile) -> str:
    """Deterministic text/plain for nbval: each movement, its pictures' alt text and its steps."""
    lines = [f"{content.heading}:"]
    for m in content.movements:
        lines.append(f"- {m.id}: {m.name} ({len(m.pictures)} drawings; sources {', '.join(m.sources)})")
        lines += [f"  picture: {p.caption}: {' '.join(p.alt.split())}" for p in m.pictures]
        lines += [f"  {n}. {' '.join(s.split())}" for n, s in enumerate(m.steps, start=1)]
    return "\n".join(lines)


def movements(chapter_id: str | None = None) -> ShownHTML:
    """The starter movements (static HTML with its CSS inline); ``chapter_id`` numbers their
    sources as that chapter's citations."""
    content = load.movements()
    return ShownHTML(style_tag() + movements_html(content, chapter_id), summary(content))
