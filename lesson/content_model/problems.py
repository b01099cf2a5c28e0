"""One problem found in the content, printed the way editors and CI logs understand.

``path:line: message`` lets an author jump straight to the mistake; the path is shown
relative to the repository root when it lies inside it, so output is the same on every
machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lesson.paths import REPO_ROOT


@dataclass(frozen=True, order=True)
class Problem:
    """A content mistake at a 1-based line of a file."""

    path: Path
    line: int
    message: str

    def display_path(self) -> str:
        """The path relative to the repository root (or the current directory) when possible."""
        path = Path(self.path)
        for base in (REPO_ROOT, Path.cwd()):
            try:
                return path.resolve().relative_to(base.resolve()).as_posix()
            except ValueError:
                continue
        return path.as_posix()

    def __str__(self) -> str:
        return f"{self.display_path()}:{self.line}: {self.message}"


class ContentError(Exception):
    """Raised by run-time loaders when a content file is unreadable or invalid."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems) or "invalid content")


def not_utf8(path: Path, raw: bytes, exc: UnicodeDecodeError) -> Problem:
    """The one problem for a file that is not UTF-8: the line and column of its first bad byte."""
    line_start = raw.rfind(b"\n", 0, exc.start) + 1
    line = raw.count(b"\n", 0, exc.start) + 1
    column = len(raw[line_start:exc.start].decode("utf-8", errors="replace")) + 1
    return Problem(Path(path), line, f"could not read: byte 0x{raw[exc.start]:02x} at column {column} is not "
                                     "UTF-8 text; save the file as UTF-8")
