"""lesson.app.speed: gzip and cache lifetimes for static files, Voila's bundle under a versioned
address, the page's Cache-Control, and parked kernels (issue 11)."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest
import tornado.web
from tornado.ioloop import IOLoop
from tornado.testing import AsyncHTTPTestCase
from voila.static_file_handler import MultiStaticFileHandler

from lesson.app import pagehandler, speed

JS = "/* a script */\n" + "var lesson = 'spasm';\n" * 200


def _static_app(folder: Path, key: str) -> tornado.web.Application:
    handlers = speed.with_fast_static([
        (r"/voila/static/(.*)", MultiStaticFileHandler, {"paths": [str(folder)]}),
        (r"/voila/labextensions/(.*)", tornado.web.StaticFileHandler, {"path": str(folder)}),
    ], key)
    return tornado.web.Application(handlers)


class StaticTest(AsyncHTTPTestCase):
    folder: Path

    def get_app(self) -> tornado.web.Application:
        import tempfile

        self.folder = Path(tempfile.mkdtemp(prefix="lesson-speed-"))
        (self.folder / "7155.voila.js").write_text(JS)
        (self.folder / "84.09c61a35dce1705f.js").write_text(JS)
        (self.folder / "tiny.js").write_text("var a;")
        return _static_app(self.folder, "abc123")

    def test_versioned_bundle_is_gzipped_and_immutable(self) -> None:
        resp = self.fetch("/voila/static/v-abc123/7155.voila.js", headers={"Accept-Encoding": "gzip"},
                          decompress_response=False)
        assert resp.code == 200
        assert resp.headers["Content-Encoding"] == "gzip"
        assert resp.headers["Cache-Control"] == speed.IMMUTABLE
        assert "Accept-Encoding" in resp.headers["Vary"]
        assert gzip.decompress(resp.body).decode() == JS
        assert int(resp.headers["Content-Length"]) == len(resp.body) < len(JS) // 5

    def test_bare_bundle_address_is_revalidated(self) -> None:
        resp = self.fetch("/voila/static/7155.voila.js")
        assert resp.code == 200 and resp.body.decode() == JS
        assert resp.headers["Cache-Control"] == speed.REVALIDATE

    def test_old_version_key_is_not_found(self) -> None:
        assert self.fetch("/voila/static/v-old999/7155.voila.js").code == 404

    def test_hashed_extension_file_is_immutable_and_a_304_works(self) -> None:
        first = self.fetch("/voila/labextensions/84.09c61a35dce1705f.js", headers={"Accept-Encoding": "gzip"},
                           decompress_response=False)
        assert first.headers["Cache-Control"] == speed.IMMUTABLE
        again = self.fetch("/voila/labextensions/84.09c61a35dce1705f.js",
                           headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["Etag"]},
                           decompress_response=False)
        assert again.code == 304

    def test_plain_file_without_gzip_or_hash(self) -> None:
        resp = self.fetch("/voila/labextensions/tiny.js", headers={"Accept-Encoding": "gzip"},
                          decompress_response=False)
        assert "Content-Encoding" not in resp.headers  # too small to gain
        assert resp.headers["Cache-Control"] == speed.REVALIDATE
        plain = self.fetch("/voila/static/7155.voila.js", headers={"Accept-Encoding": "identity"},
                           decompress_response=False)
        assert "Content-Encoding" not in plain.headers and plain.body.decode() == JS

    def test_range_of_the_plain_file(self) -> None:
        resp = self.fetch("/voila/static/7155.voila.js", headers={"Range": "bytes=0-9"})
        assert resp.code == 206 and resp.body.decode() == JS[:10]


def test_hook_points_the_bundle_at_the_versioned_address() -> None:
    hook = speed.versioned_static_hook("k1")
    config = hook({"fullStaticUrl": "/voila/static", "baseUrl": "/"}, base_url="/")
    assert config["fullStaticUrl"] == "/voila/static/v-k1"
    assert hook(config)["fullStaticUrl"] == "/voila/static/v-k1"  # applied once only


def test_static_key_changes_with_the_bundle(tmp_path: Path) -> None:
    (tmp_path / "voila.js").write_text("a")
    before = speed.static_key([str(tmp_path)])
    assert before == speed.static_key([str(tmp_path)])
    (tmp_path / "1.voila.js").write_text("b")
    assert speed.static_key([str(tmp_path)]) != before


@pytest.mark.parametrize(("ctype", "ok"), [
    ("text/html; charset=UTF-8", True), ("application/javascript", True), ("application/json", True),
    ("image/png", False), ("font/woff2", False)])
def test_compressible(ctype: str, ok: bool) -> None:
    assert speed.compressible(ctype) is ok


def test_compression_transform_is_added_once() -> None:
    app = tornado.web.Application([])
    speed.enable_compression(app)
    speed.enable_compression(app)
    assert app.transforms.count(tornado.web.GZipContentEncoding) == 1


def test_page_handler_swaps_voilas_no_store_only() -> None:
    assert pagehandler.VOILA_NO_STORE == "no-cache, no-store, must-revalidate"

    class Recorder(pagehandler.PageHandler):
        def __init__(self) -> None:  # no request needed to test the header rule
            self._headers = {}  # type: ignore[assignment]

    h = Recorder()
    h.set_header("Cache-Control", pagehandler.VOILA_NO_STORE)
    assert h._headers["Cache-Control"] == "private, no-cache"
    h.set_header("Cache-Control", "no-store")  # a page that must never be kept (the busy page) stays so
    assert h._headers["Cache-Control"] == "no-store"


class FakeKernels:
    """Just enough of a kernel manager: ids, connection counts, shutdown."""

    def __init__(self) -> None:
        self.conns: dict[str, int] = {"k": 0}
        self.shut: list[str] = []

    def __contains__(self, kid: object) -> bool:
        return kid in self.conns

    def kernel_model(self, kid: str) -> dict[str, Any]:
        return {"id": kid, "connections": self.conns[kid]}

    async def shutdown_kernel(self, kid: str) -> None:
        self.shut.append(kid)
        del self.conns[kid]


def _run(coro: Any) -> Any:
    return IOLoop.current().run_sync(lambda: coro)


def test_parked_kernel_is_shut_down_when_its_page_does_not_come_back() -> None:
    km = FakeKernels()
    speed._parked["k"] = 1.0
    assert _run(speed.reap(km, "k", 1.0)) is True
    assert km.shut == ["k"]


def test_parked_kernel_lives_when_its_page_came_back() -> None:
    km = FakeKernels()
    km.conns["k"] = 1  # the page reconnected its socket
    speed._parked["k"] = 2.0
    assert _run(speed.reap(km, "k", 2.0)) is False
    assert km.shut == []


def test_only_the_latest_park_counts() -> None:
    km = FakeKernels()
    speed._parked["k"] = 4.0  # parked again after an earlier park: the earlier timer does nothing
    assert _run(speed.reap(km, "k", 3.0)) is False
    assert _run(speed.reap(km, "k", 4.0)) is True


def test_park_of_an_unknown_kernel() -> None:
    assert speed.park(FakeKernels(), "nope") is False
