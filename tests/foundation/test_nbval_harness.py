"""Strict nbval really compares outputs: a changed stored output, or a changed question
bank, must make it fail. Without this, a harness that compared nothing would look green."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lesson.execute import execute
from lesson.paths import CONTENT_DIR, REPO_ROOT

SANITIZE = REPO_ROOT / "tests" / "nbval_sanitize.cfg"


def _run_nbval(notebook: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", "--nbval-current-env",
         "--nbval-sanitize-with", str(SANITIZE), str(notebook)],
        capture_output=True, text=True, env=env, cwd=notebook.parent, timeout=300,
    )


@pytest.fixture()
def quiz_notebook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, dict[str, str]]:
    """A one-quiz notebook, executed and stored, over a private copy of the content."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    monkeypatch.setenv("LESSON_CONTENT_DIR", str(content))
    monkeypatch.setenv("LESSON_DB", str(tmp_path / "db.sqlite3"))
    (tmp_path / "home").mkdir()
    nb = {
        "cells": [
            {"cell_type": "markdown", "id": "m1", "metadata": {}, "source": "# Harness"},
            {"cell_type": "code", "id": "c1", "metadata": {}, "execution_count": None, "outputs": [],
             "source": 'from lesson import ui\nui.quiz("start")'},
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    path = tmp_path / "harness.ipynb"
    path.write_text(json.dumps(nb), "utf-8")
    execute(path)
    env = {**os.environ, "HOME": str(tmp_path / "home"), "LESSON_DB": str(tmp_path / "db2.sqlite3")}
    return path, content, env


def _stored_text(path: Path) -> str:
    cell = json.loads(path.read_text("utf-8"))["cells"][1]
    return "".join(cell["outputs"][0]["data"]["text/plain"])


def test_unchanged_notebook_passes_strict_nbval(quiz_notebook: tuple[Path, Path, dict[str, str]]) -> None:
    path, _content, env = quiz_notebook
    result = _run_nbval(path, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "passed" in result.stdout


def test_changed_stored_output_fails_strict_nbval(quiz_notebook: tuple[Path, Path, dict[str, str]]) -> None:
    path, _content, env = quiz_notebook
    nb = json.loads(path.read_text("utf-8"))
    output = nb["cells"][1]["outputs"][0]["data"]
    output["text/plain"] = "".join(output["text/plain"]) + "\nan edited line"
    path.write_text(json.dumps(nb), "utf-8")
    result = _run_nbval(path, env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "failed" in result.stdout


def test_edited_bank_option_fails_strict_nbval(quiz_notebook: tuple[Path, Path, dict[str, str]]) -> None:
    path, content, env = quiz_notebook
    bank = content / "quizzes" / "start.yaml"
    text = bank.read_text("utf-8")
    lines = text.splitlines(keepends=True)
    # Edit the text of the first option found in the bank: what learners would see changes.
    for number, line in enumerate(lines):
        if line.lstrip().startswith("- text:"):
            lines[number] = line.rstrip("\n") + " (edited)\n"
            break
    else:
        pytest.fail("start.yaml has no '- text:' option to edit")
    bank.write_text("".join(lines), "utf-8")
    assert "(edited)" not in _stored_text(path)
    result = _run_nbval(path, {**env, "LESSON_CONTENT_DIR": str(content)})
    assert result.returncode == 1, result.stdout + result.stderr
