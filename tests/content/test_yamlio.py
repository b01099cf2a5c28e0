"""YAML loading with line numbers and the mapping from pydantic error paths to lines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lesson.content_model.problems import ContentError, Problem
from lesson.content_model.questions import Bank
from lesson.content_model.yamlio import line_of, load_yaml, strings_with_lines, to_plain, validate

TEXT = """\
quiz: demo
title: Demo
questions:
  - id: q-one
    type: single
    prompt: Pick one.
    objective: demo-obj
    difficulty: easy
    sources: [ref]
    explanation: "Because. [ref]"
    options:
      - text: A
        correct: true
        feedback: "Yes. [ref]"
        colour: blue
      - text: B
        correct: false
        feedback: "No. [ref]"
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "demo.yaml"
    path.write_text(text)
    return path


def test_plain_copy_has_builtin_types(tmp_path: Path) -> None:
    loaded = load_yaml(_write(tmp_path, "a: 2026-01-02\nb: [1, 2.5, yes, true]\nc: |\n  text\n"))
    assert loaded.data == {"a": dt.date(2026, 1, 2), "b": [1, 2.5, "yes", True], "c": "text\n"}
    assert type(loaded.data) is dict and type(loaded.data["b"][1]) is float and type(loaded.data["c"]) is str
    assert to_plain(loaded.tree) == loaded.data


def test_error_in_a_union_member_maps_to_the_offending_key(tmp_path: Path) -> None:
    path = _write(tmp_path, TEXT)
    with pytest.raises(ContentError) as info:
        validate(load_yaml(path), Bank)
    assert [(p.line, p.message) for p in info.value.problems] == [(15, "unknown field 'colour'")]


def test_missing_key_falls_back_to_its_parent(tmp_path: Path) -> None:
    loaded = load_yaml(_write(tmp_path, TEXT))
    assert line_of(loaded.tree, ("questions", 0, "single", "hints")) == 4
    assert line_of(loaded.tree, ("questions", 0, "options", 1, "feedback")) == 18
    assert line_of(loaded.tree, ("nowhere",)) == 1


def test_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "a: 1\nb: [1, 2\nc: 3\n")
    with pytest.raises(ContentError) as info:
        load_yaml(path)
    (problem,) = info.value.problems
    assert problem.line >= 2 and problem.message.startswith("YAML syntax error")


def test_duplicate_keys_are_syntax_errors(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="YAML syntax error"):
        load_yaml(_write(tmp_path, "a: 1\na: 2\n"))


def test_strings_with_lines_finds_nested_text(tmp_path: Path) -> None:
    loaded = load_yaml(_write(tmp_path, TEXT))
    found = dict((text, line) for line, text in strings_with_lines(loaded.tree))
    assert found["No. [ref]"] == 18 and found["Pick one."] == 6


def test_problem_prints_repo_relative_path() -> None:
    from lesson.paths import CONTENT_DIR

    assert str(Problem(CONTENT_DIR / "claims.yaml", 7, "bad")) == "lesson/content/claims.yaml:7: bad"
