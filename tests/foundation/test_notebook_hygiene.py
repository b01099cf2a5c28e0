"""Committed notebooks must be what a fresh top-to-bottom run produces, with no hidden state.

Strict nbval skips comparing a cell that has no stored output, so an unexecuted cell would
silently escape it; odd execution counts mean a notebook was run out of order; extra
metadata (timings, widget state, kernel versions) makes files differ between machines.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lesson.paths import notebooks_dir

NOTEBOOKS = sorted(notebooks_dir().glob("*.ipynb"))
DEFINITION = re.compile(r"^\s*(async\s+def|def|class)\s", re.M)


def hygiene_problems(path: Path) -> list[str]:
    """Every reason a committed notebook is not clean, as readable sentences."""
    nb = json.loads(path.read_text("utf-8"))
    problems: list[str] = []
    meta = nb.get("metadata", {})
    extra_keys = sorted(set(meta) - {"kernelspec", "language_info"})
    if extra_keys:
        problems.append(f"notebook metadata has extra keys {extra_keys}")
    if set(meta.get("language_info", {})) - {"name"}:
        problems.append("language_info has keys other than name")
    counts = []
    for number, cell in enumerate(nb["cells"], start=1):
        extra = set(cell.get("metadata", {})) - {"tags"}
        if extra:
            problems.append(f"cell {number}: metadata beyond tags: {sorted(extra)}")
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        if not source.strip():
            continue
        if cell.get("execution_count") is None:
            problems.append(f"cell {number}: code cell was not executed")
        counts.append(cell.get("execution_count"))
        if DEFINITION.search(source):
            problems.append(f"cell {number}: defines a function or class (move it into lesson/)")
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                problems.append(f"cell {number}: stored an error output")
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                problems.append(f"cell {number}: stored stderr output")
    if counts and counts != list(range(1, len(counts) + 1)):
        problems.append(f"execution counts are {counts}, not 1..{len(counts)}")
    return problems


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS, "notebooks/ has no notebooks"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_committed_notebook_is_clean(path: Path) -> None:
    assert hygiene_problems(path) == []


def _notebook(cells: list[dict], metadata: dict | None = None) -> dict:
    return {"cells": cells, "metadata": metadata or {"kernelspec": {"name": "python3"}}, "nbformat": 4,
            "nbformat_minor": 5}


def _code(source: str, count: int | None, outputs: list | None = None) -> dict:
    return {"cell_type": "code", "id": f"c{count}", "metadata": {}, "source": source,
            "execution_count": count, "outputs": outputs or []}


@pytest.mark.parametrize(
    ("notebook", "fragment"),
    [
        (_notebook([_code("1", 1), _code("2", None)]), "not executed"),
        (_notebook([_code("1", 1), _code("2", 3)]), "not 1..2"),
        (_notebook([_code("1", 2), _code("2", 1)]), "not 1..2"),
        (_notebook([_code("1", 1)], {"kernelspec": {}, "widgets": {}}), "extra keys"),
        (_notebook([_code("1", 1)], {"language_info": {"name": "python", "version": "3"}}), "language_info"),
        (_notebook([{**_code("1", 1), "metadata": {"execution": {}}}]), "beyond tags"),
        (_notebook([_code("def f():\n    pass", 1)]), "defines a function"),
        (_notebook([_code("1/0", 1, [{"output_type": "error"}])]), "error output"),
    ],
)
def test_hygiene_check_catches(tmp_path: Path, notebook: dict, fragment: str) -> None:
    path = tmp_path / "bad.ipynb"
    path.write_text(json.dumps(notebook), "utf-8")
    problems = hygiene_problems(path)
    assert any(fragment in p for p in problems), problems


def test_test_file_names_are_unique() -> None:
    """Test folders have no __init__.py, so pytest imports test files by base name: two files
    with one name make `make unit` (which collects the browser folder too) stop with an error."""
    from collections import Counter

    names = Counter(p.name for p in Path(__file__).resolve().parents[1].rglob("test_*.py")
                    if "node_modules" not in p.parts)
    assert [n for n, count in names.items() if count > 1] == []
