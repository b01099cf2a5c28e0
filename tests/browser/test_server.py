"""The server refuses what it must: source, notebooks, config, the database and path tricks."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from conftest import LessonServer

pytestmark = pytest.mark.browser

FORBIDDEN = [
    "index.ipynb",
    "00_start_here.ipynb",
    "../pyproject.toml",
    "..%2Fpyproject.toml",
    "%2E%2E/pyproject.toml",
    "../lesson/paths.py",
    "../lesson/content/chapters.yaml",
    "../voila.json",
    "../../../../etc/passwd",
    "../.git/config",
]


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code


@pytest.mark.parametrize("prefix", ["/voila/files/", "/files/"])
@pytest.mark.parametrize("path", FORBIDDEN)
def test_refused(server: LessonServer, prefix: str, path: str) -> None:
    assert status(server.url + prefix + path) in (403, 404)


@pytest.mark.parametrize("prefix", ["/voila/files/", "/files/"])
def test_database_file_refused(server: LessonServer, prefix: str) -> None:
    server.db.parent.mkdir(parents=True, exist_ok=True)
    server.db.touch()
    for path in (str(server.db), "../" * 8 + str(server.db).lstrip("/"), server.db.name):
        assert status(server.url + prefix + path) in (403, 404), path


def test_root_redirect_keeps_query(server: LessonServer) -> None:
    req = urllib.request.Request(server.url + "/?learner=ann&present=1")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None

    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as err:
        opener.open(req, timeout=10)
    assert err.value.code == 302
    assert err.value.headers["Location"] == "/voila/render/index.ipynb?learner=ann&present=1"
