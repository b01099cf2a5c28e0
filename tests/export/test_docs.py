"""docs/export.md and the README keep up with the code: every named loss is documented."""

from __future__ import annotations

from lesson.cli import parser
from lesson.lms.common import EVERY_QUESTION, PER_QUESTION
from lesson.lms.run import FORMATS
from lesson.paths import REPO_ROOT

DOC = (REPO_ROOT / "docs" / "export.md").read_text(encoding="utf-8")
README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def test_every_loss_key_is_listed_in_the_docs() -> None:
    keys = set(PER_QUESTION) | {k for notes in EVERY_QUESTION.values() for k in notes}
    missing = sorted(k for k in keys if f"`{k}`" not in DOC)
    assert not missing, f"docs/export.md does not list: {missing}"


def test_the_docs_and_the_command_name_the_same_formats() -> None:
    export = parser()._subparsers._group_actions[0].choices["export"]
    (fmt_action,) = [a for a in export._actions if a.dest == "format"]
    assert tuple(fmt_action.choices) == FORMATS == tuple(EVERY_QUESTION)
    for fmt in FORMATS:
        assert f"`{fmt}`" in DOC and f"--format {fmt}" in DOC


def test_the_readme_shows_the_command_and_the_imports() -> None:
    section = README.split("## Export the questions to your LMS", 1)[1]
    assert "python -m lesson export --format moodle-xml" in section
    assert "Moodle XML format" in section and "QTI .zip file" in section and "docs/export.md" in section
