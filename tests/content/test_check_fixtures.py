"""Each kind of content mistake, on its own broken fixture, is reported at its exact line."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from lesson.content_model.check import check, run_check

BROKEN = Path(__file__).parent / "fixtures" / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


def expectations(case: str) -> list[tuple[str, int, str]]:
    """(relative path, line, message fragment) lines from the case's expect.txt."""
    out = []
    for line in (BROKEN / case / "expect.txt").read_text().splitlines():
        rel, number, fragment = line.split(":", 2)
        out.append((rel, int(number), fragment.strip()))
    return out


def test_every_case_has_an_expectation() -> None:
    assert len(CASES) >= 30
    for case in CASES:
        assert expectations(case), case


def test_clean_fixture_has_no_problems(good_set: Path) -> None:
    report = run_check(good_set / "content")
    assert report.problems == []
    assert report.counts["chapters"] == 4
    assert report.counts["questions"] == 11
    assert report.summary().startswith("lesson check: 4 chapters, 4 banks, 11 questions, 3 references")


@pytest.mark.parametrize("case", CASES)
def test_broken_case_reports_exactly_its_problem(case: str, content_set: Callable[..., Path]) -> None:
    root = content_set(case)
    problems = check(root / "content")
    found = [(p.path.resolve().relative_to(root.resolve()).as_posix(), p.line, p.message) for p in problems]
    expected = expectations(case)
    for rel, line, fragment in expected:
        assert any(f == (rel, line, f[2]) and fragment in f[2] for f in found), (
            f"{case}: expected {rel}:{line}: ...{fragment}... in {found}"
        )
    assert len(found) == len(expected), f"{case}: unexpected extra problems {found}"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.run(
        [sys.executable, "-m", "lesson", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_cli_exits_0_with_summary_on_clean_set(good_set: Path) -> None:
    result = _cli("check", str(good_set / "content"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith(": no problems")
    assert len(result.stdout.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "case", ["yaml-syntax", "unknown-field", "single-two-correct", "markdown-no-citation", "url-mirror"]
)
def test_cli_exits_1_with_path_line_and_no_traceback(case: str, content_set: Callable[..., Path]) -> None:
    root = content_set(case)
    result = _cli("check", str(root / "content"))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    for rel, line, fragment in expectations(case):
        matching = [ln for ln in result.stdout.splitlines() if ln.startswith(f"{root / rel}:{line}: ")]
        assert matching and fragment in matching[0], result.stdout


def test_cli_reports_unreadable_content_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "chapters.yaml").write_bytes(b"\xff\xfe not utf-8")
    result = _cli("check", str(tmp_path / "content"))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert f"{tmp_path / 'content' / 'chapters.yaml'}:1: could not read" in result.stdout
    assert f"{tmp_path / 'content' / 'references.yaml'}:1: missing file" in result.stdout
