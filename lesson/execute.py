"""Re-execute the committed notebooks top to bottom and store their outputs (``make notebooks``).

Strict nbval compares what a fresh run prints with what is committed, so the committed
outputs must come from a fresh kernel with a fresh, empty progress database and HOME,
and must be byte-identical from run to run. That is why this module:

- runs each notebook in a new kernel with a temporary ``LESSON_DB`` and ``HOME``, passed to
  the kernel alone (``env=``; this process's own environment is never changed), and with
  ipykernel's own ``python3`` kernel for this Python, never a kernelspec of the user's;
- uses nbclient with ``store_widget_state=False`` and ``record_timing=False``;
- keeps only ``kernelspec`` and ``language_info.name`` in the notebook metadata and only
  ``tags`` in cell metadata;
- replaces each widget view's random ``model_id`` with one derived from its position
  (nbval skips widget views anyway; this keeps the files stable in git).

Before running, it turns each citation key group that authors write in a chapter's Markdown
(``[ng59]``, ``[ng59, acp2017]``) into the chapter's numbered citation link
(``lesson.pages.markup.cite_markdown``): Voila and JupyterLab render notebook Markdown
themselves, so the link must be in the cell. The link keeps its keys, so this is idempotent
and keys added later are rendered on the next run.

Usage: ``python -m lesson notebooks [--cite-only] [NOTEBOOK ...]`` (default: every notebook in
notebooks/); ``--cite-only`` rewrites the citations without running the notebooks.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from lesson.paths import DB_ENV, notebooks_dir

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


def isolated_env(tmp: Path) -> dict[str, str]:
    """Environment for a run that reads and writes nothing of the user's."""
    home = tmp / "home"
    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        {
            "HOME": str(home),
            DB_ENV: str(tmp / "progress.sqlite3"),
            "MPLCONFIGDIR": str(tmp / "mpl"),
            "JUPYTER_PLATFORM_DIRS": "1",
            "PYTHONHASHSEED": "0",
            "TZ": "UTC",
        }
    )
    for var in ("JUPYTERHUB_USER", "LESSON_QUERY", "LESSON_HOST", "LESSON_PRESENT"):
        env.pop(var, None)
    return env


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip run-specific metadata and random widget ids so reruns are byte-identical."""
    nb.metadata = nbformat.from_dict({"kernelspec": KERNELSPEC, "language_info": {"name": "python"}})
    widget_count = 0
    for index, cell in enumerate(nb.cells):
        tags = cell.metadata.get("tags")
        cell.metadata = nbformat.from_dict({"tags": tags} if tags else {})
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_MIME)
            if view is not None:
                widget_count += 1
                view["model_id"] = f"lesson-{index:03d}-{widget_count:03d}"
    return nb


def chapter_of(path: Path, root: Path | None = None) -> str | None:
    """The id of the chapter whose notebook has this file name (None for other pages)."""
    from lesson.content_model import load

    return next((c.id for c in load.chapters(root) if c.notebook == path.name), None)


def cite(nb: nbformat.NotebookNode, path: Path, root: Path | None = None) -> int:
    """Rewrite the key groups of a chapter notebook's Markdown cells as numbered citations.

    The numbers come from the notebook as it is on disk at ``path`` (keys are read in both
    forms, so they are the same before and after). Returns how many cells changed.
    ``root`` is another content folder (tests).
    """
    from lesson.pages.markup import chapter_citations, cite_markdown

    chapter_id = chapter_of(path, root)
    if chapter_id is None:
        return 0
    cites = chapter_citations(chapter_id, root, path.parent)
    changed = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            new = cite_markdown(cell.source, cites)
            if new != cell.source:
                cell.source = new
                changed += 1
    return changed


def cite_file(path: Path, root: Path | None = None) -> int:
    """``cite`` one notebook file in place, outputs untouched; returns how many cells changed."""
    nb = nbformat.read(path, as_version=4)
    changed = cite(nb, path, root)
    if changed:
        nbformat.write(nb, path)
    return changed


def kernel_manager() -> AsyncKernelManager:
    """A manager for ipykernel's built-in ``python3`` kernel: this Python (``sys.executable``).

    With no kernel folders to search, a ``python3`` kernelspec in the user's Jupyter data
    folder can never replace it, so every run uses the interpreter that has the lesson.
    """
    return AsyncKernelManager(kernel_name="python3", kernel_spec_manager=KernelSpecManager(kernel_dirs=[]))


def execute(path: Path, timeout: int = 300) -> None:
    """Cite, then run one notebook in a fresh kernel and write it back, normalised."""
    nb = nbformat.read(path, as_version=4)
    cite(nb, path)
    with tempfile.TemporaryDirectory(prefix="lesson-nb-") as tmp:
        client = NotebookClient(
            nb,
            km=kernel_manager(),
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
            store_widget_state=False,
            record_timing=False,
        )
        client.execute(env=isolated_env(Path(tmp)))  # the kernel's whole environment
    nbformat.write(normalise(nb), path)


def run(notebooks: list[Path], cite_only: bool = False) -> int:
    """``python -m lesson notebooks [--cite-only] [NOTEBOOK ...]``: run (or only cite) the notebooks."""
    paths = notebooks or sorted(notebooks_dir().glob("*.ipynb"))
    if cite_only:
        for path in paths:
            print(f"{path}: {cite_file(path)} cell(s) cited", flush=True)
        return 0
    failed = 0
    for path in paths:
        print(f"executing {path} ...", flush=True)
        try:
            execute(path)
        except CellExecutionError as exc:
            failed += 1
            print(f"{path}: a cell failed:\n{exc}", file=sys.stderr)
    if failed:
        print(f"{failed} notebook(s) failed", file=sys.stderr)
        return 1
    print(f"executed {len(paths)} notebook(s)")
    return 0
