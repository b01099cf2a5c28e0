"""Binder/JupyterHub way: `jupyter server` with the repository's jupyter_config.json serves the
landing page through voila/render/ with the lesson's template and no outside request."""

from __future__ import annotations

import json
import os
import re
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from conftest import Recorded, jupyter_process, leave_and_wait_kernel_gone, wait_rendered
from playwright.sync_api import Page

from lesson.paths import REPO_ROOT

pytestmark = pytest.mark.browser
BINDER_VARS = ("JUPYTER_CONFIG_PATH", "JUPYTER_PATH")


def binder_paths() -> dict[str, str]:
    """``JUPYTER_CONFIG_PATH`` and ``JUPYTER_PATH`` exactly as ``binder/start`` sets them."""
    env = {k: v for k, v in os.environ.items() if k not in BINDER_VARS}
    shown = subprocess.run(["bash", str(REPO_ROOT / "binder" / "start"), "env"], env=env,
                           capture_output=True, text=True, check=True).stdout
    pairs = (line.split("=", 1) for line in shown.splitlines() if "=" in line)
    found = {name: value for name, value in pairs if name in BINDER_VARS}
    assert set(found) == set(BINDER_VARS), shown
    return found


@pytest.fixture(scope="module")
def jupyter_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`jupyter server` finding the settings and the template through binder/start's paths."""
    tmp = tmp_path_factory.mktemp("jserver")
    with jupyter_process("server", [f"--ServerApp.root_dir={REPO_ROOT}"], binder_paths(), tmp) as url:
        yield url


def test_landing_through_voila_render(page: Page, jupyter_server: str, requests_seen: Recorded) -> None:
    page.goto(jupyter_server + "/voila/render/notebooks/index.ipynb?learner=hub-test")
    wait_rendered(page)
    page.wait_for_selector(".lesson-card")
    assert page.evaluate("() => document.documentElement.lang") == "en"
    css = page.evaluate("() => [...document.querySelectorAll('link[rel=stylesheet]')].map(l => l.href)")
    assert any("/voila/templates/lesson/static/lesson.css" in h for h in css)
    assert requests_seen.foreign() == []


def test_server_reads_the_repository_config(jupyter_server: str) -> None:
    """JUPYTER_CONFIG_PATH=<repo> (as binder/start sets it) makes the server load jupyter_config.json:
    Voila's stock allowlist serves only images, the lesson's also serves CSS; both refuse notebooks."""
    css = "/voila/files/assets/voila/templates/lesson/static/lesson.css"
    with urllib.request.urlopen(jupyter_server + css, timeout=30) as r:
        assert r.status == 200
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(jupyter_server + "/voila/files/notebooks/index.ipynb", timeout=30)
    assert refused.value.code in (403, 404)
    with urllib.request.urlopen(jupyter_server + "/voila/render/notebooks/index.ipynb", timeout=60) as r:
        html = r.read().decode()
    found = re.search(r'<script id="jupyter-config-data"[^>]*>(.*?)</script>', html, re.S)
    assert found, "no page config in the rendered page"
    config = json.loads(found.group(1))
    assert config["fullMathjaxUrl"] is None and config["mathjaxConfig"] is None
    assert "cdnjs" not in html and "cdn.jsdelivr" not in html


def test_leaving_a_page_frees_its_kernel(page: Page, jupyter_server: str) -> None:
    """Voila's own server extension never sets the _xsrf cookie its unload beacon needs, so each left
    page kept a kernel (about 70 MiB) until culled; lesson.app.server_ext fixes that under jupyter server."""
    page.goto(jupyter_server + "/voila/render/notebooks/index.ipynb?learner=hub-leave")
    wait_rendered(page)
    page.wait_for_selector(".lesson-card")
    assert "_xsrf" in {c["name"] for c in page.context.cookies()}
    assert leave_and_wait_kernel_gone(page, jupyter_server)
