"""Re-execute the committed notebooks top to bottom and store their outputs (``make notebooks``).

Strict nbval compares what a fresh run prints with what is committed, so the committed
outputs must come from a fresh kernel with a fresh, empty progress database and HOME,
and must be byte-identical from run to run. That is why this module:

- runs each notebook in a new kernel with a temporary ``LESSON_DB`` and ``HOME``;
- uses nbclient with ``store_widget_state=False`` and ``record_timing=False``;
- keeps only ``kernelspec`` and ``language_info.name`` in the notebook metadata and only
  ``tags`` in cell metadata;
- replaces each widget view's random ``model_id`` with one derived from its position
  (nbval skips widget views anyway; this keeps the files stable in git).

Usage: ``python -m lesson.execute [NOTEBOOK ...]`` (default: every notebook in notebooks/).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import nbformat
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


def execute(path: Path, timeout: int = 300) -> None:
    """Run one notebook in a fresh kernel and write it back, normalised."""
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="lesson-nb-") as tmp:
        env = isolated_env(Path(tmp))
        saved = dict(os.environ)
        os.environ.clear()
        os.environ.update(env)  # the kernel process inherits this environment
        try:
            client = NotebookClient(
                nb,
                timeout=timeout,
                kernel_name="python3",
                resources={"metadata": {"path": str(path.parent)}},
                store_widget_state=False,
                record_timing=False,
            )
            client.execute()
        finally:
            os.environ.clear()
            os.environ.update(saved)
    nbformat.write(normalise(nb), path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lesson.execute", description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: all)")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(notebooks_dir().glob("*.ipynb"))
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


if __name__ == "__main__":
    sys.exit(main())
