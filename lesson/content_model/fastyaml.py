"""Content YAML read at run time with libyaml: fast, plain data, the same refusals as the checker.

Every Voila page load starts a new kernel that reads the content again. ruamel.yaml's
pure-Python round-trip parser (``yamlio``) keeps the line of every value, which
``python -m lesson check`` needs, but takes about 2 s for the whole content; PyYAML's C
loader (``CSafeLoader``, libyaml) reads the same files in a small fraction of that. So pages
read with libyaml, and only a file that libyaml refuses, or that fails validation, is read
again with ``yamlio`` to say on which line the problem is.

libyaml speaks YAML 1.1 and ruamel YAML 1.2: they differ on a few bare words (``yes``,
``no``, ``on``, ``off``) and numbers (``0777``, ``1_000``). ``lesson check`` reports any
content file the two read differently (``differences``), so what the checker validated is
what the pages show.

Like ``yamlio``, this refuses anchors and aliases (the "billion laughs"), more than
``limits.MAX_NODES`` values and nesting deeper than ``limits.MAX_DEPTH``. libyaml composes the
file once into a node graph (no Python values yet; libyaml itself stops nesting at 1,000 levels),
which is checked for them before any value is built from it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from lesson.content_model.limits import MAX_BYTES, MAX_DEPTH, MAX_NODES

_TAG_FIRST = re.compile(r"!\S*\s+")
"""A tag written before a node's anchor (``!!str &a x``)."""


def _anchored(text: str, at: int) -> bool:
    """Whether the node starting at ``at`` carries an anchor: libyaml starts a node at its
    properties, the anchor (``&name``) or a tag (``!tag``) that may come before one."""
    if text.startswith("!", at):
        tag = _TAG_FIRST.match(text, at)
        at = tag.end() if tag else at
    return text.startswith("&", at)


def _plain_enough(text: str, root: yaml.Node) -> bool:
    """True when the composed file has no anchor or alias and stays within the node and depth limits.

    An alias is the node it names, reached a second time; ``root`` is walked once, without
    recursion, and never expanded.
    """
    seen: set[int] = set()
    todo: list[tuple[yaml.Node, int]] = [(root, 1)]
    while todo:
        node, depth = todo.pop()
        if id(node) in seen or len(seen) >= MAX_NODES:
            return False
        seen.add(id(node))
        at = node.start_mark.index
        if text[at : at + 1] in ("&", "!") and _anchored(text, at):
            return False
        if isinstance(node, yaml.MappingNode):
            if depth > MAX_DEPTH:
                return False
            for key, value in node.value:
                todo.append((key, depth + 1))
                todo.append((value, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            if depth > MAX_DEPTH:
                return False
            todo.extend((child, depth + 1) for child in node.value)
    return True


_REFUSED = object()


def _load(text: str) -> Any:
    """The text as plain data, composed and built once by libyaml; ``_REFUSED`` if not plain enough."""
    loader = yaml.CSafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None  # an empty file, as yaml.load reads it
        if not _plain_enough(text, root):
            return _REFUSED
        return loader.construct_document(root)
    finally:
        loader.dispose()


def read_plain(path: Path) -> Any:
    """The file as plain data (dicts, lists, str, int, float, bool, date).

    A file libyaml cannot or must not read is handed to ``yamlio``, which raises
    ``ContentError`` with the ``path:line`` of the problem (too big, not UTF-8, a syntax error,
    an alias, too deep, too many values).
    """
    try:
        raw = Path(path).read_bytes() if Path(path).stat().st_size <= MAX_BYTES else None
        if raw is not None:
            data = _load(raw.decode("utf-8"))
            if data is not _REFUSED:
                return data
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        pass
    from lesson.content_model import yamlio  # ruamel.yaml, imported only to explain a problem

    return yamlio.load_plain(Path(path))


def _normal(value: Any) -> Any:
    """Datetimes compared without tzinfo differences that neither loader means."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return value


def differences(plain_12: Any, plain_11: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Locations where the YAML 1.2 reading (ruamel) and the YAML 1.1 reading (libyaml) differ."""
    if isinstance(plain_12, dict) and isinstance(plain_11, dict):
        if list(plain_12) != list(plain_11):
            yield loc
            return
        for key in plain_12:
            yield from differences(plain_12[key], plain_11[key], (*loc, key))
    elif isinstance(plain_12, list) and isinstance(plain_11, list):
        if len(plain_12) != len(plain_11):
            yield loc
            return
        for index, (a, b) in enumerate(zip(plain_12, plain_11, strict=True)):
            yield from differences(a, b, (*loc, index))
    elif type(plain_12) is not type(plain_11) or _normal(plain_12) != _normal(plain_11):
        yield loc


def libyaml_reading(path: Path) -> Any:
    """What ``read_plain`` gives for a file the checker has already parsed (for ``differences``)."""
    from lesson.content_model import yamlio

    return yaml.load(yamlio.read_text(Path(path)), Loader=yaml.CSafeLoader)  # noqa: S506
