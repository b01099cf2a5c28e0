"""The pure layer stays pure: grading, triage, scoring, content loading and the checker run
without loading the widget or plotting libraries (docs/architecture.md, "Layers").

Each case runs in a fresh interpreter, because this test process has long since imported
ipywidgets and matplotlib for other tests. `make lint` checks the same rule statically
(import-linter); this test checks what really gets imported, including lazy imports.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from lesson.paths import REPO_ROOT

HEAVY = ("ipywidgets", "matplotlib", "IPython")
PROBE = f"\nimport json, sys\nprint(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"

CASES = {
    "grading": """
from lesson.content_model import load
from lesson.quiz.question_types import grade
for qid in load.bank_ids():
    for q in load.bank(qid).questions:
        grade(q, None)
""",
    "triage": """
from lesson.redflags.triage import load_redflags, triage
import lesson.redflags
flags = load_redflags()
triage([s.id for s in flags.signs[:2]], flags)
""",
    "scoring": """
from lesson.progress.identity import current_learner
from lesson.progress.scoring import chapter_scores, objective_scores
learner = current_learner()
chapter_scores(learner)
objective_scores(learner)
""",
    "content loading": """
from lesson.content_model import load
load.chapters(); load.references(); load.claims(); load.glossary(); load.redflags(); load.help_content()
for qid in load.bank_ids():
    load.bank(qid)
""",
    "checker": """
from lesson.cli import main
main(["check"])
""",
    "teacher statistics and review scheduling": """
import lesson.teacher.stats, lesson.review.marking, lesson.review.schedule
""",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_pure_code_loads_no_widget_or_plotting_library(name: str, tmp_path) -> None:
    code = CASES[name] + PROBE
    env = {**os.environ, "LESSON_DB": str(tmp_path / "progress.sqlite3"), "PYTHONHASHSEED": "0"}
    for var in ("JUPYTERHUB_USER", "LESSON_QUERY", "LESSON_HOST", "LESSON_PRESENT"):
        env.pop(var, None)
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert loaded == [], f"{name} loaded {loaded}"


def test_the_probe_can_fail() -> None:
    """The same probe sees the libraries when a builder is imported (so an empty list means something)."""
    code = "import lesson.redflags.widget\n" + PROBE
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=300, check=True)
    assert "ipywidgets" in json.loads(done.stdout.strip().splitlines()[-1])
