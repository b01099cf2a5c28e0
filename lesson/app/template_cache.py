"""Compile the page templates once per server, not once per page load.

Voila 0.5.13 makes a new ``VoilaExporter`` for every page it serves, and with it a new Jinja
environment, so every load parsed and compiled the lab template, its base templates and the
lesson's template again: about 100 ms of the server's time before the first byte of a chapter,
while the new kernel starts on the same CPUs (issue 11). Jinja's documented remedy is a
*bytecode cache* (``jinja2.BytecodeCache``), which a fresh environment consults before compiling:
``install()`` gives every ``VoilaExporter`` environment one cache shared by the whole server,
kept in memory.

A cached template is used only if its source is unchanged (Jinja compares a checksum of the
source it has just read), so an edited template is compiled again on the next load. The key
also names the environment's settings that change the compiled code (async or not, its
extensions and its autoescape), so a template is never run by an environment it was not
compiled for.
"""

from __future__ import annotations

import threading
from typing import Any

import jinja2
from jinja2.bccache import Bucket

_installed = False
_lock = threading.Lock()


def environment_signature(env: jinja2.Environment) -> str:
    """The settings of ``env`` that shape compiled template code."""
    auto = env.autoescape if isinstance(env.autoescape, bool) else repr(env.autoescape)
    return f"async={env.is_async};ext={','.join(sorted(env.extensions))};autoescape={auto}"


class SharedBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates in memory, shared by every environment of one server process."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None,
                   source: str) -> Bucket:
        key = f"{self.get_cache_key(name, filename)}|{environment_signature(environment)}"
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        with self._lock:
            code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # discarded by Jinja if the checksum differs

    def dump_bytecode(self, bucket: Bucket) -> None:
        code = bucket.bytecode_to_string()
        with self._lock:
            self._code[bucket.key] = code

    def clear(self) -> None:
        with self._lock:
            self._code.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._code)


CACHE = SharedBytecodeCache()


def install() -> None:
    """Give every ``VoilaExporter`` environment made from now on the shared cache (idempotent)."""
    global _installed
    from voila.exporter import VoilaExporter

    with _lock:
        if _installed:
            return
        made = VoilaExporter.environment

        def environment(self: Any) -> jinja2.Environment:
            env = made.fget(self)
            if env.bytecode_cache is None:
                env.bytecode_cache = CACHE
            return env

        VoilaExporter.environment = property(environment, doc=made.__doc__)  # type: ignore[method-assign]
        _installed = True
