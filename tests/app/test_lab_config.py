"""`make lab` and Binder load the lesson's JupyterLab config (no news prompt, no update check).

The browser test (tests/browser/test_jupyterlab.py) proves what the config does in a running
JupyterLab; these tests prove that `make lab` and binder/start actually put it on the path.
"""

from __future__ import annotations

import os
import shlex
import subprocess

from lesson.paths import REPO_ROOT, lab_config_dir


def test_make_lab_puts_the_lab_config_first_on_the_config_path() -> None:
    shown = subprocess.run(["make", "-n", "-s", "lab"], cwd=REPO_ROOT, capture_output=True, text=True,
                           check=True).stdout.replace("\\\n", " ")
    command = next(line for line in shown.splitlines() if "jupyter lab" in line)
    words = shlex.split(command.replace("${JUPYTER_CONFIG_PATH:+:$JUPYTER_CONFIG_PATH}", ""))
    assignment = next(w for w in words if w.startswith("JUPYTER_CONFIG_PATH="))
    assert assignment.split("=", 1)[1].split(os.pathsep)[0] == str(lab_config_dir())


def test_binder_start_adds_the_lab_config() -> None:
    env = {k: v for k, v in os.environ.items() if k != "JUPYTER_CONFIG_PATH"}
    shown = subprocess.run(["bash", str(REPO_ROOT / "binder" / "start"), "printenv", "JUPYTER_CONFIG_PATH"],
                           env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert shown.split(os.pathsep) == [str(REPO_ROOT), str(lab_config_dir())]

