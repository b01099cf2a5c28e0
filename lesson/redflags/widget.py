"""The red-flag self-check widget (class ``lesson-redflag``).

Checkboxes with visible labels, a "See the advice" button and an advice area that is
present (empty) from the start inside an aria-live wrapper, so screen readers announce
each new answer. Callbacks only change widget values; nothing is stored anywhere.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from lesson.charts.sources import short_citation
from lesson.display import Shown
from lesson.errors import guarded
from lesson.redflags.triage import TIER_ORDER, Advice, load_redflags, triage

TIER_LABELS = {
    "emergency": "Emergency: act now",
    "urgent": "Urgent: get help today",
    "routine": "Book an appointment",
}
INTRO = (
    "<p><strong>This is a learning exercise, not a symptom checker.</strong> Imagine someone with back "
    "pain. Tick the signs they have, then press <em>See the advice</em> to learn what kind of help each "
    "sign needs. Nothing you tick is saved.</p>"
    "<p><strong>If you have back pain with any emergency sign right now, do not use this page: call 999 "
    "(UK), 911 (US) or your local emergency number.</strong></p>"
)
EMPTY = '<div role="status" aria-live="polite" class="lesson-redflag-advice"></div>'


def advice_html(advice: Advice) -> str:
    """The advice as HTML: most urgent tier first, each tier with the signs ticked for it."""
    flags = load_redflags()
    parts = ['<div role="status" aria-live="polite" class="lesson-redflag-advice">']
    if advice.level == "none":
        parts.append(f'<p class="lesson-redflag-none">{html.escape(advice.headline)}</p>')
    else:
        parts.append(f'<p class="lesson-redflag-headline lesson-redflag-{advice.level}"><strong>'
                     f"{html.escape(TIER_LABELS[advice.level])}. {html.escape(advice.headline)}</strong></p>")
        for tier in TIER_ORDER:
            signs = [item.sign for item in advice.items if item.tier == tier]
            if not signs:
                continue
            listed = "".join(f"<li>{html.escape(s.text)}</li>" for s in signs)
            parts.append(f'<div class="lesson-redflag-tier lesson-redflag-{tier}">'
                         f"<p><strong>{html.escape(TIER_LABELS[tier])}</strong> for:</p><ul>{listed}</ul>"
                         f"<p>{html.escape(flags.tiers[tier].advice)}</p></div>")
    for note in advice.notes:
        parts.append(f'<p class="lesson-redflag-note">{html.escape(note)}</p>')
    names = "; ".join(html.escape(short_citation(s)) for s in advice.sources)
    keys = ", ".join(advice.sources)
    parts.append(f'<p class="lesson-redflag-sources">Sources: {names} [{html.escape(keys)}]</p></div>')
    return "".join(parts)


def summary() -> str:
    """Deterministic text/plain: what the exercise is and the signs it lists, with their tiers."""
    flags = load_redflags()
    lines = ["red-flag self-check (a learning exercise, not a symptom checker; nothing is stored)",
             "emergency numbers: 999 (UK), 911 (US), your local emergency number elsewhere", "signs:"]
    lines += [f"- {s.id} [{s.tier}] {s.text}" for s in flags.signs]
    return "\n".join(lines)


def redflag_check() -> Shown:
    """Build the self-check: tick signs, press the button, read the advice."""
    flags = load_redflags()
    boxes = {s.id: widgets.Checkbox(value=False, description=s.text, indent=False,
                                    layout=widgets.Layout(width="auto"))
             for s in flags.signs}
    button = widgets.Button(description="See the advice", button_style="primary", icon="")
    clear = widgets.Button(description="Untick all")
    output = widgets.HTML(value=EMPTY)
    output.add_class("lesson-redflag-output")

    def show_error(message: str) -> None:
        output.value = (f'<div role="status" aria-live="polite" class="lesson-error">{html.escape(message)} '
                        "If you have an emergency sign, call 999 (UK), 911 (US) or your local emergency "
                        "number now.</div>")

    @guarded(show_error)
    def on_advice(_: widgets.Button) -> None:
        output.value = advice_html(triage(k for k, box in boxes.items() if box.value))

    @guarded(show_error)
    def on_clear(_: widgets.Button) -> None:
        for box in boxes.values():
            box.value = False
        output.value = EMPTY

    button.on_click(on_advice)
    clear.on_click(on_clear)
    legend = widgets.HTML(value="<p><strong>Signs to tick:</strong></p>")
    box = widgets.VBox([widgets.HTML(value=INTRO), legend, *boxes.values(),
                        widgets.HBox([button, clear]), output])
    box.add_class("lesson-redflag")
    return Shown(box, summary())
