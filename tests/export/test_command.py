"""``python -m lesson export``: files written, one line per lossy question, and bad input as one line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lms_support import FIXTURE_ROOT

from lesson.cli import main
from lesson.content_model import load
from lesson.lms import run as lms_run
from lesson.lms.common import EVERY_QUESTION


def _one_line_error(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["export", *args]) == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("lesson export: "), captured.err
    assert "Traceback" not in captured.err + captured.out
    return lines[0]


def test_the_command_writes_one_file_per_quiz_and_names_every_loss(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["export", "--format", "gift", "--quiz", "anatomy", "causes", "--out", str(tmp_path / "o")]) == 0
    )
    out = capsys.readouterr().out.splitlines()
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == [
        "anatomy.gift.txt",
        "causes.gift.txt",
        "lumbar-spine.png",
    ]
    assert out[0].startswith("Exported 2 quizzes with ")
    bank = [*load.raw_bank("anatomy").questions, *load.raw_bank("causes").questions]
    start = out.index("Lossy conversions (GIFT has no equivalent), one line per question:")
    end = out.index("For every question:")
    lossy = [line.strip().split(":", 1)[0] for line in out[start + 1 : end]]
    affected = [
        q.id
        for q in bank
        if q.hints
        or q.type in ("ordering", "verdict", "labelling")
        or (q.type == "numeric" and q.unit.strip())
    ]
    assert lossy == affected  # one line per affected question, none missing, none twice
    assert out[end + 1 :] == [f"  {t}" for t in EVERY_QUESTION["gift"].values()]


def test_quiz_can_be_given_more_than_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "export",
                "--format",
                "moodle-xml",
                "--quiz",
                "start",
                "--quiz",
                "start",
                "anatomy",
                "--out",
                str(tmp_path),
            ]
        )
        == 0
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["anatomy.moodle.xml", "start.moodle.xml"]
    assert "No question-by-question losses: Moodle XML holds every question type." in capsys.readouterr().out


@pytest.mark.parametrize("fmt", lms_run.FORMATS)
def test_every_format_runs_from_the_command_line(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert lms_run.run(fmt, None, str(tmp_path), root=FIXTURE_ROOT) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    quizzes = [n for n in names if not n.endswith(".png")]
    assert len(quizzes) == 8 and all(n.startswith("type-") for n in quizzes)
    assert ("lumbar-spine.png" in names) == (fmt == "gift")
    assert "Exported 8 quizzes with 8 questions" in capsys.readouterr().out


def test_unknown_quiz(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _one_line_error(
        capsys, "--format", "gift", "--quiz", "anatomy", "no-such-quiz", "--out", str(tmp_path)
    )
    assert "unknown quiz 'no-such-quiz'" in line and "anatomy" in line
    assert not any(tmp_path.iterdir()), "nothing is written when the input is bad"


def test_folder_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "taken"
    target.write_text("not a folder")
    assert "it is a file, not a folder" in _one_line_error(capsys, "--format", "qti21", "--out", str(target))
    line = _one_line_error(capsys, "--format", "qti21", "--out", str(target / "below"))
    assert f"cannot write to {target / 'below'}" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into any folder")
def test_folder_without_write_permission(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        assert "cannot write" in _one_line_error(capsys, "--format", "gift", "--out", str(locked / "out"))
    finally:
        locked.chmod(0o700)


def test_invalid_content_is_one_line_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_ROOT, content)
    (content / "quizzes" / "type-single.yaml").write_text(
        "quiz: type-single\ntitle: Broken\nquestions: [{id: x}]\n"
    )
    monkeypatch.setenv("LESSON_CONTENT_DIR", str(content))
    line = _one_line_error(
        capsys, "--format", "canvas-qti", "--quiz", "type-single", "--out", str(tmp_path / "o")
    )
    assert "type-single.yaml" in line and "python -m lesson check" in line


def test_unknown_format_is_refused_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "--format", "blackboard", "--out", "x"])
    assert exit_info.value.code == 2 and "invalid choice" in capsys.readouterr().err


def test_every_question_of_every_bank_is_exported(real_exports: dict) -> None:
    every = set(load.questions_by_id())
    for report in real_exports.values():
        assert set(report.question_ids) == every
        assert len(report.exports) == len(load.bank_ids())


def test_the_real_command_line_prints_no_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "lesson",
            "export",
            "--format",
            "gift",
            "--quiz",
            "nope",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("lesson export: unknown quiz 'nope'") and done.stderr.count("\n") == 1
