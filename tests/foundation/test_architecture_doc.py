"""docs/architecture.md stays in step with the code it describes (issue 13, finding 14)."""

from __future__ import annotations

import configparser
import importlib.util
import re

from lesson import ui
from lesson.paths import REPO_ROOT

DOC = (REPO_ROOT / "docs" / "architecture.md").read_text("utf-8")


def test_every_ui_call_in_the_doc_exists_and_every_ui_part_is_documented() -> None:
    documented = set(re.findall(r"\bui\.([a-z_]+)\(", DOC))
    parts = {name for name in dir(ui)
             if not name.startswith("_") and hasattr(getattr(ui, name), "__wrapped__")}
    assert documented - parts == set(), f"the doc names ui functions that do not exist: {documented - parts}"
    assert parts - documented == set(), f"ui parts missing from the doc's API list: {parts - documented}"


def _contract_modules() -> set[str]:
    config = configparser.ConfigParser()
    config.read(REPO_ROOT / ".importlinter")
    layers = config["importlinter:contract:layers"]["layers"]
    names = set()
    for line in layers.split("\n"):
        for item in re.split(r"[|:]", line):
            item = item.strip()
            if item and not item.startswith("("):  # "(module)": optional, may not exist yet
                names.add(item)
    return names


def test_every_module_of_the_layer_contract_exists_and_is_in_the_doc() -> None:
    for name in sorted(_contract_modules()):
        assert importlib.util.find_spec(name) is not None, f".importlinter names a missing module {name}"
        top = name.split(".")[1] if "." in name else name
        assert f"lesson.{top}" in DOC or f"`{name}`" in DOC, f"{name} is in .importlinter but not in the doc"
