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
``limits.MAX_NODES`` values and nesting deeper than ``limits.MAX_DEPTH``; it scans libyaml's
events for them before building anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from lesson.content_model.limits import MAX_BYTES, MAX_DEPTH, MAX_NODES

_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)
_OPEN_EVENTS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE_EVENTS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _plain_enough(text: str) -> bool:
    """True when the text has no anchor or alias and stays within the node and depth limits."""
    nodes = depth = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            return False
        if isinstance(event, _NODE_EVENTS):
            nodes += 1
            if nodes > MAX_NODES:
                return False
        if isinstance(event, _OPEN_EVENTS):
            depth += 1
            if depth > MAX_DEPTH:
                return False
        elif isinstance(event, _CLOSE_EVENTS):
            depth -= 1
    return True


def read_plain(path: Path) -> Any:
    """The file as plain data (dicts, lists, str, int, float, bool, date).

    A file libyaml cannot or must not read is handed to ``yamlio``, which raises
    ``ContentError`` with the ``path:line`` of the problem (too big, not UTF-8, a syntax error,
    an alias, too deep, too many values).
    """
    try:
        raw = Path(path).read_bytes() if Path(path).stat().st_size <= MAX_BYTES else None
        text = raw.decode("utf-8") if raw is not None else None
        if text is not None and _plain_enough(text):
            return yaml.load(text, Loader=yaml.CSafeLoader)  # noqa: S506 - CSafeLoader is the safe loader
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
