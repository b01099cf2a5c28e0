"""Leaving a page frees its kernel: the page handler sets the _xsrf cookie Voila's unload beacon needs."""

from __future__ import annotations

from lesson.app import launch


def test_page_routes_get_the_cookie_setting_handler_and_keep_their_options() -> None:
    opts = {"voila_configuration": object()}
    table = [("/voila/render/(.*)", launch.TornadoVoilaHandler, opts), ("/other", object)]
    swapped = launch.with_page_handler(table)
    assert swapped[0] == ("/voila/render/(.*)", launch.PageHandler, opts)
    assert swapped[1] == table[1]
    assert issubclass(launch.PageHandler, launch.TornadoVoilaHandler)
    assert "xsrf_token" in launch.PageHandler.prepare.__code__.co_names
