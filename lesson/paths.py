"""The one place that knows where the lesson's files live.

Every file the code reads at run time is found from here, never from the current
directory: Voila, JupyterLab, nbval and the CLI all start in different folders.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
CONTENT_DIR = PACKAGE_DIR / "content"

CONTENT_ENV = "LESSON_CONTENT_DIR"
"""Environment variable naming another content folder (authors' drafts, tests of the harness)."""

DB_ENV = "LESSON_DB"
"""Environment variable naming the progress database file (overrides the default)."""


def content_dir() -> Path:
    """The content folder: ``$LESSON_CONTENT_DIR`` if set, else ``lesson/content/``."""
    override = os.environ.get(CONTENT_ENV)
    return Path(override).expanduser() if override else CONTENT_DIR


def content_path(*parts: str) -> Path:
    """A file under the content folder (chapters, banks, references, data)."""
    return content_dir().joinpath(*parts)


def style_path(*parts: str) -> Path:
    """A file under ``lesson/style/`` (matplotlib style, widget CSS)."""
    return PACKAGE_DIR.joinpath("style", *parts)


def notebooks_dir() -> Path:
    """The committed notebooks, read for citation keys and readability checks."""
    return REPO_ROOT / "notebooks"


def assets_dir() -> Path:
    """Images, CSS and the Voila template that the server serves."""
    return REPO_ROOT / "assets"


def lab_config_dir() -> Path:
    """Jupyter config for ``make lab`` (put on ``JUPYTER_CONFIG_PATH``): no news prompt, no update
    check, no extension search; JupyterLab then asks nothing of any other host."""
    return PACKAGE_DIR / "app" / "lab_config"


def db_path() -> Path:
    """Where progress is stored: ``$LESSON_DB`` if set, else the user's data directory."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir("back-spasm-lesson", appauthor=False)) / "progress.sqlite3"


