"""``back_plan() -> Shown``: "My back plan", a one-page plan the learner makes, prints or saves.

The learner ticks what they will do and writes what else they are trying; the plan below updates
as they go and always ends with when to get help (the care cards: signs and advice from
redflags.yaml, the emergency line from help.yaml). "Print my plan" prints the plan alone on one
page (``@media print`` in lesson/style/action.css hides the rest of the page); two links save it as
a self-contained web page or a plain-text file through ``data:`` URIs built here, so nothing is
sent anywhere. Nothing the learner ticks or writes is stored. Every word comes from
lesson/content/back-plan.yaml or redflags.yaml.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from dataclasses import dataclass
from html import escape

import ipywidgets as widgets

from lesson import pooled_widgets as pooled
from lesson.content_model import load
from lesson.content_model.models import BackPlanFile, PlanActivity
from lesson.display import Shown
from lesson.errors import guarded
from lesson.pages.action import (
    Card,
    card_text,
    cards_html,
    css_text,
    named_sources_line,
    plain_sources,
    sources_line,
    style_tag,
)
from lesson.pages.care_cards import tier_cards

SHEET_ID = "lesson-plan-title"
PRINT_JS = ("document.body.classList.add('lesson-print-plan');"
            "window.addEventListener('afterprint',function(){document.body.classList.remove('lesson-print-plan')},"
            "{once:true});window.print();")
"""The print button: mark <body> so the print CSS shows only the plan, print, then unmark."""
PRINT_BUDGET = 210
"""How much of the learner's own text (activity words, plus half the note's characters) still prints
on one page at the normal print size; a fuller plan prints a size smaller (``lesson-plan-dense``).
Measured in Chromium on A4 and US Letter (tests/browser/test_care_cards_phone.py prints both);
re-measure when redflags.yaml grows (the plan prints every care card)."""
FILE_STYLE = ("body{margin:1.5rem auto;max-width:46rem;padding:0 1rem;background:#ffffff;color:#212b32;"
              "font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;line-height:1.5}"
              "@media print{body{margin:0;max-width:none;padding:0}}")


def clean_note(text: str, max_chars: int) -> tuple[str, bool]:
    """The learner's note as plain text: control characters dropped, spaces tidied, at most
    ``max_chars`` characters. Returns (text, whether it was cut). Escaping is the caller's job."""
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(ch if ch == "\n" else " " if ch == "\t" else ch
                   for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if len(text) <= max_chars:
        return text, False
    return text[:max_chars].rstrip(), True


@dataclass(frozen=True)
class Plan:
    """What the learner chose: the activities (in file order) and their own note."""

    activities: tuple[PlanActivity, ...]
    note: str
    cut: bool


def help_cards() -> list[Card]:
    """The care cards as the plan shows them: all signs, sources listed once at the end."""
    return [Card(c.tier, c.heading, c.advice, c.lead, c.items, c.notes_lead, c.notes, ())
            for c in tier_cards()]


def plan_sources(content: BackPlanFile, plan: Plan) -> list[str]:
    keys = [*content.intro.sources, *(k for a in plan.activities for k in a.sources),
            *content.help_intro.sources, *(k for c in tier_cards() for k in c.sources),
            *content.footer.sources]
    return list(dict.fromkeys(keys))


def dense(plan: Plan) -> bool:
    """Whether the plan prints a size smaller to stay on one page."""
    words = sum(len(a.label) + len(" ".join(a.detail.split())) for a in plan.activities)
    return words + len(plan.note) // 2 > PRINT_BUDGET


def sheet_html(content: BackPlanFile, plan: Plan, in_file: bool = False) -> str:
    """The plan itself: what I will do, what else I am trying, when to get help."""
    own = content.own
    if plan.activities:
        chosen = "".join(f'<li><span class="lesson-plan-box" aria-hidden="true">\u2713</span>'
                         f"<strong>{escape(a.label)}.</strong> {escape(' '.join(a.detail.split()))}</li>"
                         for a in plan.activities)
        doing = f'<ul class="lesson-plan-chosen">{chosen}</ul>'
    else:
        doing = f"<p>{escape(content.nothing_ticked)}</p>"
    note = (f'<p class="lesson-plan-own">{escape(plan.note)}</p>' if plan.note
            else f"<p>{escape(own.empty)}</p>")
    if plan.cut:
        note += f'<p class="lesson-plan-cut">{escape(own.cut)}</p>'
    css = " ".join(["lesson-plan-sheet", *(["lesson-plan-file"] if in_file else []),
                    *(["lesson-plan-dense"] if dense(plan) else [])])
    return (f'<div class="{css}" role="region" aria-labelledby="{SHEET_ID}">'
            f'<h3 class="lesson-plan-title" id="{SHEET_ID}">{escape(content.title)}</h3>'
            f'<h4 class="lesson-plan-section">{escape(content.activities_heading)}</h4>{doing}'
            f'<h4 class="lesson-plan-section">{escape(own.label)}</h4>{note}'
            f'<h4 class="lesson-plan-section">{escape(content.help_heading)}</h4>'
            f"<p>{escape(' '.join(content.help_intro.text.split()))}</p>"
            f"{cards_html(help_cards(), level=5)}"
            f'<p class="lesson-plan-footer">{escape(" ".join(content.footer.text.split()))}</p>'
            f"{named_sources_line(plan_sources(content, plan))}</div>")


def file_html(content: BackPlanFile, plan: Plan) -> str:
    """The plan as a self-contained web page: its own CSS, no scripts, no outside requests."""
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(content.title)}</title><style>{FILE_STYLE}{css_text()}</style></head>"
            f"<body><main>{sheet_html(content, plan, in_file=True)}</main></body></html>\n")


def file_text(content: BackPlanFile, plan: Plan) -> str:
    """The plan as plain text (any phone or computer can open it)."""
    own = content.own
    lines = [content.title.upper(), "", content.activities_heading.upper()]
    lines += ([f"[x] {a.label}. {' '.join(a.detail.split())}" for a in plan.activities]
              or [content.nothing_ticked])
    lines += ["", own.label.upper(), plan.note or own.empty]
    if plan.cut:
        lines.append(own.cut)
    lines += ["", content.help_heading.upper(), " ".join(content.help_intro.text.split())]
    for card in help_cards():
        lines += ["", card_text(card)]
    lines += ["", " ".join(content.footer.text.split()), "", "Sources:"]
    lines += [f"- {s}" for s in plain_sources(plan_sources(content, plan))]
    return "\n".join(lines) + "\n"


def data_uri(text: str, mime: str) -> str:
    return f"data:{mime};charset=utf-8;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")


def actions_html(content: BackPlanFile, plan: Plan) -> str:
    """Print, and save as a web page or a text file (links with ``download``, built here)."""
    acts = content.actions
    stem = acts.file_stem
    return (f'<div class="lesson-plan-actions">'
            f'<button type="button" class="lesson-plan-print" onclick="{escape(PRINT_JS, quote=True)}">'
            f"{escape(acts.print_plan)}</button>"
            f'<a class="lesson-plan-save-html" download="{escape(stem)}.html" '
            f'href="{data_uri(file_html(content, plan), "text/html")}">{escape(acts.save_html)}</a>'
            f'<a class="lesson-plan-save-text" download="{escape(stem)}.txt" '
            f'href="{data_uri(file_text(content, plan), "text/plain")}">{escape(acts.save_text)}</a></div>')


class BackPlanView:
    """The ticks, the note box, and the plan with its print and save controls."""

    def __init__(self, content: BackPlanFile | None = None, chapter_id: str | None = None) -> None:
        self.content = content or load.back_plan()
        c = self.content
        self.boxes = {a.id: pooled.Checkbox(value=False, indent=False,
                                            description=f"{a.label}: {' '.join(a.detail.split())}",
                                            layout=pooled.fit_layout("auto"))
                      for a in c.activities}
        self.note = widgets.Textarea(value="", placeholder=c.own.placeholder, rows=3, continuous_update=False,
                                     description=f"{c.own.label} (up to {c.own.max_chars} characters)",
                                     style={"description_width": "initial"},
                                     layout=pooled.fit_layout())
        self.update = pooled.Button(description=c.actions.update)
        self.output = pooled.HTML(value="", layout=pooled.fit_layout())
        self.output.add_class("lesson-plan-output")
        self.update.on_click(self._refresh)
        for box in self.boxes.values():
            box.observe(self._refresh, names="value")
        self.note.observe(self._refresh, names="value")
        # In a chapter, the chapter's own "My back plan" heading introduces the plan: no second heading.
        heading = "" if chapter_id else f"<h3>{escape(c.heading)}</h3>"
        intro = pooled.HTML(value=f"{style_tag()}{heading}"
                                   f"<p>{escape(' '.join(c.intro.text.split()))}</p>"
                                   f"{sources_line(c.intro.sources, chapter_id=chapter_id)}"
                                   f"<p><strong>{escape(c.activities_heading)}:</strong></p>")
        self.widget = pooled.VBox([intro, *self.boxes.values(), self.note, self.update,
                                   self.output], layout=pooled.fit_layout())
        self.widget.add_class("lesson-plan")
        self.render()

    def plan(self) -> Plan:
        chosen = tuple(a for a in self.content.activities if self.boxes[a.id].value)
        note, cut = clean_note(self.note.value, self.content.own.max_chars)
        return Plan(chosen, note, cut)

    def render(self) -> None:
        plan = self.plan()
        self.output.value = actions_html(self.content, plan) + sheet_html(self.content, plan)

    def _show_error(self, message: str) -> None:
        self.output.value = f'<div class="lesson-error" role="alert">{escape(message)}</div>'

    def _refresh(self, _: object = None) -> None:
        guarded(self._show_error)(self.render)()

    def summary(self) -> str:
        c = self.content
        counts = ", ".join(f"{card.tier} ({len(card.items)} signs)" for card in tier_cards())
        return (f"{c.title}: tick {', '.join(a.id for a in c.activities)}; note up to {c.own.max_chars} "
                f"characters; when to get help: {counts}; saves {c.actions.file_stem}.html and "
                f"{c.actions.file_stem}.txt")


def back_plan(chapter_id: str | None = None) -> Shown:
    """Build "My back plan"; ``chapter_id`` numbers the intro's sources as that chapter's citations
    (the plan itself lists its sources by name, as it is printed and saved on its own)."""
    view = BackPlanView(chapter_id=chapter_id)
    return Shown(view.widget, view.summary())
