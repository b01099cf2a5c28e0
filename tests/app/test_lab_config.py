"""`make lab` and Binder load the lesson's JupyterLab config (no news prompt, no update check).

The browser test (tests/browser/test_jupyterlab.py) proves what the config does in a running
JupyterLab; these tests prove that `make lab` and binder/start actually put it on the path.
"""

from __future__ import annotations

import os
import shlex
import subprocess

from lesson.paths import REPO_ROOT, lab_config_dir


def lab_command(*make_args: str) -> list[str]:
    """The words of the `jupyter lab` command `make lab` would run (``make -n`` runs nothing)."""
    env = {k: v for k, v in os.environ.items() if k != "LAB_ARGS"}
    shown = subprocess.run(["make", "-n", "-s", "lab", *make_args], cwd=REPO_ROOT, env=env,
                           capture_output=True, text=True, check=True).stdout.replace("\\\n", " ")
    command = next(line for line in shown.splitlines() if "jupyter lab" in line)
    return shlex.split(command.replace("${JUPYTER_CONFIG_PATH:+:$JUPYTER_CONFIG_PATH}", ""))


def test_make_lab_puts_the_lab_config_first_on_the_config_path() -> None:
    words = lab_command()
    assignment = next(w for w in words if w.startswith("JUPYTER_CONFIG_PATH="))
    assert assignment.split("=", 1)[1].split(os.pathsep)[0] == str(lab_config_dir())


def test_make_lab_passes_lab_args_on() -> None:
    assert lab_command("LAB_ARGS=--allow-root")[-1] == "--allow-root"
    assert "--allow-root" not in lab_command()


def test_binder_start_adds_the_lab_config() -> None:
    env = {k: v for k, v in os.environ.items() if k != "JUPYTER_CONFIG_PATH"}
    shown = subprocess.run(["bash", str(REPO_ROOT / "binder" / "start"), "printenv", "JUPYTER_CONFIG_PATH"],
                           env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert shown.split(os.pathsep) == [str(REPO_ROOT), str(lab_config_dir())]

