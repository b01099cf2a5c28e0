"""The review clock: real UTC time, which tests (and only tests) may move forward.

Test-only hook: with ``LESSON_TEST_CLOCK=1`` set, ``LESSON_CLOCK_OFFSET_DAYS`` (a number of days,
may be fractional) and/or the file named by ``LESSON_CLOCK_FILE`` (holding such a number) move
the clock forward. Without ``LESSON_TEST_CLOCK=1`` both are ignored, so a stray variable can never
change a learner's schedule. The browser test rewrites the file to "advance time" while the
server runs (each page's kernel reads it when the page is built).
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

TEST_FLAG = "LESSON_TEST_CLOCK"
OFFSET_ENV = "LESSON_CLOCK_OFFSET_DAYS"
FILE_ENV = "LESSON_CLOCK_FILE"


def offset_days() -> float:
    """Days added to real time (always 0 unless the test flag is set)."""
    if os.environ.get(TEST_FLAG) != "1":
        return 0.0
    total = 0.0
    for text in (os.environ.get(OFFSET_ENV, ""), _file_text()):
        try:
            total += float(text.strip()) if text.strip() else 0.0
        except ValueError:
            pass
    return total


def _file_text() -> str:
    name = os.environ.get(FILE_ENV, "")
    if not name:
        return ""
    try:
        return Path(name).read_text(encoding="utf-8")
    except OSError:
        return ""


def now() -> datetime:
    """The current time (UTC, aware), moved only by the test hook."""
    return datetime.now(timezone.utc) + timedelta(days=offset_days())


def stamp(when: datetime | None = None) -> str:
    """``when`` (default: now) as stored in ``attempts.created_at``."""
    return (when or now()).astimezone(timezone.utc).isoformat(timespec="milliseconds")
