"""docs/security.md states the classroom security model (issue 12) and cannot drift from the code.

The page must say, in plain words, what a name protects, what a teacher key protects and what
needs JupyterHub; every limit it quotes is the one the code enforces.
"""

from __future__ import annotations

import re

from lesson.app import launch, pagehandler
from lesson.content_model import limits
from lesson.paths import REPO_ROOT
from lesson.progress import names, store
from lesson.teacher import access

RAW = (REPO_ROOT / "docs" / "security.md").read_text(encoding="utf-8")
DOC = " ".join(RAW.split())
"""The page with its line breaks as spaces, so wrapped sentences match."""


def _paragraph(title: str) -> str:
    """The text from the bold ``title`` to the next bold paragraph title or heading."""
    start = RAW.index(f"**{title}")
    found = re.compile(r"\n\n(\*\*[A-Z]|#)").search(RAW, start + 1)
    return " ".join(RAW[start:found.start() if found else len(RAW)].split())


def test_the_three_questions_are_answered() -> None:
    name = _paragraph("What a name protects.")
    key = _paragraph("What a teacher key protects.")
    hub = _paragraph("What needs JupyterHub.")
    assert "recovery code" in name and "another web browser" in name
    assert "teacher page" in key and "class poll" in key and "Keep the address to yourself" in key
    assert "accounts" in hub and "JUPYTERHUB_USER" in hub
    assert "would protect" not in DOC and "not built" not in DOC  # the key exists now


def test_the_figures_quoted_are_the_ones_the_code_uses() -> None:
    code = "K7QM-3XPA"
    assert len(code.replace("-", "")) == names.CODE_LENGTH and set(code) - {"-"} <= set(names.CODE_ALPHABET)
    words = {3: "three", 4: "four", 5: "five", 6: "six", 10: "ten"}
    failures = words.get(names.MAX_FAILURES, str(names.MAX_FAILURES))
    assert f"{failures} wrong codes lock the name for {names.LOCK_S // 60} minutes" in DOC
    assert f"`{pagehandler.COOKIE}`, HttpOnly, SameSite=Lax" in DOC
    assert f"`{access.KEY_ENV}`, at least {access.MIN_KEY} characters" in DOC
    assert f"over {launch.MAX_URL:,} characters" in DOC
    assert f"longer than {store.BUSY_TIMEOUT_MS / 1000:g} s" in DOC
    assert f"files over {limits.MAX_BYTES // 1_000_000} MB, more than {limits.MAX_NODES:,} values" in DOC
    assert f"nesting over {limits.MAX_DEPTH} levels" in DOC
