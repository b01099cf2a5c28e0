"""Shared helpers for the content tests: a fresh copy of the good fixture, optionally broken."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good"
BROKEN = FIXTURES / "broken"


def make_set(tmp: Path, case: str | None = None) -> Path:
    """Copy the good fixture to ``tmp`` and lay one broken case's files over it; returns the set root."""
    root = tmp / "set"
    shutil.copytree(GOOD, root)
    if case is not None:
        for path in (BROKEN / case).rglob("*"):
            if path.is_file() and path.name != "expect.txt":
                target = root / path.relative_to(BROKEN / case)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, target)
    return root


@pytest.fixture
def content_set(tmp_path: Path) -> Callable[[str | None], Path]:
    """Factory: ``content_set(case)`` builds the good set with one broken case laid over it."""
    return lambda case=None: make_set(tmp_path, case)


@pytest.fixture
def good_set(tmp_path: Path) -> Path:
    """A private, valid content set (``<root>/content`` and ``<root>/notebooks``)."""
    return make_set(tmp_path)
