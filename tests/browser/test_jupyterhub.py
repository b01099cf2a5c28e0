"""The lesson under a real JupyterHub: two learners, each in their own server, home and database.

A real hub (the ``jupyterhub`` package) with the real proxy (``configurable-http-proxy`` from
npm, pinned in package.json), on 127.0.0.1 only. It loads the documented configuration,
``deploy/jupyterhub_config.py``, and adds only what a test needs: a shared-password login,
``SimpleLocalProcessSpawner`` with each user's home under a temporary folder, free ports and a
service token for the hub's REST API. Each user's server runs ``jupyterhub-singleuser`` with the
repository's ``jupyter_config.json`` (Voila and ``lesson.app.server_ext``), as on a real hub.

One hub serves the whole module; the tests run in order (one story, split so a failure says
which part broke): log in and land in the lesson, answer, see only one's own progress, be
refused another's server, free a left page's kernel, keep progress over a server restart.
The memory of one learner's server with the lesson open is reported (and written to
``artifacts/jupyterhub-memory.txt``) and checked against the documented guarantee.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest
from conftest import (
    ARTIFACTS,
    QUIZ_READY,
    Recorded,
    answer_one_right,
    assert_no_error_shown,
    kernel_id,
    one_right_score,
    page_text,
    private_env,
    wait_rendered,
    wait_until,
)
from lesson_server import free_port, rss
from playwright.sync_api import Browser, BrowserContext, Page, expect

from lesson.paths import REPO_ROOT

pytestmark = pytest.mark.browser

DEPLOY_CONFIG = REPO_ROOT / "deploy" / "jupyterhub_config.py"
PROXY = Path(__file__).resolve().parent / "node_modules" / ".bin" / "configurable-http-proxy"
SINGLEUSER = Path(sys.executable).parent / "jupyterhub-singleuser"
USERS = ("alice", "bob")
CHAPTER = "voila/render/notebooks/01_anatomy.ipynb"
MIB = 2**20

TEST_CONFIG = """\
# Written by tests/browser/test_jupyterhub.py: the documented config, plus test-only settings.
import os
os.environ["LESSON_CHECKOUT"] = {repo!r}
load_subconfig({deploy!r})

c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.db_url = "sqlite:///{tmp}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{tmp}/jupyterhub_cookie_secret"
c.JupyterHub.cleanup_servers = True

c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = {password!r}
c.Authenticator.allow_all = True

c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{tmp}/home/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.ip = "127.0.0.1"
c.Spawner.args = ["--ServerApp.allow_root=True"]  # CI containers run as root
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180

c.JupyterHub.services = [{{"name": "lesson-test", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{
    "name": "lesson-test",
    "scopes": ["admin:users", "admin:servers", "access:servers", "list:users"],
    "services": ["lesson-test"],
}}]
"""


@dataclass
class Hub:
    """A running JupyterHub on 127.0.0.1, its temporary folder, password and service token."""

    tmp: Path
    port: int = field(default_factory=free_port)
    password: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    token: str = field(default_factory=lambda: secrets.token_hex(32))
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.tmp / "hub.log"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def home(self, user: str) -> Path:
        return self.tmp / "home" / user

    def db(self, user: str) -> Path:
        return self.home(user) / ".local" / "share" / "back-spasm-lesson" / "progress.sqlite3"

    def start(self, timeout: float = 90.0) -> Hub:
        config = self.tmp / "jupyterhub_config.py"
        config.write_text(TEST_CONFIG.format(
            repo=str(REPO_ROOT), deploy=str(DEPLOY_CONFIG), port=self.port, hub_port=free_port(),
            api_port=free_port(), proxy=str(PROXY), tmp=self.tmp, password=self.password,
            singleuser=str(SINGLEUSER), token=self.token))
        env = private_env(self.tmp)
        env.pop("LESSON_DB")  # each user's database lives in their own home
        cmd = [sys.executable, "-m", "jupyterhub", "-f", str(config)]
        self.proc = subprocess.Popen(cmd, cwd=self.tmp, env=env, stdout=self.log_path.open("wb"),
                                     stderr=subprocess.STDOUT)
        up = wait_until(lambda: self.proc.poll() is not None or self._answers(), timeout)
        if not up or self.proc.poll() is not None:
            raise RuntimeError(f"JupyterHub did not start:\n{self.log()}")
        return self

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "/hub/api/", timeout=2) as reply:
                return reply.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False  # polling for the port to open, not waiting for a page

    def api(self, method: str, path: str, base: str = "/hub/api") -> tuple[int, dict]:
        """A request with the test service's token; (status, JSON body or {})."""
        req = urllib.request.Request(self.url + base + path, method=method,
                                     headers={"Authorization": f"token {self.token}"})
        try:
            with urllib.request.urlopen(req, timeout=60) as reply:
                body = reply.read()
                return reply.status, json.loads(body) if body.strip() else {}
        except urllib.error.HTTPError as err:
            return err.code, {}

    def server_ready(self, user: str) -> bool:
        _, model = self.api("GET", f"/users/{user}")
        server = model.get("servers", {}).get("", {})
        return bool(server.get("ready"))

    def stop_server(self, user: str) -> None:
        status, _ = self.api("DELETE", f"/users/{user}/server")
        assert status in (202, 204), status
        assert wait_until(lambda: not self.server_ready(user) and self.server_process(user) is None, 60), \
            f"{user}'s server did not stop:\n{self.log()}"

    def kernel_alive(self, user: str, kid: str) -> bool:
        status, _ = self.api("GET", f"/user/{user}/api/kernels/{kid}", base="")
        assert status in (200, 404), status
        return status == 200

    def server_process(self, user: str) -> psutil.Process | None:
        """The user's single-user server: the hub's child process that runs for ``user``."""
        if self.proc is None:
            return None
        for child in psutil.Process(self.proc.pid).children():
            try:
                if "jupyterhub-singleuser" in " ".join(child.cmdline()) and \
                        child.environ().get("JUPYTERHUB_USER") == user:
                    return child
            except psutil.Error:
                continue
        return None

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()  # the hub stops the users' servers (cleanup_servers) and its proxy
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


def deploy_setting(name: str) -> object:
    """A value of the documented config (``c.Spawner.<name>``), read as JupyterHub reads it."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader(DEPLOY_CONFIG.name, str(DEPLOY_CONFIG.parent)).load_config()
    return config.Spawner[name]


def to_bytes(spec: str) -> int:
    """``512M`` / ``1G`` -> bytes, as JupyterHub's ByteSpecification reads them."""
    from jupyterhub.traitlets import ByteSpecification

    return int(ByteSpecification().validate(None, spec))


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    if not PROXY.exists():
        pytest.fail(f"configurable-http-proxy is missing at {PROXY}: run `npm ci --prefix tests/browser`",
                    pytrace=False)
    running = Hub(tmp_path_factory.mktemp("hub")).start()
    yield running
    running.stop()


@dataclass
class Learner:
    name: str
    context: BrowserContext
    page: Page
    seen: Recorded


@pytest.fixture(scope="module")
def learners(browser: Browser, hub: Hub) -> Iterator[dict[str, Learner]]:
    """Each user in their own browser context (own cookies), logged in through the hub's form."""
    out: dict[str, Learner] = {}
    for name in USERS:
        # browser.new_context, not the recorded new_context fixture: these contexts live for the module
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        ctx.set_default_timeout(180_000)  # a first spawn on a loaded machine
        seen = Recorded()
        ctx.on("request", lambda req, seen=seen: seen.urls.append(req.url))
        out[name] = Learner(name, ctx, ctx.new_page(), seen)
    yield out
    for one in out.values():
        one.context.close()


def user_url(hub: Hub, user: str, path: str) -> str:
    return f"{hub.url}/user/{user}/{path}"


def test_each_learner_logs_in_and_lands_in_the_lesson(hub: Hub, learners: dict[str, Learner]) -> None:
    """The hub's login form, then straight into the Voila landing page, named by the hub."""
    for name, one in learners.items():
        page = one.page
        page.goto(hub.url + "/hub/login")
        page.fill("input[name=username]", name)
        page.fill("input[name=password]", hub.password)
        page.click("#login_submit")
        page.wait_for_url(f"**/user/{name}/voila/render/notebooks/index.ipynb", timeout=180_000)
        wait_rendered(page)
        page.wait_for_selector(".lesson-card")
        expect(page.locator(".lesson-learner")).to_contain_text(f"Learning as: {name}")
        expect(page.locator(".lesson-name-form")).to_have_count(0)  # the hub names the learner
        assert page.evaluate("() => document.documentElement.lang") == "en"
        assert_no_error_shown(page)
        assert one.seen.foreign() == [], one.seen.foreign()
    for name in USERS:  # each server is its own process, run for its user, in its own home
        proc = hub.server_process(name)
        assert proc is not None, hub.log()
        assert proc.environ()["HOME"] == str(hub.home(name))


def test_each_learner_answers_and_sees_only_their_own_progress(
    hub: Hub, learners: dict[str, Learner]
) -> None:
    alice, bob = learners["alice"].page, learners["bob"].page
    alice.goto(user_url(hub, "alice", CHAPTER))
    alice.wait_for_selector(QUIZ_READY)
    answer_one_right(alice)

    bob.goto(user_url(hub, "bob", CHAPTER))
    bob.wait_for_selector(QUIZ_READY)
    expect(bob.locator(".lesson-learner")).to_contain_text("Learning as: bob")
    expect(bob.locator(".lesson-quiz .lesson-feedback .lesson-mark-correct")).to_have_count(0)  # not alice's
    answer_one_right(bob)

    for name in USERS:
        db = hub.db(name)
        assert db.exists(), f"no database in {name}'s home"
        with sqlite3.connect(db) as conn:
            learners_saved = {row[0] for row in conn.execute("SELECT DISTINCT learner FROM attempts")}
        assert learners_saved == {f"hub:{name}"}, (name, learners_saved)


def test_a_learner_cannot_open_another_learners_server(hub: Hub, learners: dict[str, Learner]) -> None:
    """Alice, logged in, asks for Bob's running server: the hub refuses, nothing of Bob's shows."""
    assert hub.server_ready("bob")
    page = learners["alice"].page
    statuses: list[int] = []
    page.on("response", lambda r: statuses.append(r.status) if r.request.is_navigation_request() else None)
    page.goto(user_url(hub, "bob", CHAPTER))
    page.wait_for_load_state()
    assert statuses[-1] == 403, (statuses, page.url)
    assert page.url.startswith(hub.url + "/hub/"), page.url  # the hub answered, not Bob's server
    expect(page.locator("body")).to_contain_text("You do not have permission to access Server at /user/bob/")
    assert "Learning as" not in page_text(page)
    assert page.locator(".lesson-quiz").count() == 0


def test_a_left_page_frees_its_kernel(hub: Hub, learners: dict[str, Learner]) -> None:
    """lesson.app.server_ext sets the _xsrf cookie Voila's unload beacon needs, on the hub too."""
    page = learners["alice"].page
    page.goto(user_url(hub, "alice", CHAPTER))
    page.wait_for_selector(QUIZ_READY)
    kid = kernel_id(page)
    assert hub.kernel_alive("alice", kid)
    page.goto("about:blank")
    assert wait_until(lambda: not hub.kernel_alive("alice", kid), 60), "the left page's kernel still runs"


def test_memory_of_one_learners_server_with_the_lesson_open(
    hub: Hub, learners: dict[str, Learner], capsys: pytest.CaptureFixture[str]
) -> None:
    """Reported, and kept under the documented guarantee (deploy/jupyterhub_config.py)."""
    page = learners["alice"].page
    page.goto(user_url(hub, "alice", CHAPTER))
    page.wait_for_selector(QUIZ_READY)
    server = hub.server_process("alice")
    assert server is not None
    procs = [server, *server.children(recursive=True)]
    kernels = [p for p in procs if "ipykernel" in " ".join(p.cmdline())]
    assert len(kernels) == 1, kernels
    total, kernel = sum(rss(p) for p in procs), rss(kernels[0])
    line = (f"JupyterHub: one learner's server with the anatomy chapter open: {total / MIB:.0f} MiB RSS "
            f"(server {(total - kernel) / MIB:.0f} MiB + kernel {kernel / MIB:.0f} MiB)")
    with capsys.disabled():
        print("\n" + line)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "jupyterhub-memory.txt").write_text(line + "\n")
    guarantee = to_bytes(str(deploy_setting("mem_guarantee")))
    assert total < guarantee, f"{line}; the documented guarantee is {guarantee / MIB:.0f} MiB"


def test_progress_survives_a_server_restart(hub: Hub, learners: dict[str, Learner]) -> None:
    hub.stop_server("alice")
    status, _ = hub.api("POST", "/users/alice/server")
    assert status in (201, 202), status
    started = wait_until(lambda: hub.server_ready("alice"), 180)
    assert started, f"alice's server did not start again:\n{hub.log()}"
    page = learners["alice"].page
    page.goto(user_url(hub, "alice", CHAPTER))
    page.wait_for_selector(QUIZ_READY)
    expect(page.locator(".lesson-quiz .lesson-feedback .lesson-mark-correct")).to_have_count(1)
    expect(page.locator(".lesson-quiz .lesson-score")).to_contain_text(one_right_score())
