"""The notebooks work in JupyterLab the way `make lab` runs them: a working copy of notebooks/,
a temporary HOME and database, Run All Cells, then a quiz answered with feedback and a score that
is stored in the same database the Voila app uses."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import jupyter_process
from keyboard import HUMAN_PAUSE_MS, right_and_wrong
from playwright.sync_api import Locator, Page, expect

from lesson.paths import notebooks_dir
from lesson.progress.scoring import Score
from lesson.progress.store import Store
from lesson.quiz.bank import questions

pytestmark = pytest.mark.browser
NOTEBOOK = "01_anatomy.ipynb"
KERNEL_STATUS = "#jp-main-statusbar .jp-StatusBar-TextItem[title^='Change kernel for']"
KERNEL_READY = re.compile(r"^(?!No Kernel).+ \| Idle$")
"""The status bar's kernel item once a kernel is connected and idle, e.g. "Python 3 (ipykernel) | Idle".

The toolbar's execution indicator says idle before any kernel is attached ("No Kernel |
Initializing"); Run All Cells at that moment runs nothing, or asks the learner to pick a kernel.
On a loaded machine that failed the test, so it waits as a person would, for the status bar."""
LAB_ARGS = ["--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """`jupyter lab` on a working copy of the notebooks (as `make lab` copies them to .lab-work/)."""
    tmp = tmp_path_factory.mktemp("jlab")
    work = tmp / "lab-work"
    shutil.copytree(notebooks_dir(), work)
    args = [f"--ServerApp.root_dir={work}", f"--LabApp.default_url=/lab/tree/{NOTEBOOK}", *LAB_ARGS]
    with jupyter_process("lab", args, {}, tmp) as url:
        yield url, tmp / "progress.sqlite3"


def click_answer(box: Locator, qtype: str, position: int) -> None:
    """Pick the shown option at ``position`` with the mouse (JupyterLab owns many keys)."""
    if qtype == "single":
        box.locator("input[type=radio]").nth(position).check()
    else:
        box.locator(".widget-toggle-buttons button").nth(position).click()


def test_run_all_cells_and_answer_a_question(page: Page, lab: tuple[str, Path]) -> None:
    url, db = lab
    page.goto(f"{url}/lab/tree/{NOTEBOOK}")
    expect(page.locator(KERNEL_STATUS)).to_have_text(KERNEL_READY)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_selector(".lesson-quiz .lesson-check")
    q = next(q for q in questions("anatomy") if q.type in ("single", "truefalse"))
    right, _ = right_and_wrong(q)
    box = page.locator(f".lesson-q-{q.id}")
    box.scroll_into_view_if_needed()
    click_answer(box, q.type, right)
    page.wait_for_timeout(HUMAN_PAUSE_MS)  # see keyboard.HUMAN_PAUSE_MS: the answer reaches the kernel first
    box.locator(".lesson-check").click()
    expect(box.locator(".lesson-feedback .lesson-mark-correct")).to_be_visible()
    total = len(questions("anatomy"))
    expect(page.locator(".lesson-quiz .lesson-score")).to_contain_text(str(Score(1, total, 1)))
    saved = [a for a in Store(db).attempts() if a.quiz_id == "anatomy" and a.kind == "check"]
    assert [(a.question_id, a.correct) for a in saved] == [(q.id, True)]
