"""The line above each quiz: optional, with its size from the bank (PEMAT-P item 2)."""

from __future__ import annotations

import ipywidgets as widgets

from lesson import ui
from lesson.content_model import load
from lesson.pages.quiz_intro import intro_html, intro_words, minutes

HEADING = "Test yourself"  # the notebook's heading above the quiz; the intro must not repeat it


def test_minutes_are_whole_and_grow_with_the_count() -> None:
    assert minutes(1) == 1 and minutes(3) == 2 and minutes(15) == 10 and minutes(24) == 15
    assert all(minutes(n) <= minutes(n + 1) for n in range(1, 40))


def test_words_come_from_the_bank() -> None:
    count = len(load.bank("treatment").questions)
    assert intro_words("treatment") == f"{count} questions, about {minutes(count)} minutes."
    page = intro_html("treatment")
    assert intro_words("treatment") in page
    assert "<h" not in page and HEADING not in page, "neither a second heading nor the heading's words"


def test_ui_quiz_shows_the_intro_above_the_quiz_with_the_same_summary() -> None:
    from lesson.quiz.widgets import quiz

    shown = ui.quiz("seek-help")
    top, inner = shown.widget.children
    assert isinstance(top, widgets.HTML) and intro_words("seek-help") in top.value
    assert "lesson-quiz" in inner._dom_classes
    assert repr(shown) == repr(quiz("seek-help"))


def test_only_content_chapters_call_their_quiz_optional() -> None:
    from lesson.pages.quiz_intro import is_optional

    ids = [c.id for c in load.chapters()]
    assert not is_optional(ids[0]) and not is_optional(ids[-1])  # the practice quiz, the self-assessment
    assert all(is_optional(i) for i in ids[1:-1])
    assert "lesson-quiz" in ui.quiz(ids[-1]).widget._dom_classes  # no intro around the final quiz
