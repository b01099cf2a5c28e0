"""Finding citation keys, and the inventory of what one chapter cites and says."""

from __future__ import annotations

from pathlib import Path

from lesson.content_model.check_notebooks import cell_lines, defines_code, is_prose
from lesson.content_model.citations import keys_in, keys_used_by_chapter, learner_texts


def test_keys_in_text_in_order() -> None:
    assert keys_in("Rest less [ng59]. Heat helps [french2006-cochrane, acp2017; ng59].") == [
        "ng59",
        "french2006-cochrane",
        "acp2017",
        "ng59",
    ]


def test_links_and_non_keys_are_not_citations() -> None:
    assert keys_in("See [sciatica](glossary.ipynb#sciatica) and [the NHS](https://www.nhs.uk).") == []
    assert keys_in("[Capital Letters] and [two words] are not keys") == []


def test_keys_used_by_chapter_in_order_of_first_use(good_set: Path) -> None:
    root, notebooks = good_set / "content", good_set / "notebooks"
    # notebook prose first (ng59), then the quiz, then the claims, then the chart it shows (costa2012)
    assert keys_used_by_chapter("anatomy", root, notebooks) == ["ng59", "costa2012"]
    assert keys_used_by_chapter("seek-help", root, notebooks) == ["nhs-backpain"]
    assert keys_used_by_chapter("start", root, notebooks) == ["ng59"]
    # the final bank's drawn questions bring their own sources
    assert keys_used_by_chapter("final", root, notebooks) == ["nhs-backpain", "ng59"]


def test_learner_texts_cover_every_part_a_learner_reads(good_set: Path) -> None:
    root, notebooks = good_set / "content", good_set / "notebooks"
    texts = learner_texts("anatomy", root, notebooks)
    for expected in [
        "Your [lumbar](glossary.ipynb#lumbar) spine has five bones. [ng59]",  # Markdown cell
        "Name the parts of the lower back.",  # objective
        "How many lumbar bones do most adults have?",  # prompt
        "Seven",  # option text
        "Seven is the neck. [ng59]",  # option feedback
        "Think of a hand.",  # hint
        "Most adults have five. [ng59]",  # explanation
        "Staying active helps more. [ng59]",  # true/false feedback
        "Bed rest is the best cure for a sore back.",  # claim
        "Heat can ease pain for a short time. [ng59]",  # claim explanation
        "Pain drops most in the first weeks. [costa2012]",  # chart caption
    ]:
        assert expected in texts, expected
    seek = learner_texts("seek-help", root, notebooks)
    assert "Weakness in both legs" in seek and "Call 999 now. [nhs-backpain]" in seek
    assert "Call 999 now. [nhs-backpain]" not in texts


def test_prose_detection() -> None:
    assert not is_prose("# A heading\n\n## Another")
    assert not is_prose("<!-- a note -->\n# Heading")
    assert is_prose("# Heading\n\nSome words here.")
    assert is_prose("- a list item")


def test_function_and_class_definitions_are_found() -> None:
    assert defines_code("def f():\n    return 1")
    assert defines_code("class A:\n    pass")
    assert defines_code("%matplotlib inline\ndef f(): pass")  # not valid Python: line fallback
    assert not defines_code('from lesson import ui\nui.quiz("anatomy")')
    assert not defines_code("x = [d for d in range(3)]  # no def here")


def test_cell_lines_point_at_each_cell() -> None:
    text = '{\n "cells": [\n  {\n   "cell_type": "markdown"\n  },\n  {\n   "cell_type": "code"\n  }\n ]\n}'
    assert cell_lines(text) == [4, 7]
