"""Fixtures for the export tests: every real bank exported once per run in each format."""

from __future__ import annotations

import pytest

from lesson.lms.run import FORMATS, Report, export


@pytest.fixture(scope="session")
def real_exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Report]:
    """The lesson's own banks in all four formats (real diagram images), one folder per format."""
    out = tmp_path_factory.mktemp("lms-export")
    return {fmt: export(fmt, out / fmt) for fmt in FORMATS}
