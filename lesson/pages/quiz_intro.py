"""The line above a chapter's quiz: "15 questions, about 10 minutes. Nothing later ... needs them."

PEMAT-P item 2 (no distracting content): the quiz is set apart from the chapter as something to
do when the learner wants, with its size said up front. The count comes from the chapter's bank
(``content_model.load.bank``, drawn questions included), so it never goes stale; the time is an
estimate from the count. The chapter's own heading ("Test yourself (optional)", as docs/pemat.md
recommends) stays in the notebook; this part repeats neither the heading nor its words.
"""

from __future__ import annotations

import html
import logging
import math
from pathlib import Path
from typing import TYPE_CHECKING

from lesson.content_model import load

if TYPE_CHECKING:
    from lesson.display import Shown

_log = logging.getLogger("lesson")

SECONDS_PER_QUESTION = 40
"""A reading-and-answering pace for the time estimate (a scenario, a choice, the feedback)."""
SKIP = "Nothing later in the chapter needs your answers, so you can do them now, later or not at all."


def minutes(count: int) -> int:
    """About how long ``count`` questions take: whole minutes, at least 1; over 10, to the nearest 5."""
    raw = max(1, math.ceil(count * SECONDS_PER_QUESTION / 60))
    return raw if raw <= 10 else 5 * round(raw / 5)


def intro_words(chapter_id: str, root: Path | str | None = None) -> str:
    """ "15 questions, about 10 minutes." for the chapter's bank."""
    count = len(load.bank(chapter_id, root).questions)
    noun = "question" if count == 1 else "questions"
    return f"{count} {noun}, about {minutes(count)} minutes."


def intro_html(chapter_id: str, root: Path | str | None = None) -> str:
    """The intro as static HTML: the size, then why it can wait (the notebook has the heading)."""
    return (f'<div class="lesson-quiz-intro" role="note">'
            f"<p>{html.escape(intro_words(chapter_id, root))} {html.escape(SKIP)}</p></div>")


def is_optional(chapter_id: str, root: Path | str | None = None) -> bool:
    """True for the content chapters. The first chapter's practice questions teach how the quiz
    works and the last chapter is the self-assessment itself: neither is an optional extra."""
    ids = [c.id for c in load.chapters(root)]
    return chapter_id in ids[1:-1]


def with_intro(chapter_id: str, shown: Shown) -> Shown:
    """The quiz ``shown`` under its intro, in one widget; the summary nbval compares is unchanged.

    Only a content chapter's quiz gets the intro (``is_optional``). If the bank cannot be read,
    the quiz (which shows its own message then) goes without it.
    """
    import ipywidgets as widgets

    from lesson.display import Shown

    try:
        if not is_optional(chapter_id):
            return shown
        intro = intro_html(chapter_id)
    except Exception:
        _log.exception("quiz intro for %r left out", chapter_id)
        return shown
    top = widgets.HTML(intro)
    top.add_class("lesson-quiz-intro-box")
    box = widgets.VBox([top, shown.widget], layout=widgets.Layout(max_width="100%"))
    box.add_class("lesson-quiz-wrap")
    return Shown(box, shown.summary)
