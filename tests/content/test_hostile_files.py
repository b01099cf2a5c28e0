"""Hostile or damaged content files: refused in a moment, reported once, at the right line.

Issue 12: a 381-byte, 7-level YAML alias bomb in glossary.yaml took the checker 154 s and
489 MB; a non-UTF-8 byte was reported at line 1 (it was at line 29) under 1,262 lines of
cascade; a bad row in data/recovery.csv passed ``lesson check`` and stopped the chapter.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lesson.content_model import chart_data as data
from lesson.content_model import yamlio
from lesson.content_model.fastyaml import read_plain
from lesson.content_model.problems import ContentError
from lesson.paths import CONTENT_DIR, REPO_ROOT

LEVELS = ["a", "b", "c", "d", "e", "f", "g"]
BOMB = "\n".join(
    [f'{LEVELS[0]}: &{LEVELS[0]} ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{lv}: &{lv} [{','.join([f'*{LEVELS[i]}'] * 9)}]" for i, lv in enumerate(LEVELS[1:])]
) + "\n"
"""Seven levels of nine: 9**7 = 4.8 million strings from a few hundred bytes."""


def _problem(exc: pytest.ExceptionInfo[ContentError]) -> tuple[int, str]:
    (problem,) = exc.value.problems
    return problem.line, problem.message


def _cli_check(content: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run([sys.executable, "-m", "lesson", "check", str(content)], capture_output=True,
                          text=True, env=env, timeout=120, check=False)


def test_alias_bomb_is_refused_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_text("terms: []\n" + BOMB)
    assert len(BOMB.encode()) < 400
    started = time.process_time()
    for load in (yamlio.load_yaml, yamlio.load_plain, read_plain):  # the checker and a kernel alike
        with pytest.raises(ContentError) as info:
            load(path)
        line, message = _problem(info)
        assert line == 2 and message == yamlio.NO_ALIASES
    assert time.process_time() - started < 2.0  # generous: the refusal reads one line


def test_checker_answers_the_bomb_with_one_line(content_set) -> None:
    root = content_set("yaml-alias-bomb")
    result = _cli_check(root / "content")
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    about_it = [ln for ln in result.stdout.splitlines() if "glossary" in ln or "alias" in ln]
    assert about_it == [f"{root / 'content' / 'glossary.yaml'}:9: {yamlio.NO_ALIASES}"]


@pytest.mark.parametrize(("text", "line", "message"), [
    ("base: &b {x: 1}\nother:\n  <<: *b\n", 1, yamlio.NO_ALIASES),
    ("a: 1\nb: !!str &x hello\n", 2, yamlio.NO_ALIASES),
    ("a:\n  b: " + "[" * 60 + "]" * 60 + "\n", 2, yamlio.TOO_DEEP),
    ("items: [" + ",".join(["1"] * (yamlio.MAX_NODES + 5)) + "]\n", 1,
     f"more than {yamlio.MAX_NODES:,} values in one file"),
])
def test_other_refusals_name_their_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(text)
    with pytest.raises(ContentError) as info:
        yamlio.load_yaml(path)
    assert _problem(info) == (line, message)


def test_oversized_file_is_refused_without_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("notes: " + "x" * (yamlio.MAX_BYTES + 1) + "\n")
    with pytest.raises(ContentError) as info:
        yamlio.load_yaml(path)
    line, message = _problem(info)
    assert line == 1 and message.startswith("file is too big")


def test_non_utf8_byte_is_reported_once_at_its_line(tmp_path: Path) -> None:
    lines = [f"line{i}: text {i}" for i in range(1, 41)]
    raw = "\n".join(lines).encode()
    raw = raw.replace(b"line29: text", b"line29: t\xe9xt")  # Latin-1, as some editors save
    path = tmp_path / "glossary.yaml"
    path.write_bytes(raw)
    with pytest.raises(ContentError) as info:
        yamlio.load_yaml(path)
    expected = "could not read: byte 0xe9 at column 10 is not UTF-8 text; save the file as UTF-8"
    assert _problem(info) == (29, expected)


def test_non_utf8_references_file_gives_one_line_not_a_cascade(tmp_path: Path) -> None:
    """Unreadable references.yaml once made every citation key in every file "unknown"."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    shutil.copytree(REPO_ROOT / "notebooks", tmp_path / "notebooks")
    path = content / "references.yaml"
    raw = path.read_bytes().split(b"\n")
    raw[28] = raw[28] + b" \xff"
    path.write_bytes(b"\n".join(raw))
    result = _cli_check(content)
    mine = [ln for ln in result.stdout.splitlines() if "references.yaml" in ln]
    assert result.returncode == 1
    assert mine == [f"{path}:29: could not read: byte 0xff at column {len(raw[28])} is not UTF-8 text; "
                    "save the file as UTF-8"]
    assert "unknown reference id" not in result.stdout


# -- chart data ----------------------------------------------------------------------------------


def test_every_chart_has_a_table_and_its_csv_fits_it() -> None:
    assert set(data.TABLES) == set(data.CHART_IDS)
    for chart_id in data.CHART_IDS:
        assert data.csv_problems(CONTENT_DIR / "data" / f"{chart_id}.csv", chart_id) == []


def _broken_recovery(tmp_path: Path, row: str = "acute,six,23,,25,99") -> Path:
    """A copy of the lesson's content with the issue's row in data/recovery.csv (line 3)."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    csv_path = content / "data" / "recovery.csv"
    text = csv_path.read_text()
    assert "acute,6,23,21,25\n" in text
    csv_path.write_text(text.replace("acute,6,23,21,25\n", row + "\n"))
    return content


def test_bad_chart_row_fails_the_check_at_its_line(tmp_path: Path) -> None:
    content = _broken_recovery(tmp_path)
    shutil.copytree(REPO_ROOT / "notebooks", tmp_path / "notebooks")
    result = _cli_check(content)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert f"{content / 'data' / 'recovery.csv'}:3: 6 values, but the header names 5 columns" in result.stdout


@pytest.mark.parametrize(("row", "message"), [
    ("acute,six,23,21,25", "week: 'six' is not a whole number"),
    ("acute,6,,21,25", "column 'mean' is empty"),
    ("acute,6,230,21,25", "mean: 230 is above 100"),
    ("acute,6,23,24,25", "mean 23 is not between lower 24 and upper 25"),
    ("chronic,6,23,21,25", "cohort: 'chronic' is not one of acute, persistent"),
    ("acute,6,nan,21,25", "mean: 'nan' is not a number"),
])
def test_each_rule_of_a_chart_table(tmp_path: Path, row: str, message: str) -> None:
    content = _broken_recovery(tmp_path, row)
    problems = data.csv_problems(content / "data" / "recovery.csv")
    assert [(p.line, p.message) for p in problems] == [(3, message)]


def test_csv_shape_problems(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_bytes(b'name,note\n"a","two\nlines"\nb\nc,\xff\n')
    assert [(p.line, p.message) for p in data.csv_problems(path)] == [
        (5, "could not read: byte 0xff at column 3 is not UTF-8 text; save the file as UTF-8")]
    path.write_bytes(b'name,note\n"a","two\nlines"\nb\n,,\n')
    assert [(p.line, p.message) for p in data.csv_problems(path)] == [
        (4, "1 values, but the header names 2 columns")]


def test_a_kernel_refuses_the_bad_csv_and_the_page_shows_a_friendly_part(tmp_path, monkeypatch) -> None:
    from lesson import ui
    from lesson.charts import chart_view as display

    content = _broken_recovery(tmp_path)
    monkeypatch.setenv("LESSON_CONTENT_DIR", str(content))
    data.load.cache_clear()
    display.chart_svg.cache_clear()
    try:
        with pytest.raises(ContentError, match="recovery.csv:3: 6 values"):
            data.load("recovery")
        shown = ui.chart("recovery")
        assert repr(shown) == "ui.chart('recovery'): could not be shown"
        assert "Sorry, this chart could not be shown" in shown._repr_mimebundle_()["text/html"]
        assert repr(ui.chart("treatment-effects")).startswith("chart: treatment-effects")  # the rest works
    finally:
        data.load.cache_clear()
        display.chart_svg.cache_clear()
