"""Pages read content with libyaml (YAML 1.1); the checker with ruamel (YAML 1.2, with lines).
They must read every file the same, and the checker says where they would not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lesson.content_model import fastyaml, yamlio
from lesson.content_model.check import check
from lesson.content_model.limits import MAX_DEPTH, MAX_NODES
from lesson.content_model.problems import ContentError
from lesson.paths import CONTENT_DIR


@pytest.mark.parametrize("path", sorted(CONTENT_DIR.rglob("*.yaml")), ids=lambda p: p.name)
def test_every_content_file_reads_the_same_in_both(path: Path) -> None:
    assert fastyaml.read_plain(path) == yamlio.load_yaml(path).data


def test_differences_name_the_place() -> None:
    ruamel = {"a": [1, "yes", {"b": "010"}], "c": "x"}
    libyaml = {"a": [1, True, {"b": 8}], "c": "x"}
    assert list(fastyaml.differences(ruamel, libyaml)) == [("a", 1), ("a", 2, "b")]
    assert list(fastyaml.differences({"a": 1}, {"b": 1})) == [()]
    assert list(fastyaml.differences(ruamel, ruamel)) == []


def test_the_checker_reports_a_value_the_app_would_read_differently(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    glossary = content / "glossary.yaml"
    lines = glossary.read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("term:"))
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    lines[at] = f"{indent}term: on"  # YAML 1.2: the word "on"; YAML 1.1: true
    glossary.write_text("\n".join(lines) + "\n")
    problems = [p for p in check(content) if "reads differently in the app" in p.message]
    assert [(p.path.name, p.line) for p in problems] == [("glossary.yaml", at + 1)]


@pytest.mark.parametrize("text, message", [
    ("a: &x [1]\nb: *x\n", "anchors and aliases"),
    ("a: [1, 2\n", "YAML syntax error"),
])
def test_a_refused_file_is_explained_by_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ContentError) as err:
        fastyaml.read_plain(path)
    assert message in err.value.problems[0].message and err.value.problems[0].path == path


def test_too_deep_or_too_many_values_are_refused_before_building(tmp_path: Path) -> None:
    deep = tmp_path / "deep.yaml"
    deep.write_text("a: " + "[" * 60 + "]" * 60 + "\n")
    assert fastyaml._load(deep.read_text()) is fastyaml._REFUSED
    with pytest.raises(ContentError):
        fastyaml.read_plain(deep)


@pytest.mark.parametrize("text", [
    "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n",  # nested as deep as allowed
    "a: [" + ", ".join(["1"] * (MAX_NODES - 3)) + "]\n",  # as many values as allowed (with the map and key)
    "a: 'B & C' # &x\nb: '*x'\n",  # '&' and '*' that are no anchor or alias
])
def test_at_the_limits_a_file_is_read(text: str) -> None:
    assert fastyaml._load(text) is not fastyaml._REFUSED


@pytest.mark.parametrize("text", [
    "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n",
    "a: [" + ", ".join(["1"] * (MAX_NODES - 2)) + "]\n",
    "a: &x [1]\n",  # an anchor, even unused
    "a: !!str &x 1\n",  # an anchor behind a tag
    "a: [&x 1, 2]\n",
    "a: &x 1\nb: *x\n",  # an alias of a scalar
    "a: &x {k: v}\nb: [*x]\n",
])
def test_anchors_aliases_and_limits_are_refused_before_building(text: str) -> None:
    assert fastyaml._load(text) is fastyaml._REFUSED


def test_an_empty_file_reads_as_nothing(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("# nothing yet\n")
    assert fastyaml.read_plain(path) is None
