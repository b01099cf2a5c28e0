"""One emergency line in the code base: written once, in lesson/content/help.yaml, with sources.

No Python string (code, f-string part or docstring) names an emergency number or A&E; every
Python user of the line reads it from the content. Chart colours such as "#999999" and the
alternatives of a regex word list ("a&e|999|911") are not prose, so they are not counted.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from lesson import paths
from lesson.app import chrome
from lesson.content_model import load
from lesson.redflags import load_redflags

LESSON = Path(paths.__file__).resolve().parent
EMERGENCY = re.compile(r"(?<![\w#|])(?:999|911)(?![\w|])|(?<![\w|])A&(?:amp;)?E(?![\w|])", re.I)
LINE = "call 999 (UK), 911 (US) or your local emergency number"


def string_constants(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_scanner_finds_numbers_in_prose_but_not_colours(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('A = "call 999 now"\nB = f"go to A&E {x}"\nC = "#999999"\nD = "color #999999 x"\n'
                      'E = r"pain|a&e|999|911|gp"\nF = "911"\n')
    found = [text for _, text in string_constants(sample) if EMERGENCY.search(text)]
    assert sorted(found) == ["911", "call 999 now", "go to A&E "]


def test_no_python_string_names_an_emergency_number() -> None:
    found = [
        f"{path.relative_to(LESSON.parent)}:{line}: {text!r}"
        for path in sorted(LESSON.rglob("*.py"))
        for line, text in string_constants(path)
        if EMERGENCY.search(text)
    ]
    assert found == []


def test_the_line_is_in_help_yaml_once_with_sources() -> None:
    helps = load.help_content()
    assert helps.emergency.action == LINE
    assert helps.emergency.sources
    refs = load.references()
    assert all(key in refs for key in helps.emergency.sources)
    content = paths.content_path()
    text = (content / "help.yaml").read_text(encoding="utf-8")
    assert text.count("999") == 1 and text.count("911") == 1
    # the content the Python reads writes {emergency} instead of the numbers
    flags_yaml = (content / "redflags.yaml").read_text(encoding="utf-8")
    assert not EMERGENCY.search(flags_yaml.replace("A&E", "")), "redflags.yaml: use {emergency}"


def test_every_python_user_reads_the_line_from_content() -> None:
    flags = load_redflags()
    assert flags.emergency_line == LINE
    assert f"In an emergency, {LINE}." in chrome.help_text()
    assert LINE in flags.intro.warning
    assert LINE in flags.error.text
    assert LINE in flags.one_leg.text
    assert flags.tiers["emergency"].advice.startswith(LINE[0].upper() + LINE[1:])
    assert LINE in flags.tiers["urgent"].advice
