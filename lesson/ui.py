"""The notebook-facing API: one call per code cell.

Each function imports its builder lazily, so a notebook pays only for what it shows and
a broken part of the lesson cannot stop the others from importing. Builders return
``Shown``/``ShownHTML`` objects; nothing here calls ``display()``.

Every function is a *part* of the page: if its builder fails (a content file that no longer
loads, a bug), the part shows a short friendly sentence instead, the full error goes to the
server log, and the rest of the page still works. Voila's "There was an error when executing
cell" banner, which would stop the page there, is never reached.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
UNAVAILABLE = ("Sorry, {what} could not be shown just now. The rest of this page still works. "
               "If this keeps happening, please tell whoever shared the lesson with you.")


def unavailable(what: str, summary: str) -> Any:
    """The friendly stand-in for a part that could not be built (static HTML, no kernel needed)."""
    from lesson.display import ShownHTML

    message = html.escape(UNAVAILABLE.format(what=what))
    return ShownHTML(f'<div class="lesson-error lesson-unavailable" role="note"><p>{message}</p></div>',
                     f"{summary}: could not be shown")


def _part(what: str) -> Callable[[F], F]:
    """Build the part, or log why not and return ``unavailable(what)``."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any) -> Any:
            call = f"ui.{fn.__name__}({', '.join(repr(a) for a in args)})"
            try:
                return fn(*args)
            except Exception:
                from lesson.errors import _log

                _log.exception("%s failed; showing a friendly message instead", call)
                return unavailable(what, call)

        return wrapper  # type: ignore[return-value]

    return decorate


@_part("the top of this page")
def header(chapter_id: str) -> Any:
    """Help line, learner bar, navigation, last-reviewed date and how to report an error."""
    from lesson.app.chrome import header as build

    return build(chapter_id)


@_part("the links to the other pages")
def footer(chapter_id: str) -> Any:
    """Previous / Contents / Next links."""
    from lesson.app.chrome import footer as build

    return build(chapter_id)


@_part("the list of chapters")
def landing() -> Any:
    """The landing page's chapter cards with the learner's progress."""
    from lesson.app.landing import landing as build

    return build()


@_part("your progress")
def progress_overview() -> Any:
    """The learner's progress across chapters (start page)."""
    from lesson.app.landing import progress_overview as build

    return build()


@_part("the learning objectives")
def objectives(chapter_id: str) -> Any:
    """The chapter's learning objectives."""
    from lesson.pages.objectives import objectives as build

    return build(chapter_id)


@_part("the evidence table")
def evidence(chapter_id: str) -> Any:
    """"What the evidence says": the chapter's entries from the evidence register."""
    from lesson.pages.evidence import evidence_panel as build

    return build(chapter_id)


@_part("the reference list")
def references(chapter_id: str) -> Any:
    """The reference list generated from the citation keys the chapter uses."""
    from lesson.pages.references import reference_list as build

    return build(chapter_id)


@_part("the glossary")
def glossary() -> Any:
    """The glossary page."""
    from lesson.pages.glossary import glossary_page as build

    return build()


@_part("your report")
def final_report() -> Any:
    """Scores per chapter and objective, a chart of them, and what to review next."""
    from lesson.pages.final import final_report as build

    return build()


@_part("this quiz")
def quiz(chapter_id: str) -> Any:
    """The chapter's quiz, under a one-line "Test yourself (optional): N questions, about M
    minutes" (``lesson.pages.quiz_intro``)."""
    from lesson.pages.quiz_intro import with_intro
    from lesson.quiz.widgets import quiz as build

    return with_intro(chapter_id, build(chapter_id))


@_part("this chart")
def chart(chart_id: str) -> Any:
    """A sourced chart with alt text, caption and, where useful, controls."""
    from lesson.charts.chart_view import chart as build

    return build(chart_id)


@_part("this diagram")
def diagram(diagram_id: str) -> Any:
    """A labelled anatomy diagram, or an explanatory picture (saddle area, leg-symptom chart, bulging
    disc), drawn by the project."""
    from lesson.charts.diagram import diagram as build

    return build(diagram_id)


@_part("this self-check")
def redflag_check() -> Any:
    """The red-flag self-check (a learning exercise, not a symptom checker)."""
    from lesson.redflags.widget import redflag_check as build

    return build()


@_part("the care cards")
def care_cards(chapter_id: str) -> Any:
    """The three levels of help (now / today / book) as NHS-style care cards."""
    from lesson.pages.care_cards import care_cards as build

    return build(chapter_id)


@_part("your back plan")
def back_plan(chapter_id: str) -> Any:
    """"My back plan": tick, write, print on one page or save as a file."""
    from lesson.pages.back_plan import back_plan as build

    return build(chapter_id)


@_part("the starter movements")
def movements(chapter_id: str) -> Any:
    """Line drawings and steps for a few starter movements."""
    from lesson.pages.movements import movements as build

    return build(chapter_id)


@_part("the top of this page")
def review_header() -> Any:
    """The review page's header (it is not a chapter)."""
    from lesson.app.review_page import header as build

    return build()


@_part("your review questions")
def review() -> Any:
    """The questions due for review today, answered like any quiz (spaced by FSRS)."""
    from lesson.app.review_page import review_page as build

    return build()


@_part("the links to the other pages")
def review_footer() -> Any:
    """The review page's footer."""
    from lesson.app.review_page import footer as build

    return build()


@_part("the class results")
def teacher_page() -> Any:
    """The teacher page (class results, item analysis), or a friendly refusal without the key."""
    from lesson.app.teacher_page import teacher_page as build

    return build()
