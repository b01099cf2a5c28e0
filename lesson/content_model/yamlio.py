"""YAML in, plain data out, and a way back from a validation error to a line number.

ruamel.yaml's round-trip loader keeps the position of every mapping key and sequence
item. We validate a plain copy (dicts, lists, str, int, float, bool, date) with pydantic,
then map each error's ``loc`` back onto the round-trip tree to find its line.

Content is plain data, so the loader refuses what YAML offers beyond that: anchors and
aliases (``&a``/``*a``, which let a few hundred bytes expand into gigabytes: the "billion
laughs"), files over ``MAX_BYTES``, more than ``MAX_NODES`` values, nesting deeper than
``MAX_DEPTH``. Each refusal, and a byte that is not UTF-8, is one ``path:line`` problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer, ComposerError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent

from lesson.content_model.limits import MAX_BYTES, MAX_DEPTH, MAX_NODES
from lesson.content_model.problems import ContentError, Problem, not_utf8


@dataclass(frozen=True)
class LoadedYaml:
    """A parsed file: the round-trip tree (for lines) and its plain-data copy (for pydantic)."""

    path: Path
    tree: Any
    data: Any


TOO_DEEP = f"values nested more than {MAX_DEPTH} levels deep"
NO_ALIASES = ("anchors and aliases (&name, *name, <<: *name) are not allowed in lesson content; "
              "write the value out in full")


class _PlainComposer(Composer):
    """ruamel's composer that refuses anchors and aliases and counts every node it builds."""

    nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
            raise ComposerError(None, None, NO_ALIASES, event.start_mark)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise ComposerError(None, None, f"more than {MAX_NODES:,} values in one file", event.start_mark)
        return super().compose_node(parent, index)


def _yaml(typ: str = "rt") -> YAML:
    yaml = YAML(typ=typ, pure=True)
    yaml.Composer = _PlainComposer
    yaml.max_depth = MAX_DEPTH
    return yaml


def read_text(path: Path) -> str:
    """A content file's text; too big, unreadable or not UTF-8 becomes one ContentError with its line."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ContentError([Problem(path, 1, f"file is too big ({size:,} bytes; the limit is "
                                                 f"{MAX_BYTES:,}): split it or remove what is not needed")])
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError([Problem(path, 1, f"could not read: {exc.strerror or exc}")]) from exc
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError([not_utf8(path, raw, exc)]) from exc


def _parse(path: Path, typ: str) -> Any:
    text = read_text(path)
    try:
        return _yaml(typ).load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        if str(exc.problem).startswith("maximum depth"):
            raise ContentError([Problem(Path(path), line, TOO_DEEP)]) from exc
        if exc.problem == NO_ALIASES or str(exc.problem).startswith("more than"):
            raise ContentError([Problem(Path(path), line, str(exc.problem))]) from exc
        what = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        raise ContentError([Problem(Path(path), line, f"YAML syntax error: {what}")]) from exc
    except YAMLError as exc:
        raise ContentError([Problem(Path(path), 1, f"YAML syntax error: {exc}")]) from exc
    except RecursionError as exc:
        raise ContentError([Problem(Path(path), 1, TOO_DEEP)]) from exc


def load_yaml(path: Path) -> LoadedYaml:
    """Parse ``path``; a syntax error, refused construct or unreadable file becomes a ContentError."""
    tree = _parse(Path(path), "rt")
    return LoadedYaml(Path(path), tree, to_plain(tree))


def load_plain(path: Path) -> Any:
    """The file as plain data with the faster safe loader, under the same refusals as ``load_yaml``."""
    return _parse(Path(path), "safe")


def to_plain(node: Any) -> Any:
    """Copy a round-trip tree into builtin types, so pydantic sees ordinary data."""
    if isinstance(node, dict):
        return {to_plain(k): to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, dt.datetime):
        return dt.datetime(*node.timetuple()[:6])
    if isinstance(node, dt.date):
        return dt.date(node.year, node.month, node.day)
    return node


def _line_of_child(node: Any, key: Any) -> int | None:
    """0-based line of a mapping key or sequence item, if the tree knows it."""
    try:
        if isinstance(node, CommentedMap):
            return int(node.lc.key(key)[0])
        if isinstance(node, CommentedSeq):
            return int(node.lc.item(key)[0])
    except (KeyError, IndexError, TypeError, AttributeError):
        return None
    return None


def _child(node: Any, key: Any) -> tuple[bool, Any]:
    if isinstance(node, dict) and key in node:
        return True, node[key]
    if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
        return True, node[key]
    return False, None


def line_of(tree: Any, loc: Sequence[Any]) -> int:
    """1-based line of the node at ``loc``, falling back to the nearest parent that exists.

    Parts of ``loc`` that are not in the data (a discriminated union's tag, a
    ``function-after`` marker) are skipped rather than ending the walk.
    """
    node = tree
    best = getattr(getattr(tree, "lc", None), "line", 0) or 0
    for key in loc:
        found, child = _child(node, key)
        if not found:
            continue
        line = _line_of_child(node, key)
        if line is not None:
            best = line
        node = child
    return best + 1


def _describe(error: dict[str, Any]) -> str:
    loc = ".".join(str(p) for p in error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"unknown field '{error['loc'][-1]}'" if error["loc"] else "unknown field"
    if kind == "missing":
        return f"missing field '{error['loc'][-1]}'" if error["loc"] else "missing field"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{loc}: {message}" if loc else message


def validation_problems(path: Path, tree: Any, exc: ValidationError) -> list[Problem]:
    """Turn every pydantic error into a ``Problem`` at the line of the offending node."""
    return [Problem(Path(path), line_of(tree, err["loc"]), _describe(dict(err))) for err in exc.errors()]


def validate(loaded: LoadedYaml, model: type[BaseModel]) -> BaseModel:
    """Validate a loaded file against ``model`` or raise ContentError with lined problems."""
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        raise ContentError(validation_problems(loaded.path, loaded.tree, exc)) from exc


def strings_with_lines(tree: Any, line: int = 0) -> Iterator[tuple[int, str]]:
    """Every string value in the tree with its 1-based line (the line of its key or item)."""
    if isinstance(tree, dict):
        for key, value in tree.items():
            child_line = _line_of_child(tree, key)
            yield from strings_with_lines(value, line if child_line is None else child_line)
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            child_line = _line_of_child(tree, index)
            yield from strings_with_lines(value, line if child_line is None else child_line)
    elif isinstance(tree, str):
        yield line + 1, str(tree)
