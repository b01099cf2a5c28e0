"""Every notebook part's text summary is the same in another process, under another hash seed.

Strict nbval compares these summaries with the committed notebooks, so a summary that
depended on set order or ``hash()`` would make `make test` flaky. Comparing a summary with
itself in one process cannot catch that; this runs the parts in two fresh interpreters with
different ``PYTHONHASHSEED`` values (and this one) and compares all three.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from lesson.paths import REPO_ROOT

PARTS = [
    ("quiz", ("start",)),
    ("quiz", ("final",)),
    ("redflag_check", ()),
    ("evidence", ("causes",)),
    ("care_cards", ("seek-help",)),
    ("header", ("causes",)),
    ("footer", ("causes",)),
    ("references", ("treatment",)),
    ("chart", ("recovery",)),
    ("back_plan", ("treatment",)),
]

CODE = """
import json, sys
from lesson import ui
parts = json.loads(sys.argv[1])
print(json.dumps([repr(getattr(ui, name)(*args)) for name, args in parts]))
"""


def _in_fresh_process(seed: str, home: Path) -> list[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"JUPYTERHUB_USER", "LESSON_QUERY", "LESSON_HOST", "LESSON_PRESENT"}}
    env.update({"PYTHONHASHSEED": seed, "HOME": str(home), "LESSON_DB": str(home / "progress.sqlite3"),
                "MPLCONFIGDIR": str(home / "mpl"), "TZ": "UTC"})
    run = subprocess.run([sys.executable, "-c", CODE, json.dumps(PARTS)], cwd=REPO_ROOT, env=env,
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_summaries_do_not_depend_on_the_process_or_hash_seed(tmp_path: Path) -> None:
    from lesson import ui

    here = [repr(getattr(ui, name)(*args)) for name, args in PARTS]
    assert not any("could not be shown" in s for s in here), here
    for seed in ("1", "2"):
        home = tmp_path / seed
        home.mkdir()
        assert _in_fresh_process(seed, home) == here, f"a summary differs under PYTHONHASHSEED={seed}"
