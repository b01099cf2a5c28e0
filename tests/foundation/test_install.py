"""The supported install is editable, from a clone; anything else is told so in one line.

A wheel (or `pip install .`) holds the `lesson` package with its content and styles, but not
the notebooks/ and assets/ folders the app serves. Started from such an install, the app must
say what is missing and how to install, never start a server that shows nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import tomllib

from lesson.paths import PACKAGE_DIR, REPO_ROOT


def _package_only(tmp_path: Path) -> Path:
    """The package as a wheel installs it: lesson/ alone, no notebooks/ or assets/ beside it."""
    site = tmp_path / "site"
    shutil.copytree(PACKAGE_DIR, site / "lesson", ignore=shutil.ignore_patterns("__pycache__", "built"))
    return site


def test_the_app_from_a_package_only_install_says_how_to_install(tmp_path: Path) -> None:
    site = _package_only(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(site), "LESSON_DB": str(tmp_path / "db.sqlite3")}
    code = ("import lesson, sys; print(lesson.__file__); from lesson.cli import main;"
            "sys.exit(main(sys.argv[1:]))")
    run = subprocess.run([sys.executable, "-c", code, "app", "--no-browser", "--port", "8999"], cwd=tmp_path,
                         env=env, capture_output=True, text=True, timeout=120, check=False)
    assert run.stdout.startswith(str(site)), run.stdout  # the copy was imported, not the clone
    assert run.returncode == 2, run.stdout + run.stderr
    assert "pip install -e ." in run.stderr and "notebooks" in run.stderr and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_the_package_only_install_still_checks_and_loads_content(tmp_path: Path) -> None:
    """Content and styles are package data: loading them needs no clone."""
    site = _package_only(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(site)}
    code = ("from lesson.content_model import load; from lesson import paths;"
            "print(len(load.chapters()), paths.style_path('quiz.css').is_file())")
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=120, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == ["8", "True"]


def test_package_data_ships_every_file_the_package_reads() -> None:
    """Every non-Python file in lesson/ matches a `[tool.setuptools.package-data]` pattern."""
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    shipped = {path for pattern in config["package-data"]["lesson"] for path in PACKAGE_DIR.glob(pattern)}
    data = {path for path in PACKAGE_DIR.rglob("*")
            if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
            and "built" not in path.relative_to(PACKAGE_DIR).parts}  # charts/built: made by `make charts`
    missing = sorted(str(p.relative_to(PACKAGE_DIR)) for p in data - shipped)
    assert missing == [], f"add these to [tool.setuptools.package-data] in pyproject.toml: {missing}"
