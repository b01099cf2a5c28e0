"""Light on the wire and kind to Back: compression, cache lifetimes and a parked kernel.

Voila 0.5.13 sends every page with ``Cache-Control: no-store`` and every file uncompressed,
with no cache lifetime (its own bundle) or ``no-cache`` (the widget extensions, whose file
names carry a content hash). A chapter cost about 5 MB on every visit, and Back re-ran it.

- **Compression.** Pages and API answers are gzipped as they stream (Tornado's
  ``GZipContentEncoding``, which flushes with each chunk, so a page still arrives cell by
  cell). Static files are gzipped once, at level 9, and kept in memory (``GzipCached``).
- **Cache lifetimes.** A file whose address names its version is kept for a year
  (``immutable``): template files with ``?v=<hash>``, extension files with a hash in the name,
  and Voila's own bundle, whose address gains Voila's version (``/voila/static/v-<key>/``,
  set through the page config, ``versioned_static_hook``). Any other file is revalidated.
- **Back.** A page is sent ``private, no-cache`` instead of ``no-store``, which keeps a page
  out of the back/forward cache. When a page goes into that cache, ``lesson.js`` closes its
  kernel socket (an open socket also keeps it out) and *parks* its kernel instead of shutting it
  down: ``POST lesson/api/park/<kernel>`` shuts it down ``PARK_GRACE_S`` seconds later, unless
  the page came back and reconnected in the meantime. A page that is closed, reloaded or not
  cached still shuts its kernel down at once, through Voila's own beacon.

The page can sit in a browser's cache after it was left: it holds the learner's name and
answers, and once a recovery code. The browser that keeps it already holds the cookie that owns
that name (``lesson.progress.names``), so the copy gives nobody more than the browser already
has; ``private`` keeps shared caches (proxies) from storing it.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tornado.web
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import ensure_async, url_path_join
from tornado.ioloop import IOLoop

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
PARK_GRACE_S = float(os.environ.get("LESSON_PARK_GRACE_S", "120"))
"""How long a kernel outlives a page that went into the back/forward cache (about 70 MiB each)."""
PARK_PATH = "lesson/api/park/(.*)"
MIN_GZIP = 1024
_HASHED_NAME = re.compile(r"[.-][0-9a-f]{16,}\.(js|css|json|map|woff2?)$")
"""Webpack-built extension files (``84.09c61a35dce1705f.js``, ``remoteEntry.c8c9eed2cdefdeac.js``)."""


def compressible(content_type: str) -> bool:
    """Whether a response of this type gains from gzip (Tornado's own rule)."""
    ctype = content_type.split(";", 1)[0].strip()
    return ctype.startswith("text/") or ctype in tornado.web.GZipContentEncoding.CONTENT_TYPES


def enable_compression(app: tornado.web.Application) -> None:
    """Gzip every compressible response of ``app`` (Voila sets ``compress_response`` too late)."""
    if tornado.web.GZipContentEncoding not in app.transforms:
        app.transforms.append(tornado.web.GZipContentEncoding)


_GZ: dict[tuple[str, float, int], bytes] = {}
_GZ_LOCK = threading.Lock()


def gzipped(path: str) -> bytes:
    """The file's bytes gzipped at level 9, computed once per version of the file."""
    st = os.stat(path)
    key = (path, st.st_mtime, st.st_size)
    with _GZ_LOCK:
        hit = _GZ.get(key)
    if hit is None:
        hit = gzip.compress(Path(path).read_bytes(), compresslevel=9, mtime=0)
        with _GZ_LOCK:
            _GZ[key] = hit
    return hit


class GzipCached(tornado.web.StaticFileHandler):
    """Mixin for Tornado static handlers: a gzip copy from memory when the browser takes it,
    and an explicit cache lifetime (``cache_control``)."""

    _gz: bytes | None = None

    def cache_control(self) -> str:
        """Immutable for an address that names the file's version, else revalidate."""
        return IMMUTABLE if "v" in self.request.arguments else REVALIDATE

    def _choose_gzip(self) -> None:
        self._gz = None
        # A range asks for bytes of the file itself (media, resumed downloads): never of a gzip copy.
        headers = self.request.headers
        accepts = "gzip" in headers.get("Accept-Encoding", "") and "Range" not in headers
        path = self.absolute_path
        if accepts and path and compressible(self.get_content_type()) and os.path.getsize(path) >= MIN_GZIP:
            self._gz = gzipped(path)

    def set_headers(self) -> None:
        self._choose_gzip()
        super().set_headers()
        self.set_header("Cache-Control", self.cache_control())
        self.clear_header("Expires")
        self.set_header("Vary", "Accept-Encoding")
        if self._gz is not None:
            self.set_header("Content-Encoding", "gzip")

    def compute_etag(self) -> str | None:
        etag = super().compute_etag()
        if etag and self._gz is not None:
            etag = etag[:-1] + '-gz"' if etag.endswith('"') else etag + "-gz"
        return etag

    def get_content_size(self) -> int:
        return len(self._gz) if self._gz is not None else super().get_content_size()

    def get_content(self, abspath: str, start: int | None = None,  # type: ignore[override]
                    end: int | None = None) -> Any:
        """The gzip copy (an instance method here: it depends on the request), else the file."""
        if self._gz is not None:
            return [self._gz[start:end]]
        return super().get_content(abspath, start, end)

    @classmethod
    def get_content_version(cls, abspath: str) -> str:
        """Tornado's version hash of the file (it would call ``get_content`` as a class method)."""
        return hashlib.sha512(Path(abspath).read_bytes()).hexdigest()


class HashedNames(GzipCached):
    """For the widget extensions: files whose name holds a content hash are kept for a year."""

    def cache_control(self) -> str:
        return IMMUTABLE if _HASHED_NAME.search(self.request.path) else REVALIDATE


def static_key(folders: list[str]) -> str:
    """A short key that changes whenever Voila's bundle does (version, names, sizes, times)."""
    import voila

    h = hashlib.sha256(voila.__version__.encode())
    for folder in folders:
        base = Path(folder)
        if not base.is_dir():
            continue
        for p in sorted(base.iterdir()):
            if p.is_file():
                st = p.stat()
                h.update(f"{p.name}:{st.st_size}:{int(st.st_mtime)}".encode())
    return h.hexdigest()[:12]


class VersionedStatic(GzipCached):
    """Voila's bundle: ``v-<key>/NAME`` is ``NAME``, kept for a year; a bare ``NAME`` is revalidated.

    Voila's bundle loads its chunks from the page config's ``fullStaticUrl`` (webpack's public
    path), and their names (``7155.voila.js``) hold no hash, so an address without the key could
    outlive an upgrade of Voila."""

    key = ""

    def parse_url_path(self, url_path: str) -> str:
        self._versioned = bool(self.key) and url_path.startswith(f"v-{self.key}/")
        if self._versioned:
            url_path = url_path[len(f"v-{self.key}/"):]
        return super().parse_url_path(url_path)

    def cache_control(self) -> str:
        return IMMUTABLE if getattr(self, "_versioned", False) else REVALIDATE


def versioned_static_hook(key: str) -> Callable[..., dict[str, Any]]:
    """A Voila ``page_config_hook`` pointing the bundle (and its chunks) at ``v-<key>/``."""

    def hook(page_config: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
        url = page_config.get("fullStaticUrl", "")
        if url and f"/v-{key}" not in url:
            page_config["fullStaticUrl"] = url.rstrip("/") + f"/v-{key}"
        return page_config

    return hook


def with_fast_static(handlers: list[Any], key: str) -> list[Any]:
    """A handler table whose static routes compress and carry cache lifetimes.

    Each static handler class is replaced by a subclass that mixes in ``GzipCached`` (its
    own path lookup is kept): the template files, Voila's bundle (``key`` versions its
    address) and the widget extensions.
    """
    out = []
    for h in handlers:
        pattern, cls = h[0], h[1]
        mixin: type | None = None
        if isinstance(cls, type) and issubclass(cls, tornado.web.StaticFileHandler):
            if pattern.endswith("voila/static/(.*)"):
                mixin = VersionedStatic
            elif "labextensions" in pattern:
                mixin = HashedNames
            elif pattern.endswith("voila/templates/(.*)") or "voila/files" in pattern:
                mixin = GzipCached
        if mixin is not None:
            attrs: dict[str, Any] = {"key": key} if mixin is VersionedStatic else {}
            cls = type(f"Lesson{cls.__name__}", (mixin, cls), attrs)
            h = (pattern, cls, *h[2:])
        out.append(h)
    return out


# ---- parked kernels (back/forward cache) ----

_parked: dict[str, float] = {}


def connections(km: Any, kernel_id: str) -> int:
    """Open websocket connections to a kernel (jupyter_server counts them)."""
    try:
        return int(km.kernel_model(kernel_id).get("connections", 0))
    except Exception:
        return 0


async def reap(km: Any, kernel_id: str, token: float, log: Any = None) -> bool:
    """Shut a parked kernel down unless its page came back (reconnected) or parked it again."""
    if _parked.get(kernel_id) != token:
        return False
    _parked.pop(kernel_id, None)
    if kernel_id not in km or connections(km, kernel_id) > 0:
        return False
    await ensure_async(km.shutdown_kernel(kernel_id))
    if log is not None:
        log.info("lesson: shut down kernel %s, parked %.0f s ago by a page that did not come back",
                 kernel_id, PARK_GRACE_S)
    return True


def park(km: Any, kernel_id: str, grace_s: float | None = None, log: Any = None) -> bool:
    """Schedule ``reap`` for a kernel whose page went into the back/forward cache."""
    if kernel_id not in km:
        return False
    token = time.monotonic()
    _parked[kernel_id] = token
    IOLoop.current().call_later(PARK_GRACE_S if grace_s is None else grace_s,
                                lambda: IOLoop.current().add_callback(reap, km, kernel_id, token, log))
    return True


class ParkKernelHandler(APIHandler):
    """``POST lesson/api/park/<kernel>`` (a beacon with ``_xsrf``, as Voila's shutdown beacon)."""

    @tornado.web.authenticated
    async def post(self, kernel_id: str) -> None:
        park(self.kernel_manager, kernel_id, log=self.log)
        self.set_status(204)
        self.finish()


def park_route(base_url: str) -> tuple[str, type]:
    return (url_path_join(base_url, PARK_PATH), ParkKernelHandler)
