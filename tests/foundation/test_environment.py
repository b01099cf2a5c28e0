"""environment.yml (for conda, Binder and JupyterHub) must never drift from pyproject.toml.

conda cannot be reached on our machines, so this is the only guard: the same packages at
the same versions in environment.yml, in pyproject.toml and in constraints.txt.
"""

from __future__ import annotations

import re

import tomllib
from packaging.requirements import Requirement
from ruamel.yaml import YAML

from lesson.paths import REPO_ROOT


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    specs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        specs.extend(extra)
    pins: dict[str, str] = {}
    for spec in specs:
        req = Requirement(spec)
        (only,) = list(req.specifier)
        assert only.operator == "==", f"{spec}: pyproject pins must be exact (==)"
        pins[_norm(req.name)] = only.version
    return pins


def _environment_pins() -> dict[str, str]:
    env = YAML(typ="safe").load((REPO_ROOT / "environment.yml").read_text("utf-8"))
    assert "conda-forge" in env["channels"]
    pins: dict[str, str] = {}
    for dep in env["dependencies"]:
        if not isinstance(dep, str) or dep in {"pip"} or dep.startswith("python="):
            continue
        name, sep, version = dep.partition("==")
        assert sep, f"environment.yml: {dep!r} is not pinned with =="
        pins[_norm(name)] = version
    return pins


def _constraint_pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (REPO_ROOT / "constraints.txt").read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[_norm(name)] = version
    return pins


def test_environment_yml_parses_and_matches_pyproject() -> None:
    assert _environment_pins() == _pyproject_pins()


def test_constraints_pin_every_declared_package_at_the_same_version() -> None:
    constraints = _constraint_pins()
    for name, version in _pyproject_pins().items():
        assert constraints.get(name) == version, f"constraints.txt pins {name}=={constraints.get(name)}"


def test_constraints_pin_the_output_shaping_stack() -> None:
    constraints = _constraint_pins()
    expected = {"voila": "0.5.13", "ipywidgets": "8.1.9", "jupyterlab": "4.6.6", "nbval": "0.11.0"}
    for name, version in expected.items():
        assert constraints[name] == version
    for name in ("matplotlib", "pyphen", "playwright", "ipykernel", "nbclient", "jupyter-server", "tornado"):
        assert name in constraints, f"{name} must be pinned"
