"""``lesson.execute`` gives the kernel its own environment and leaves this process's alone.

The kernel gets a private HOME and progress database (``env=`` to nbclient), runs this very
Python (ipykernel's built-in kernel, not a user's kernelspec), and ``os.environ`` of the
process that runs the notebooks is the same before, during and after.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from lesson import execute


def test_the_kernel_gets_an_isolated_environment_and_this_process_keeps_its_own(tmp_path: Path,
                                                                               monkeypatch) -> None:
    monkeypatch.setenv("LESSON_HOST", "0.0.0.0")  # a developer's setting that must not reach the kernel
    code = ("import json, os, sys\n"
            "print(json.dumps({k: os.environ.get(k) for k in ('HOME', 'LESSON_DB', 'LESSON_HOST', 'TZ')}"
            " | {'python': sys.executable}))")
    nb = {"cells": [{"cell_type": "code", "id": "c1", "metadata": {}, "execution_count": None, "outputs": [],
                     "source": code}],
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "env.ipynb"
    path.write_text(json.dumps(nb), "utf-8")
    before = dict(os.environ)
    seen_during: list[dict[str, str]] = []
    real_client = execute.NotebookClient

    class Watching(real_client):
        def execute(self, **kwargs):
            seen_during.append(dict(os.environ))
            return super().execute(**kwargs)

    monkeypatch.setattr(execute, "NotebookClient", Watching)
    execute.execute(path)
    assert dict(os.environ) == before and seen_during == [before]
    out = json.loads("".join(json.loads(path.read_text("utf-8"))["cells"][0]["outputs"][0]["text"]))
    assert out["HOME"] != before.get("HOME") and Path(out["HOME"]).name == "home"
    assert out["LESSON_DB"] != before.get("LESSON_DB") and out["LESSON_DB"].endswith("progress.sqlite3")
    assert out["LESSON_HOST"] is None and out["TZ"] == "UTC"
    assert out["python"] == sys.executable
