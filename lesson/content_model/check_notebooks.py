"""Rules for the notebooks: they exist, their prose is cited, and their code stays thin.

Notebooks are JSON, so a problem's line is the line of the cell's ``"cell_type"`` key in
the file, and the message names the cell number that JupyterLab shows.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

from lesson.content_model.check_context import Context
from lesson.content_model.check_medical import check_notebook_prose, is_medical
from lesson.content_model.citations import cell_source, keys_in
from lesson.readability import clean

NO_CITE_TAG = "no-cite"
FIRST_CITED, LAST_CITED = "anatomy", "seek-help"
_CELL_TYPE = re.compile(r'"cell_type"\s*:')
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_DEF = re.compile(r"^\s*(async\s+def|def|class)\s+\w", re.M)
_GLOSSARY_LINK = re.compile(r"\]\(glossary\.ipynb#([^)\s]+)\)")


def cell_lines(text: str) -> list[int]:
    """1-based line of each cell's ``"cell_type"`` key, in cell order."""
    return [text.count("\n", 0, m.start()) + 1 for m in _CELL_TYPE.finditer(text)]


def is_prose(source: str) -> bool:
    """True when a Markdown cell has readable text beyond headings and comments."""
    body = [ln for ln in _COMMENT.sub(" ", source).splitlines() if not _HEADING.match(ln)]
    return bool(re.search(r"[A-Za-z]{2,}", clean("\n".join(body))))


def defines_code(source: str) -> bool:
    """True when a code cell defines a function or a class (helpers belong in ``lesson``)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # magics or shell lines: fall back to a line match
        return bool(_DEF.search(source))
    return any(isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) for n in ast.walk(tree))


def _cells(ctx: Context, path: Path) -> tuple[list[dict[str, Any]], list[int]] | None:
    try:
        text = path.read_text(encoding="utf-8")
        cells = json.loads(text).get("cells", [])
    except (OSError, UnicodeDecodeError, ValueError, AttributeError) as exc:
        ctx.add(path, 1, f"could not read notebook: {exc}")
        return None
    lines = cell_lines(text)
    lines += [1] * (len(cells) - len(lines))
    return [c if isinstance(c, dict) else {} for c in cells], lines


def check_notebooks(ctx: Context, known_refs: set[str], glossary_ids: set[str]) -> None:
    """Every listed notebook exists; prose cells in the middle chapters cite; no defs anywhere."""
    if ctx.notebooks is None or not ctx.notebooks.is_dir():
        return
    chapters, loaded = ctx.model("chapters.yaml"), ctx.files.get("chapters.yaml")
    order = [c.id for c in chapters.chapters] if chapters else []
    cited = (
        set(order[order.index(FIRST_CITED) : order.index(LAST_CITED) + 1])
        if FIRST_CITED in order and LAST_CITED in order
        else set()
    )
    by_name = {c.notebook: c.id for c in chapters.chapters} if chapters else {}
    for i, chapter in enumerate(chapters.chapters if chapters else []):
        if loaded is not None and not (ctx.notebooks / chapter.notebook).exists():
            ctx.add(
                loaded.path,
                loaded.line("chapters", i, "notebook"),
                f"chapter '{chapter.id}': notebook {chapter.notebook} does not exist "
                f"in {ctx.notebooks.name}/",
            )
    for path in sorted(ctx.notebooks.glob("*.ipynb")):
        found = _cells(ctx, path)
        if found is None:
            continue
        needs_cite = by_name.get(path.name) in cited
        check_notebook_prose(ctx, path, *found)
        for n, (cell, line) in enumerate(zip(*found, strict=True), start=1):
            source = cell_source(cell)
            kind = cell.get("cell_type")
            if kind == "code" and defines_code(source):
                ctx.add(path, line, f"cell {n}: defines a function or class; move it into the lesson package")
            if kind != "markdown":
                continue
            for key in keys_in(source):
                if key not in known_refs:
                    ctx.add(path, line, f"cell {n}: unknown reference id '{key}' in citation [{key}]")
            for term in _GLOSSARY_LINK.findall(source):
                if glossary_ids and term not in glossary_ids:
                    ctx.add(path, line, f"cell {n}: link to unknown glossary term '{term}'")
            tags = (cell.get("metadata") or {}).get("tags") or []
            # Medical prose is reported block by block by check_notebook_prose; this rule covers the rest.
            if (needs_cite and NO_CITE_TAG not in tags and is_prose(source) and not keys_in(source)
                    and not is_medical(source)):
                ctx.add(
                    path,
                    line,
                    f"cell {n}: prose without a citation key (add one, or tag the cell '{NO_CITE_TAG}')",
                )
