"""Every ``ui.*`` part falls back to a short friendly message; one broken part never stops a page.

Issue 12: a bad chart row stopped the Treatment page at the chart with Voila's "There was an
error when executing cell [4]", and the quiz, references and footer never rendered.
"""

from __future__ import annotations

import importlib
import inspect
import logging

import pytest

from lesson import ui
from lesson.display import ShownHTML

PARTS = [
    ("header", ("treatment",), "lesson.app.chrome", "header"),
    ("footer", ("treatment",), "lesson.app.chrome", "footer"),
    ("landing", (), "lesson.app.landing", "landing"),
    ("progress_overview", (), "lesson.app.landing", "progress_overview"),
    ("objectives", ("treatment",), "lesson.pages.objectives", "objectives"),
    ("evidence", ("treatment",), "lesson.pages.evidence", "evidence_panel"),
    ("references", ("treatment",), "lesson.pages.references", "reference_list"),
    ("glossary", (), "lesson.pages.glossary", "glossary_page"),
    ("final_report", (), "lesson.pages.final", "final_report"),
    ("quiz", ("treatment",), "lesson.quiz.widgets", "quiz"),
    ("chart", ("recovery",), "lesson.charts.chart_view", "chart"),
    ("diagram", ("lumbar-spine",), "lesson.charts.diagram", "diagram"),
    ("redflag_check", (), "lesson.redflags.widget", "redflag_check"),
    ("care_cards", ("seek-help",), "lesson.pages.care_cards", "care_cards"),
    ("back_plan", ("treatment",), "lesson.pages.back_plan", "back_plan"),
    ("movements", ("treatment",), "lesson.pages.movements", "movements"),
]


def test_every_ui_function_is_a_guarded_part() -> None:
    """A new ``ui.*`` builder needs ``@_part("what it shows")`` too, or one failure stops the page."""
    public = [name for name, value in vars(ui).items()
              if inspect.isfunction(value) and value.__module__ == ui.__name__ and not name.startswith("_")]
    unguarded = [name for name in public
                 if name != "unavailable" and not hasattr(getattr(ui, name), "__wrapped__")]
    assert unguarded == [], f"decorate these with @_part(...) in lesson/ui.py: {unguarded}"
    assert {p[0] for p in PARTS} <= set(public)


@pytest.mark.parametrize(("name", "args", "module", "builder"), PARTS, ids=[p[0] for p in PARTS])
def test_a_failing_part_shows_a_friendly_message(monkeypatch, caplog, name, args, module, builder) -> None:
    def broken(*_a: object) -> None:
        raise ValueError("recovery.csv:3: 6 values, but the header names 5 columns")

    monkeypatch.setattr(importlib.import_module(module), builder, broken)
    with caplog.at_level(logging.ERROR, logger="lesson"):
        shown = getattr(ui, name)(*args)
    assert isinstance(shown, ShownHTML)
    html = shown._repr_mimebundle_()["text/html"]
    assert "Sorry," in html and "The rest of this page still works." in html and 'class="lesson-error' in html
    assert "Traceback" not in html and "ValueError" not in html and "recovery.csv" not in html
    assert repr(shown) == f"ui.{name}({', '.join(repr(a) for a in args)}): could not be shown"


def test_a_working_part_is_untouched() -> None:
    assert repr(ui.footer("treatment")).startswith("lesson footer: treatment")


def test_unknown_ids_are_friendly_too() -> None:
    assert "could not be shown" in repr(ui.chart("no-such-chart"))
    assert "could not be shown" in repr(ui.header("no-such-page"))
