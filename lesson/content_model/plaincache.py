"""A disk cache of parsed YAML as plain data, shared by every kernel on this machine.

Voila starts a new kernel for every page load, so an in-process cache alone still parses
the same YAML (with ruamel.yaml's pure-Python round-trip parser) on every load; that was a
large part of a chapter's start time. Here each file's plain data is kept on disk under a
key made of the file's bytes, the parser kind, the code that makes plain data and the
ruamel.yaml version: editing the file (or that code) changes the key, so a stale entry is
never read. Entries are ``marshal`` data (builtins only, no code can run on load), with
dates tagged. The cache lives in the user's cache folder (``$LESSON_CACHE_DIR`` overrides;
``off`` disables it), never in the repository. Any cache problem falls back to parsing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import marshal
import os
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from lesson.paths import cache_dir

FORMAT = "1"
_DATE, _DATETIME = "\x00date", "\x00datetime"
_log = logging.getLogger("lesson.cache")


@cache
def code_stamp(*files: str) -> str:
    """A hash of source files whose change must invalidate cached results (read once per process)."""
    h = hashlib.sha256()
    for name in files:
        try:
            h.update(Path(name).read_bytes())
        except OSError:
            h.update(b"missing:" + name.encode())
    return h.hexdigest()


def read(kind: str, key: str) -> bytes | None:
    """The cached bytes for ``key`` under ``kind``, or ``None``."""
    root = cache_dir()
    if root is None:
        return None
    try:
        return (root / kind / key).read_bytes()
    except OSError:
        return None


def write(kind: str, key: str, payload: bytes) -> None:
    """Store atomically (a temp file renamed into place), so concurrent kernels never see half a file."""
    root = cache_dir()
    if root is None:
        return
    folder = root / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, folder / key)
    except OSError as exc:
        _log.debug("cache write skipped (%s): %s", folder, exc)


def _encode(value: Any) -> Any:
    if isinstance(value, dict):
        return {_encode(k): _encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dt.datetime):
        return (_DATETIME, value.isoformat())
    if isinstance(value, dt.date):
        return (_DATE, value.isoformat())
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"not plain data: {type(value).__name__}")


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        return {_decode(k): _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, tuple) and len(value) == 2 and value[0] in (_DATE, _DATETIME):
        kind = dt.datetime if value[0] == _DATETIME else dt.date
        return kind.fromisoformat(value[1])
    return value


def plain_data(path: Path, parser: str, parse: Callable[[], Any], stamp: str) -> Any:
    """``parse()`` (which reads ``path``), or the disk cache when the same bytes were parsed before.

    ``parser`` names how the text is parsed ("rt", "safe") and ``stamp`` the code and library
    versions that shape the result; both are part of the key.
    """
    raw = Path(path).read_bytes()
    key = hashlib.sha256(b"\0".join([FORMAT.encode(), parser.encode(), stamp.encode(), raw])).hexdigest()
    hit = read("yaml", key)
    if hit is not None:
        try:
            return _decode(marshal.loads(hit))
        except (ValueError, EOFError, TypeError):
            pass
    data = parse()
    try:
        write("yaml", key, marshal.dumps(_encode(data)))
    except (TypeError, ValueError):  # something exotic in the YAML: simply not cached
        pass
    return data


def ruamel_origin() -> str:
    import importlib.util

    spec = importlib.util.find_spec("ruamel.yaml")
    return spec.origin if spec and spec.origin else "ruamel.yaml"


def safe_yaml(path: Path) -> Any:
    """The file parsed by the safe loader, through the disk cache (ruamel imported only on a miss).

    ``yamlio.load_plain`` refuses anchors, aliases and oversized files, so a hostile file cannot
    hang a kernel; its problems raise ContentError with the line."""

    def parse() -> Any:
        from lesson.content_model.yamlio import load_plain

        return load_plain(Path(path))

    stamp = code_stamp(__file__, str(Path(__file__).with_name("yamlio.py")), ruamel_origin())
    return plain_data(path, "safe", parse, stamp)


def rt_yaml(path: Path) -> Any:
    """``yamlio.load_yaml(path).data`` (round-trip parse, plain copy) through the disk cache.

    A syntax error still raises yamlio's ContentError with its line, because a miss parses for real.
    """

    def parse() -> Any:
        from lesson.content_model.yamlio import load_yaml

        return load_yaml(Path(path)).data

    stamp = code_stamp(__file__, str(Path(__file__).with_name("yamlio.py")), ruamel_origin())
    return plain_data(path, "rt", parse, stamp)
