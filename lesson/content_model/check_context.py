"""What every check rule shares: the parsed files, their line maps, and the problem list.

Files are parsed once; a file whose YAML parses but fails its schema keeps its raw tree, so
rules that only need raw data (citation keys, ``sources`` lists) still run on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from lesson.content_model import fastyaml
from lesson.content_model.problems import ContentError, Problem
from lesson.content_model.yamlio import LoadedYaml, line_of, load_yaml, validate


@dataclass
class Loaded:
    """One content file: raw tree (lines), plain data, and the model when it validated."""

    path: Path
    tree: Any
    data: Any
    model: BaseModel | None

    def line(self, *loc: Any) -> int:
        """1-based line of the node at ``loc`` (nearest existing parent when absent)."""
        return line_of(self.tree, loc)


@dataclass
class Context:
    """The content directory being checked and everything found in it so far."""

    root: Path
    notebooks: Path | None
    files: dict[str, Loaded] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def add(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def load(self, rel: str, model: type[BaseModel] | None, required: bool = True) -> Loaded | None:
        """Parse and validate ``root/rel``; problems are recorded, never raised."""
        path = self.root / rel
        if not path.exists():
            if required:
                self.add(path, 1, "missing file")
            return None
        try:
            raw = load_yaml(path)
        except ContentError as exc:
            self.problems.extend(exc.problems)
            return None
        self._same_in_the_app(raw)
        model_obj = None
        if model is not None:
            try:
                model_obj = validate(raw, model)
            except ContentError as exc:
                self.problems.extend(exc.problems)
        loaded = Loaded(path, raw.tree, raw.data, model_obj)
        self.files[rel] = loaded
        return loaded

    def _same_in_the_app(self, raw: LoadedYaml) -> None:
        """Pages read content with libyaml (YAML 1.1, ``fastyaml``); each value must read the same."""
        try:
            app = fastyaml.libyaml_reading(raw.path)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            self.add(raw.path, mark.line + 1 if mark else 1,
                     f"the app's YAML reader cannot read this file: {getattr(exc, 'problem', exc)}")
            return
        for loc in fastyaml.differences(raw.data, app):
            self.add(raw.path, line_of(raw.tree, loc),
                     "this value reads differently in the app (YAML 1.1: yes, no, on, off, 0777 ...); "
                     "put it in quotes")

    def model(self, rel: str) -> Any:
        """The validated model of ``rel``, or None when it is missing or invalid."""
        loaded = self.files.get(rel)
        return loaded.model if loaded else None

    def bank_files(self) -> dict[str, Loaded]:
        """Loaded question banks by quiz id (file stem)."""
        return {Path(rel).stem: f for rel, f in self.files.items() if rel.startswith("quizzes/")}


def raw_list(data: Any, key: str) -> list[Any]:
    """``data[key]`` when it is a list (for rules that must work on invalid files too)."""
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, list) else []
