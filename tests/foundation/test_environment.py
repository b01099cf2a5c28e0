"""One lock, ranges in pyproject.toml, and environment.yml checked against both.

- pyproject.toml declares what the lesson needs as *ranges* (a lower and an upper bound);
- constraints.txt is the one lock: the exact version of everything installed, each declared
  package inside its range, and nothing that no declared package needs;
- environment.yml (conda, Binder, JupyterHub images) names every declared package at the
  version of the lock. conda cannot be reached on our machines, so this is its only guard.
"""

from __future__ import annotations

import re
from importlib import metadata

import tomllib
from packaging.requirements import Requirement
from ruamel.yaml import YAML

from lesson.paths import REPO_ROOT

# Installers, not dependencies: pip freeze leaves them out, and no package pins them.
TOOLS = {"pip", "setuptools", "wheel"}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> list[Requirement]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    specs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        specs.extend(extra)
    return [Requirement(spec) for spec in specs]


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
            name, sep, version = line.partition("==")
            assert sep, f"constraints.txt: {line!r} is not an exact pin"
            pins[_norm(name)] = version
    return pins


def _needed(roots: list[Requirement]) -> set[str]:
    """Every distribution the declared packages need, following the installed metadata."""
    seen: set[tuple[str, frozenset[str]]] = set()
    todo = [(req, frozenset(req.extras)) for req in roots]
    while todo:
        req, extras = todo.pop()
        key = (_norm(req.name), extras)
        if key in seen:
            continue
        seen.add(key)
        try:
            requires = metadata.distribution(req.name).requires or []
        except metadata.PackageNotFoundError:
            continue  # reported by the pin tests (a declared package must be in the lock)
        for spec in requires:
            sub = Requirement(spec)
            envs = [{"extra": e} for e in (extras or {""})]
            if sub.marker is None or any(sub.marker.evaluate(env) for env in envs):
                todo.append((sub, frozenset(sub.extras)))
    return {name for name, _ in seen}


def test_pyproject_declares_ranges_not_pins() -> None:
    for req in _declared():
        operators = {spec.operator for spec in req.specifier}
        assert "==" not in operators, f"{req}: a range here; the exact pin goes in constraints.txt"
        assert ">=" in operators and "<" in operators, f"{req}: give a lower (>=) and an upper (<) bound"


def test_lock_pins_every_declared_package_inside_its_range() -> None:
    lock = _constraint_pins()
    for req in _declared():
        version = lock.get(_norm(req.name))
        assert version is not None, f"constraints.txt does not pin {req.name}"
        assert req.specifier.contains(version), f"constraints.txt pins {req.name}=={version}, outside {req}"


def test_environment_yml_names_the_declared_packages_at_the_locked_versions() -> None:
    lock = _constraint_pins()
    expected = {_norm(req.name): lock.get(_norm(req.name)) for req in _declared()}
    assert _environment_pins() == expected


def test_the_lock_holds_no_unused_pin() -> None:
    """A pin that no declared package needs (textstat, nltk, joblib... once) is dead weight."""
    unused = set(_constraint_pins()) - _needed(_declared()) - TOOLS
    assert unused == set(), f"constraints.txt pins packages nothing declared needs: {sorted(unused)}"


def test_the_lock_matches_what_is_installed() -> None:
    """Every pin is installed at its version, so the lock is what the tests ran with."""
    wrong = {name: (version, _installed(name)) for name, version in _constraint_pins().items()
             if _installed(name) != version}
    assert wrong == {}, f"constraints.txt vs installed (pinned, installed): {wrong}"


def _installed(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def test_constraints_pin_the_output_shaping_stack() -> None:
    constraints = _constraint_pins()
    expected = {"voila": "0.5.13", "ipywidgets": "8.1.9", "jupyterlab": "4.6.6", "nbval": "0.11.0"}
    for name, version in expected.items():
        assert constraints[name] == version
    for name in ("matplotlib", "pyphen", "playwright", "ipykernel", "nbclient", "jupyter-server", "tornado"):
        assert name in constraints, f"{name} must be pinned"
