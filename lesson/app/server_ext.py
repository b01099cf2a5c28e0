"""Jupyter Server extension for Binder and JupyterHub: pages free their kernels when left.

Under ``jupyter server`` (how Binder and JupyterHub run the lesson, see docs/deploy.md) pages
are served by Voila's own server extension, not by our launcher, so its page handler still
lacks the ``_xsrf`` cookie (see ``lesson.app.pagehandler``). ``jupyter_config.json`` enables
this extension next to Voila's. Extensions load in name order and ``lesson`` comes before
``voila``, so the swap happens when the server starts, once every extension has loaded.

A relative ``LESSON_DB`` is made absolute against the server's start folder when the
extension loads, before any kernel starts (kernels run in the notebooks' folder).

It also adds ``lesson/api/park/<kernel>``, where a page that goes into the browser's
back/forward cache parks its kernel (``lesson.app.speed``); ``jupyter_config.json`` turns on
gzip for every response (``compress_response``). Cache lifetimes for Voila's files are the
launcher's alone: here Jupyter Server serves them. Page templates are compiled once per server
(``lesson.app.template_cache``), as under the launcher.
"""

from __future__ import annotations

from typing import Any

from lesson.app.pagehandler import swap_page_handler


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "lesson.app.server_ext"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    """Pin the database path and add the park route; Voila's routes do not exist yet."""
    from lesson.app.capacity import seen_route
    from lesson.app.launch import pin_db_path
    from lesson.app.speed import park_route
    from lesson.app.template_cache import install as compile_templates_once

    pin_db_path()
    compile_templates_once()
    base = getattr(serverapp, "base_url", "/")
    # The seen beacon (lesson.app.capacity) only answers here: there is no kernel cap to feed.
    serverapp.web_app.add_handlers(".*$", [park_route(base), seen_route(base)])


async def _start_jupyter_server_extension(serverapp: Any) -> None:
    """Swap the page handler into the routes Voila registered."""
    swapped = swap_page_handler(serverapp.web_app.default_router)
    if swapped:
        serverapp.log.info(
            "lesson: %d Voila page route(s) now free their kernel when a page is left", swapped
        )
    else:
        serverapp.log.warning("lesson: no Voila page route found; left pages keep their kernels until culled")
