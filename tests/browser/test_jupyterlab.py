"""The notebooks work in JupyterLab the way `make lab` runs them: a working copy of notebooks/,
the lesson's lab config, a temporary HOME and database, Run All Cells, then a quiz answered with
feedback and a score that is stored in the same database the Voila app uses. JupyterLab asks
nothing of another host and shows no news prompt."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import QUIZ_READY, Recorded, jupyter_process, one_right_score
from keyboard import HUMAN_PAUSE_MS, right_and_wrong
from playwright.sync_api import Locator, Page, expect

from lesson.paths import lab_config_dir, notebooks_dir
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
NEWS_PROMPT = "official Jupyter news"


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """`jupyter lab` as `make lab` runs it: a working copy of the notebooks, the lesson's lab config."""
    tmp = tmp_path_factory.mktemp("jlab")
    work = tmp / "lab-work"
    shutil.copytree(notebooks_dir(), work)
    args = [f"--ServerApp.root_dir={work}", f"--LabApp.default_url=/lab/tree/{NOTEBOOK}"]
    with jupyter_process("lab", args, {"JUPYTER_CONFIG_PATH": str(lab_config_dir())}, tmp) as url:
        yield url, tmp / "progress.sqlite3"


def click_answer(box: Locator, qtype: str, position: int) -> None:
    """Pick the shown option at ``position`` with the mouse (JupyterLab owns many keys)."""
    box.locator("input[type=radio]").nth(position).check()  # single, true/false and verdict: one radio group


def test_run_all_cells_and_answer_a_question(
    page: Page, lab: tuple[str, Path], requests_seen: Recorded
) -> None:
    url, db = lab
    page.goto(f"{url}/lab/tree/{NOTEBOOK}")
    expect(page.locator(KERNEL_STATUS)).to_have_text(KERNEL_READY)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_selector(QUIZ_READY)
    q = next(q for q in questions("anatomy") if q.type in ("single", "truefalse"))
    right, _ = right_and_wrong(q)
    box = page.locator(f".lesson-q-{q.id}")
    box.scroll_into_view_if_needed()
    click_answer(box, q.type, right)
    page.wait_for_timeout(HUMAN_PAUSE_MS)  # see keyboard.HUMAN_PAUSE_MS: the answer reaches the kernel first
    box.locator(".lesson-check").click()
    expect(box.locator(".lesson-feedback .lesson-mark-correct")).to_be_visible()
    expect(page.locator(".lesson-quiz .lesson-score")).to_contain_text(one_right_score())
    saved = [a for a in Store(db).attempts() if a.quiz_id == "anatomy" and a.kind == "check"]
    assert [(a.question_id, a.correct) for a in saved] == [(q.id, True)]
    assert requests_seen.foreign() == [], "JupyterLab asked another host"
    expect(page.get_by_text(NEWS_PROMPT)).to_have_count(0)


def test_lab_config_turns_off_news_and_update_checks(page: Page, lab: tuple[str, Path]) -> None:
    """What `make lab` loads: the news feed, update check and extension search are off on the
    server and in the settings, so JupyterLab neither asks the learner nor reaches out (the
    server-side fetches of a news feed or of PyPI cannot be seen from the browser)."""
    url, _ = lab
    page.goto(f"{url}/lab/api/settings/@jupyterlab/apputils-extension:notification")
    reply = page.evaluate("() => JSON.parse(document.body.innerText)")
    defaults = {k: v.get("default") for k, v in reply["schema"]["properties"].items()}
    assert (defaults["fetchNews"], defaults["checkForUpdates"]) == ("false", False), defaults
    page.goto(f"{url}/lab/tree/{NOTEBOOK}")
    config = page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent)")
    assert config["news"] == {"disabled": True}, config.get("news")
    assert config["extensionManager"]["name"] == "read-only", "the extension manager would search PyPI"
