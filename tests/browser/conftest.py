"""Browser-test harness: a live lesson server on a free port and headless Debian Chromium.

Each server runs the real launcher (``python -m lesson app``) in its own process with
a temporary HOME and database, so tests never touch a developer's progress. Pages are waited
for by concrete selectors, never by sleeping.

The browser, its contexts and pages come from pytest-playwright (``playwright``, ``browser``,
``new_context``, ``context``, ``page``); this file only says how to launch Debian's Chromium
(``browser_type_launch_args``) and what every test's context looks like (``context``, ``page``).
Contexts made through ``context``, ``page`` or ``new_context`` are recorded: with
``--tracing retain-on-failure --screenshot only-on-failure --output test-results/browser`` (what
``make browser`` passes) a failing test leaves ``trace.zip`` (open it with
``.venv/bin/playwright show-trace``) and a screenshot of each open page in
``test-results/browser/<test id>/``. A context made with ``browser.new_context()`` directly is not
recorded; ask for ``new_context`` instead (same arguments, closed after the test).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import nbformat
import pytest
from keyboard import answer, right_and_wrong
from lesson_server import QUIZ_READY, LessonServer, free_port, private_env, wait_until  # noqa: F401 (re-exported)
from playwright.sync_api import BrowserContext, Page, expect

from lesson.paths import REPO_ROOT
from lesson.progress.scoring import Score
from lesson.quiz.bank import questions

CHROMIUM_HINT = "install it: apt-get install -y chromium"
AXE_JS = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO_ROOT / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DESKTOP = {"width": 1280, "height": 900}
"""The viewport of the ``context`` and ``page`` fixtures."""
NewContext = Callable[..., BrowserContext]
"""The type of pytest-playwright's ``new_context`` fixture: a recorded context, closed after the test."""
PAGE_TIMEOUT_MS = 90_000
EXPECT_TIMEOUT_MS = 30_000
"""How long an ``expect`` keeps retrying. Playwright's 5 s default is a guess about the machine:
a kernel restart or a loaded CI runner can take longer. A ceiling, not a measurement: a passing
assertion returns as soon as it holds."""
expect.set_options(timeout=EXPECT_TIMEOUT_MS)


def chromium_path() -> str:
    """Debian's Chromium (or $CHROMIUM); a missing browser is a failure, never a skip."""
    path = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(path).exists():
        pytest.fail(f"Chromium not found at {path}: {CHROMIUM_HINT}", pytrace=False)
    return path


@pytest.fixture(scope="session", autouse=True)
def whole_quizzes() -> Iterator[None]:
    """Servers started by these tests build every quiz question with the page (``LESSON_QUIZ_FIRST=all``),
    as JupyterLab does: most tests look at questions, not at how a page loads, and building the rest
    later costs each of the suite's few hundred page loads a second round of widgets. How a page that
    starts with 2 questions loads the rest is tested in test_quiz_progressive_load.py, and the
    benchmarks measure that default."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LESSON_QUIZ_FIRST", os.environ.get("LESSON_QUIZ_FIRST", "all"))
        yield


@pytest.fixture(scope="session")
def server(whole_quizzes: None) -> Iterator[LessonServer]:
    """The real lesson (notebooks/), shared by every test that only reads pages or uses its own learner."""
    srv = LessonServer().start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session", autouse=True)
def delete_output_dir(pytestconfig: pytest.Config) -> None:
    """pytest-playwright's: empty ``--output`` at the start of a run that records failures, so
    only this run's are there. A run that records nothing (no ``--tracing``, ``--screenshot`` or
    ``--video``) and a run without browser tests (tests/conftest.py) leave the last ones alone."""
    if any(pytestconfig.getoption(option) != "off" for option in ("--tracing", "--screenshot", "--video")):
        shutil.rmtree(Path(pytestconfig.getoption("--output")), ignore_errors=True)


@pytest.fixture(scope="session")
def base_url() -> str | None:
    """No base URL (pages are opened by full URL); replaces pytest-playwright's fallback fixture,
    which pytest 9 warns about."""
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright launches Debian's Chromium (it cannot download its own here), headless
    unless ``--headed``; ``browser`` (one per session and xdist worker) is the plugin's."""
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_ARGS}


@dataclass
class Recorded:
    """Every request a page made, for the nothing-leaves-the-machine check."""

    urls: list[str] = field(default_factory=list)

    def foreign(self, allowed_host: str = "127.0.0.1") -> list[str]:
        out = []
        for u in self.urls:
            parts = urlsplit(u)
            if parts.scheme in ("data", "blob", "about", "chrome-extension"):
                continue
            if parts.hostname != allowed_host:
                out.append(u)
        return out


@pytest.fixture
def context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    """A laptop-sized context, recorded for the failure artefacts (pytest-playwright's
    ``new_context`` closes it after the test). Playwright's 30 s default action timeout is too
    short for a kernel start on a loaded machine."""
    ctx = new_context(viewport=DESKTOP)
    ctx.set_default_timeout(PAGE_TIMEOUT_MS)
    return ctx


@pytest.fixture
def requests_seen(context: BrowserContext) -> Recorded:
    rec = Recorded()
    context.on("request", lambda req: rec.urls.append(req.url))
    return rec


@pytest.fixture
def page(context: BrowserContext, requests_seen: Recorded) -> Page:
    """pytest-playwright's ``page``, with every request it makes recorded in ``requests_seen``."""
    return context.new_page()


ALL_QUESTIONS_SHOWN = """() => Array.from(document.querySelectorAll('.lesson-quiz')).every((quiz) => {
  if (quiz.classList.contains('lesson-quiz-pending')) return false;
  const count = quiz.querySelector('.lesson-q-count');
  const total = count ? Number((/of (\\d+)/.exec(count.textContent) || [0, 0])[1]) : 0;
  return quiz.querySelectorAll('.lesson-question').length >= total;
})"""
"""Every quiz on the page shows all its questions (not only the first few it starts with)."""


def wait_rendered(page: Page) -> None:
    """Voila has run every cell and shown the page (the spinner is gone, cells are visible), and
    every quiz has all its questions (lesson.js asks for those after the first few)."""
    page.wait_for_selector("#rendered_cells", state="visible")
    page.wait_for_function("() => !document.querySelector('#loading') || "
                           "getComputedStyle(document.querySelector('#loading')).display === 'none'")
    page.wait_for_function(ALL_QUESTIONS_SHOWN)


def open_lesson(page: Page, server: LessonServer, path: str, wait_for: str | None = None) -> None:
    """Go to a page of the app and wait until it is rendered (and ``wait_for`` shows)."""
    page.goto(server.url + path)
    wait_rendered(page)
    if wait_for:
        page.wait_for_selector(wait_for)


def kernel_id(page: Page) -> str:
    """The id of the kernel Voila started for this page (from its page config)."""
    config = "document.getElementById('jupyter-config-data').textContent"
    return str(page.evaluate(f"() => JSON.parse({config}).kernelId"))


def kernel_alive(base_url: str, kid: str) -> bool:
    """Whether the server still lists the kernel (``/api/kernels/<id>``; 404 once it is shut down)."""
    try:
        with urllib.request.urlopen(f"{base_url}/api/kernels/{kid}", timeout=10) as reply:
            return reply.status == 200
    except urllib.error.HTTPError as err:
        if err.code == 404:
            return False
        raise


def leave_and_wait_kernel_gone(page: Page, base_url: str, limit_s: float = 30.0) -> bool:
    """Leave the page as a closing tab would; True once its kernel is gone (False after ``limit_s``)."""
    kid = kernel_id(page)
    assert kernel_alive(base_url, kid), "the page's kernel should be running while the page is open"
    page.goto("about:blank")
    return wait_until(lambda: not kernel_alive(base_url, kid), limit_s)


def answer_one_right(page: Page) -> str:
    """Answer the anatomy chapter's first simple question right and wait for the saved score."""
    q = next(q for q in questions("anatomy") if q.type in ("single", "truefalse"))
    right, _ = right_and_wrong(q)
    box = answer(page, q, right)
    expect(box.locator(".lesson-feedback .lesson-mark-correct")).to_be_visible()
    expect(page.locator(".lesson-quiz .lesson-score")).to_contain_text(one_right_score())
    return q.id


NOT_RIGHT = ".lesson-mark-wrong, .lesson-mark-partial"
"""How feedback marks an answer that is wrong or only partly right."""


def answer_each_wrong_then_right(page: Page, quiz_id: str) -> set[str]:
    """Answer every question of ``quiz_id`` wrong, then right, by keyboard, checking the mark each
    time; returns the question types seen."""
    seen = set()
    for q in questions(quiz_id):
        right, wrong = right_and_wrong(q)
        box = answer(page, q, wrong)
        expect(box.locator(f".lesson-feedback :is({NOT_RIGHT})")).to_be_visible()
        box = answer(page, q, right)
        expect(box.locator(".lesson-feedback .lesson-mark-correct")).to_be_visible()
        seen.add(q.type)
    return seen


def one_right_score() -> str:
    """The anatomy score after ``answer_one_right``: one right of one answered."""
    return str(Score(1, len(questions("anatomy")), 1))


def page_text(page: Page) -> str:
    return page.evaluate("() => document.body.innerText")


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(f"axe-core is missing at {AXE_JS}: run `npm ci --prefix tests/browser`", pytrace=False)
    return AXE_JS.read_text()


ERROR_OUTPUTS = (".jp-OutputArea-output[data-mime-type*='stderr'], "
                 ".jp-OutputArea-output[data-mime-type*='error'], .jp-RenderedText[data-mime-type*='error']")
"""Where Voila or JupyterLab would show an error or a traceback from the kernel."""
ERROR_TEXT = ("Traceback", "There was an error", "Error", "Exception")


def assert_no_error_shown(page: Page) -> None:
    """No error output, Voila cell-error banner or traceback text anywhere on the page."""
    assert page.locator(ERROR_OUTPUTS).count() == 0, "an error output is shown"
    text = page_text(page)
    for word in ERROR_TEXT:
        assert word not in text, f"{word!r} on the page"


@pytest.fixture
def start_server() -> Iterator[Callable[..., LessonServer]]:
    """Start private servers (own notebooks folder, environment or port); all stopped afterwards."""
    started: list[LessonServer] = []

    def start(**kwargs: Any) -> LessonServer:
        srv = LessonServer(**kwargs)
        started.append(srv)
        return srv.start()

    yield start
    for srv in started:
        srv.stop()


@contextmanager
def jupyter_process(app: str, args: list[str], env_extra: dict[str, str], tmp: Path) -> Iterator[str]:
    """Run ``jupyter-<app>`` (server, lab) on a free port with a temporary HOME; yields its URL.

    Its output goes to ``tmp/server.log``, which is shown if it fails to start."""
    port = free_port()
    env = {**private_env(tmp), **env_extra}
    cmd = [str(Path(sys.executable).parent / f"jupyter-{app}"), "--no-browser", f"--port={port}",
           "--ip=127.0.0.1", "--IdentityProvider.token=", "--allow-root", *args]
    log_path = tmp / "server.log"
    proc = subprocess.Popen(cmd, cwd=tmp, env=env, stdout=log_path.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"jupyter {app} exited early:\n" + log_path.read_text(errors="replace"))
            if time.monotonic() > deadline:
                raise RuntimeError(f"jupyter {app} did not start:\n" + log_path.read_text(errors="replace"))
            try:
                with urllib.request.urlopen(url + "/api/status", timeout=2):
                    break
            except urllib.error.HTTPError:
                break  # it answers (an auth error still means it is up)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)  # polling for the port to open, not waiting for a page
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def one_notebook_server(tmp_path_factory: pytest.TempPathFactory, name: str,
                        cells: list[Any]) -> Iterator[LessonServer]:
    """A lesson server for one made-up notebook ``<name>.ipynb`` (cells: code strings or nbformat
    cells), for a module-scoped fixture to ``yield from``; stopped when the module is done."""
    root = tmp_path_factory.mktemp(name) / "notebooks"
    root.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) if isinstance(c, str) else c for c in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, root / f"{name}.ipynb")
    srv = LessonServer(root=root).start()
    try:
        yield srv
    finally:
        srv.stop()
