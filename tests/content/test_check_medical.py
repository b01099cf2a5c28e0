"""What counts as a medical sentence, and where the rule looks for one."""

from __future__ import annotations

from pathlib import Path

import pytest

from lesson.content_model.check import run_check
from lesson.content_model.check_medical import blocks, is_medical, medical_sentences, python_medical_strings


@pytest.mark.parametrize(
    "text",
    [
        "Most back pain gets better within a few weeks.",
        "Call 999 if you cannot feel when your bladder is full.",
        "Ask a pharmacist before you take ibuprofen.",
        "Never put a heat pad on skin that feels numb.",
    ],
)
def test_health_statements_are_medical(text: str) -> None:
    assert is_medical(text)


@pytest.mark.parametrize(
    "text",
    [
        "Please type a number using digits, like 5 or 2.5.",
        "Press Check to see whether you are right.",
        "Your progress is not being saved.",
        "Write down your recovery code somewhere safe.",
        "Back pain",  # a label, too short to state anything
    ],
)
def test_interface_text_is_not_medical(text: str) -> None:
    assert not is_medical(text)


def test_citations_markup_and_links_do_not_count_as_words() -> None:
    assert medical_sentences("See [sciatica](glossary.ipynb#sciatica). [ng59]") == []


def test_a_list_shares_the_citation_of_the_sentence_that_introduces_it() -> None:
    text = (
        "Call 999 now if you have: [nhs-backpain]\n- numbness around the genitals\n- trouble peeing\n\nNext."
    )
    assert blocks(text) == [
        "Call 999 now if you have: [nhs-backpain]\n- numbness around the genitals\n- trouble peeing",
        "Next.",
    ]


def test_a_list_without_an_introduction_is_one_block() -> None:
    assert blocks("- heat eases pain a little\n- rest in bed does not help") == [
        "- heat eases pain a little\n- rest in bed does not help"
    ]


def test_python_scan_skips_docstrings_logs_and_labels(tmp_path: Path) -> None:
    code = tmp_path / "page.py"
    code.write_text(
        '"""Explains back pain code to developers; never shown."""\n'
        "import logging\n"
        'logging.getLogger("x").warning("The sciatica chart could not be drawn today.")\n'
        'AXIS = "Pain on a 0 to 100 scale"\n'
        'NOTE = ("Sciatica in one leg alone "\n'
        '        "is not an emergency.")\n'
    )
    assert [line for line, _ in python_medical_strings(code)] == [5]


def test_the_lesson_package_holds_no_medical_sentence() -> None:
    """The real code base: every medical word lives in lesson/content/, where citations are checked."""
    problems = [p for p in run_check().problems if p.path.suffix == ".py"]
    assert problems == [], "\n".join(f"{p.path}:{p.line}: {p.message}" for p in problems)
