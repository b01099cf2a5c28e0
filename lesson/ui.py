"""The notebook-facing API: one call per code cell.

Each function imports its builder lazily, so a notebook pays only for what it shows and
a broken part of the lesson cannot stop the others from importing. Builders return
``Shown``/``ShownHTML`` objects; nothing here calls ``display()``.
"""

from __future__ import annotations

from typing import Any


def header(chapter_id: str) -> Any:
    """Help line, learner bar, navigation, last-reviewed date and how to report an error."""
    from lesson.app.chrome import header as build

    return build(chapter_id)


def footer(chapter_id: str) -> Any:
    """Previous / Contents / Next links."""
    from lesson.app.chrome import footer as build

    return build(chapter_id)


def landing() -> Any:
    """The landing page's chapter cards with the learner's progress."""
    from lesson.app.landing import landing as build

    return build()


def progress_overview() -> Any:
    """The learner's progress across chapters (start page)."""
    from lesson.app.landing import progress_overview as build

    return build()


def objectives(chapter_id: str) -> Any:
    """The chapter's learning objectives."""
    from lesson.pages.objectives import objectives as build

    return build(chapter_id)


def evidence(chapter_id: str) -> Any:
    """"What the evidence says": the chapter's entries from the evidence register."""
    from lesson.pages.evidence import evidence_panel as build

    return build(chapter_id)


def references(chapter_id: str) -> Any:
    """The reference list generated from the citation keys the chapter uses."""
    from lesson.pages.references import reference_list as build

    return build(chapter_id)


def glossary() -> Any:
    """The glossary page."""
    from lesson.pages.glossary import glossary_page as build

    return build()


def final_report() -> Any:
    """Scores per chapter and objective, a chart of them, and what to review next."""
    from lesson.pages.final import final_report as build

    return build()


def quiz(chapter_id: str) -> Any:
    """The chapter's quiz."""
    from lesson.quiz.widgets import quiz as build

    return build(chapter_id)


def chart(chart_id: str) -> Any:
    """A sourced chart with alt text, caption and, where useful, controls."""
    from lesson.charts.display import chart as build

    return build(chart_id)


def diagram(diagram_id: str) -> Any:
    """A labelled anatomy diagram drawn by the project."""
    from lesson.charts.diagram import diagram as build

    return build(diagram_id)


def redflag_check() -> Any:
    """The red-flag self-check (a learning exercise, not a symptom checker)."""
    from lesson.redflags import redflag_check as build

    return build()
