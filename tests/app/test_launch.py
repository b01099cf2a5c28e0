"""The launcher: the landing redirect keeps the query, config and template are the committed ones."""

from __future__ import annotations

import json
import os

import nbformat
import pytest
import tornado.httpclient
import tornado.web
from tornado.testing import AsyncHTTPTestCase
from traitlets.config import Config, JSONFileConfigLoader
from voila.execute import VoilaExecutor

from lesson.app import launch
from lesson.paths import REPO_ROOT


class RedirectTest(AsyncHTTPTestCase):
    def get_app(self) -> tornado.web.Application:
        target = "/voila/render/index.ipynb"
        return tornado.web.Application([(r"/?", launch.LandingRedirect, {"target": target})])

    def test_keeps_query(self) -> None:
        resp = self.fetch("/?learner=ann&present=1", follow_redirects=False)
        assert resp.code == 302
        assert resp.headers["Location"] == "/voila/render/index.ipynb?learner=ann&present=1"

    def test_plain(self) -> None:
        resp = self.fetch("/", follow_redirects=False)
        assert resp.headers["Location"] == "/voila/render/index.ipynb"


def test_url_for_wildcard_host() -> None:
    assert launch.url_for("0.0.0.0", 8866) == "http://127.0.0.1:8866/"
    assert launch.url_for("127.0.0.1", 9000) == "http://127.0.0.1:9000/"


def test_build_app_uses_committed_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTER_PATH", "")  # undone after the test
    monkeypatch.setenv("LESSON_HOST", "before")
    app = launch.build_app("127.0.0.1", 8999, False)
    conf = app.voila_configuration
    assert conf.template == "lesson"
    assert conf.show_tracebacks is False and conf.strip_sources is True
    assert os.environ["LESSON_HOST"] == "127.0.0.1"
    assert os.environ["JUPYTER_PATH"].split(os.pathsep)[0] == str(REPO_ROOT / "assets")
    assert any("assets/voila/templates/lesson" in p for p in app.template_paths)
    assert app.root_dir == str(REPO_ROOT / "notebooks")


def test_voila_and_jupyter_configs_agree() -> None:
    voila = json.loads((REPO_ROOT / "voila.json").read_text())
    server = json.loads((REPO_ROOT / "jupyter_config.json").read_text())
    assert server["VoilaConfiguration"] == voila["VoilaConfiguration"]
    assert server["MappingKernelManager"] == voila["MappingKernelManager"]
    assert voila["MappingKernelManager"]["cull_idle_timeout"] > 0


def _executor_iopub_timeout(config: Config) -> int:
    """The IOPub wait of the executor Voila builds for a page, with this traitlets config."""
    return int(VoilaExecutor(nbformat.v4.new_notebook(), config=config).iopub_timeout)


def test_executor_waits_for_late_output_under_load(monkeypatch: pytest.MonkeyPatch) -> None:
    """nbclient's default 4 s IOPub wait dropped quiz outputs when 20 pages loaded at once.

    Under load the kernel's ``execute_reply`` can arrive seconds before the widget messages
    the cell sent; after ``iopub_timeout`` nbclient moves on and the page silently lacks the
    quiz. Both ways of serving (our launcher and the server extension) must raise the wait.
    """
    monkeypatch.setenv("JUPYTER_PATH", "")
    default = _executor_iopub_timeout(Config())
    app = launch.build_app("127.0.0.1", 8998, False)
    server = JSONFileConfigLoader("jupyter_config.json", path=str(REPO_ROOT)).load_config()
    assert default == 4
    assert _executor_iopub_timeout(app.config) >= 30
    assert _executor_iopub_timeout(server) == _executor_iopub_timeout(app.config)


@pytest.mark.parametrize(("pool", "on"), [(0, False), (2, True)])
def test_preheat_option_sets_voilas_pool(monkeypatch: pytest.MonkeyPatch, pool: int, on: bool) -> None:
    """``--preheat N`` overrides voila.json's ``preheat_kernel: false``; 0 leaves it off."""
    monkeypatch.setenv("JUPYTER_PATH", "")
    conf = launch.build_app("127.0.0.1", 8997, False, preheat=pool).voila_configuration
    assert conf.preheat_kernel is on
    if on:
        assert conf.default_pool_size == pool

