"""A progress database that cannot be used: the quiz still works, the learner is told in plain
words that progress is not being saved, no error reaches the page, and the file is untouched."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import QUIZ_READY, LessonServer, answer_one_right, assert_no_error_shown, open_lesson
from playwright.sync_api import Page, expect

from lesson.progress.store import NOT_SAVING

pytestmark = pytest.mark.browser
CORRUPT = b"This is not an SQLite database, and the lesson must not overwrite it.\n" * 64


def under_a_file(tmp: Path) -> Path:
    """A path whose parent is a regular file: no one, not even root, can create it."""
    blocker = tmp / "not-a-folder"
    blocker.write_text("a file where a folder should be\n")
    return blocker / "progress.sqlite3"


def corrupt_file(tmp: Path) -> Path:
    path = tmp / "corrupt.sqlite3"
    path.write_bytes(CORRUPT)
    return path


@pytest.mark.parametrize("make_db", [under_a_file, corrupt_file], ids=["path-under-a-file", "corrupt-file"])
def test_quiz_works_and_says_progress_is_not_saved(
    page: Page, start_server: Callable[..., LessonServer], tmp_path: Path, make_db: Callable[[Path], Path]
) -> None:
    db = make_db(tmp_path)
    before = hashlib.sha256(db.read_bytes()).hexdigest() if db.exists() else None
    srv = start_server(env_extra={"LESSON_DB": str(db)})
    open_lesson(page, srv, "/voila/render/01_anatomy.ipynb?learner=no-db", QUIZ_READY)
    expect(page.locator(".lesson-quiz .lesson-save-notice")).to_contain_text(NOT_SAVING)
    answer_one_right(page)  # the right mark and the score still show
    assert_no_error_shown(page)
    assert "progress database unavailable" in srv.log()
    if before is None:
        assert not db.exists() and db.parent.is_file()
    else:
        assert hashlib.sha256(db.read_bytes()).hexdigest() == before, "the corrupt file was changed"
