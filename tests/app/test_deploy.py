"""docs/deploy.md cannot drift from the hub configurations that tests/browser/test_jupyterhub.py runs.

- The page shows ``deploy/jupyterhub_config.py`` and ``deploy/values.yaml`` exactly as committed.
- The Zero to JupyterHub values say what the Python config says (URL, folder, environment,
  memory, CPU), and their idle-culler timeout is the one the page gives TLJH.
- The environment the hub gives each server is what ``binder/start`` sets, so a hub and Binder
  find the same ``jupyter_config.json`` and template.
"""

from __future__ import annotations

import os
import re
import subprocess

import pytest
from ruamel.yaml import YAML
from traitlets.config.loader import PyFileConfigLoader

from lesson.paths import REPO_ROOT

DOC = REPO_ROOT / "docs" / "deploy.md"
CONFIG = REPO_ROOT / "deploy" / "jupyterhub_config.py"
VALUES = REPO_ROOT / "deploy" / "values.yaml"


def shown(path: str) -> str:
    """The fenced block that follows ``<!-- file: PATH -->`` in docs/deploy.md."""
    text = DOC.read_text("utf-8")
    found = re.search(r"<!-- file: " + re.escape(path) + r" -->\n```\w*\n(.*?)```", text, re.S)
    assert found, f"docs/deploy.md does not show {path}"
    return found.group(1)


def hub_config(checkout: str | None = None) -> object:
    """The Python config as JupyterHub loads it (``LESSON_CHECKOUT`` as given, else unset)."""
    saved = os.environ.pop("LESSON_CHECKOUT", None)
    try:
        if checkout:
            os.environ["LESSON_CHECKOUT"] = checkout
        return PyFileConfigLoader(CONFIG.name, str(CONFIG.parent)).load_config()
    finally:
        os.environ.pop("LESSON_CHECKOUT", None)
        if saved is not None:
            os.environ["LESSON_CHECKOUT"] = saved


@pytest.mark.parametrize("path", ["deploy/jupyterhub_config.py", "deploy/values.yaml"])
def test_docs_show_the_committed_file(path: str) -> None:
    assert shown(path) == (REPO_ROOT / path).read_text("utf-8")


def test_kubernetes_values_match_the_python_config() -> None:
    spawner = hub_config().Spawner  # type: ignore[attr-defined]
    values = YAML(typ="safe").load(VALUES.read_text("utf-8"))
    user = values["singleuser"]
    assert user["notebookDir"] == spawner.notebook_dir == "/srv/lesson"
    assert user["defaultUrl"] == spawner.default_url
    assert user["extraEnv"] == spawner.environment
    assert user["memory"] == {"guarantee": spawner.mem_guarantee, "limit": spawner.mem_limit}
    assert user["cpu"]["limit"] == spawner.cpu_limit
    assert values["cull"]["enabled"] is True
    tljh = re.search(r"tljh-config set services\.cull\.timeout (\d+)", DOC.read_text("utf-8"))
    assert tljh and int(tljh.group(1)) == values["cull"]["timeout"]


def test_each_server_finds_the_config_and_template_as_binder_does() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("JUPYTER_CONFIG_PATH", "JUPYTER_PATH")}
    out = subprocess.run(["bash", str(REPO_ROOT / "binder" / "start"), "env"], env=env, capture_output=True,
                         text=True, check=True).stdout
    binder = dict(line.split("=", 1) for line in out.splitlines() if line.startswith("JUPYTER_"))
    hub = hub_config(str(REPO_ROOT)).Spawner.environment  # type: ignore[attr-defined]
    assert hub == {k: binder[k] for k in ("JUPYTER_CONFIG_PATH", "JUPYTER_PATH")}
    assert hub_config(str(REPO_ROOT)).Spawner.default_url.endswith("notebooks/index.ipynb")  # type: ignore[attr-defined]
    assert (REPO_ROOT / "notebooks" / "index.ipynb").exists()
