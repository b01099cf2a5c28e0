"""Leaving a page frees its kernel: the page handler sets the _xsrf cookie Voila's unload beacon needs.

The launcher swaps the handler into its own table; under ``jupyter server`` the extension
``lesson.app.server_ext`` swaps it into the routes Voila's server extension registered.
"""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import tornado.web
from voila.tornado.handler import TornadoVoilaHandler

from lesson.app import pagehandler, server_ext
from lesson.app.pagehandler import PageHandler


class Other(tornado.web.RequestHandler):
    pass


def test_page_routes_get_the_cookie_setting_handler_and_keep_their_options() -> None:
    opts = {"voila_configuration": object()}
    table = [("/voila/render/(.*)", TornadoVoilaHandler, opts), ("/other", object)]
    swapped = pagehandler.with_page_handler(table)
    assert swapped[0] == ("/voila/render/(.*)", PageHandler, opts)
    assert swapped[1] == table[1]
    assert issubclass(PageHandler, TornadoVoilaHandler)
    assert "xsrf_token" in PageHandler.prepare.__code__.co_names


def _voila_like_app() -> tuple[tornado.web.Application, dict[str, object]]:
    """An application whose page route was added per host, as jupyter_server's extensions do."""
    opts: dict[str, object] = {"voila_configuration": object(), "template_paths": ["t"]}
    app = tornado.web.Application([("/other", Other)])
    app.add_handlers(".*$", [("/voila/render/(.*)", TornadoVoilaHandler, opts), ("/api/x", Other)])
    return app, opts


def _page_rules(app: tornado.web.Application) -> list[object]:
    return [
        r for r in pagehandler._rules(app.default_router) if r.target in (TornadoVoilaHandler, PageHandler)
    ]


def test_swap_reaches_routes_added_per_host_and_keeps_their_options() -> None:
    app, opts = _voila_like_app()
    assert pagehandler.swap_page_handler(app.default_router) == 1
    [rule] = _page_rules(app)
    assert rule.target is PageHandler and rule.target_kwargs == opts
    assert pagehandler.swap_page_handler(app.default_router) == 0  # already swapped


def test_server_extension_swaps_when_the_server_starts() -> None:
    app, _ = _voila_like_app()
    said: list[str] = []
    log = SimpleNamespace(info=lambda *a: said.append("info"), warning=lambda *a: said.append("warning"))
    serverapp = SimpleNamespace(web_app=app, log=log)
    server_ext._load_jupyter_server_extension(serverapp)
    assert _page_rules(app)[0].target is TornadoVoilaHandler  # nothing happens at load time
    asyncio.run(server_ext._start_jupyter_server_extension(serverapp))
    assert _page_rules(app)[0].target is PageHandler and said == ["info"]
    asyncio.run(server_ext._start_jupyter_server_extension(serverapp))
    assert said == ["info", "warning"]  # nothing left to swap is reported, not silent
    assert server_ext._jupyter_server_extension_points() == [{"module": "lesson.app.server_ext"}]
