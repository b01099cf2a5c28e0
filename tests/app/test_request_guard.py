"""The launcher's guard: only expected Host names (DNS rebinding), and a friendly page for huge addresses."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
import tornado.web
from tornado.testing import AsyncHTTPTestCase

from lesson.app import launch

LOCAL = launch.allowed_hosts("127.0.0.1")


@pytest.mark.parametrize("host", ["127.0.0.1:8866", "localhost:8866", "LOCALHOST", "[::1]:8866", "[::1]",
                                  "192.168.1.20:8866", "app.localhost:8866", "localhost.:8866"])
def test_local_names_and_addresses_are_accepted(host: str) -> None:
    assert launch.host_ok(host, LOCAL)


@pytest.mark.parametrize("host", ["rebind.evil.example:8883", "rebind.evil.example", "localhost.evil.example",
                                  "127.0.0.1.nip.io:8866", "", ":8866", socket.gethostname().lower()])
def test_other_names_are_refused_on_a_local_bind(host: str) -> None:
    assert not launch.host_ok(host, LOCAL)


def test_classroom_names_are_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    shared = launch.allowed_hosts("0.0.0.0", ["Lesson.School.Example:443"])
    assert launch.host_ok("lesson.school.example", shared)
    assert launch.host_ok(f"{socket.gethostname().lower()}:8866", shared)  # the machine's own name
    assert not launch.host_ok("rebind.evil.example:8883", shared)


class GuardTest(AsyncHTTPTestCase):
    def get_app(self) -> tornado.web.Application:
        class Page(tornado.web.RequestHandler):
            def get(self) -> None:
                self.write("the lesson")

        app = tornado.web.Application([(r"/.*", Page)])
        launch.install_guard(app, launch.allowed_hosts("127.0.0.1", ["classroom.test"]), "/start")
        return app

    def test_foreign_host_gets_403_not_the_page(self) -> None:
        resp = self.fetch("/voila/render/index.ipynb", headers={"Host": "rebind.evil.example:8883"})
        assert resp.code == 403 and b"the lesson" not in resp.body
        assert "not served under the name “rebind.evil.example”" in resp.body.decode()

    def test_expected_hosts_get_the_page(self) -> None:
        for host in ("127.0.0.1:8883", "localhost:8883", "classroom.test"):
            resp = self.fetch("/voila/render/index.ipynb", headers={"Host": host})
            assert resp.code == 200 and resp.body == b"the lesson", host

    def test_websocket_upgrade_from_a_foreign_host_is_refused(self) -> None:
        resp = self.fetch("/api/kernels/abc/channels", headers={
            "Host": "rebind.evil.example:8883", "Upgrade": "websocket", "Connection": "Upgrade",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version": "13"})
        assert resp.code == 403

    def test_a_huge_address_gets_a_friendly_refusal(self) -> None:
        resp = self.fetch("/voila/render/index.ipynb?learner=" + "a" * 10_000)
        assert resp.code == 414
        body = resp.body.decode()
        assert "That address is too long." in body and 'href="/start"' in body


def test_relative_database_path_is_pinned_to_the_launch_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LESSON_DB", "class/progress.sqlite3")
    monkeypatch.setenv("JUPYTER_PATH", "")
    launch.prepare_environment("127.0.0.1")
    assert os.environ["LESSON_DB"] == str(tmp_path / "class" / "progress.sqlite3")


def test_a_name_to_reach_the_server_by_makes_it_a_shared_server(monkeypatch) -> None:
    monkeypatch.setenv("JUPYTER_PATH", "")
    monkeypatch.setenv("LESSON_HOST", "before")
    launch.prepare_environment("127.0.0.1", ["classroom.test:443"])
    assert os.environ["LESSON_HOST"] == "classroom.test"
    launch.prepare_environment("127.0.0.1", ["localhost"])
    assert os.environ["LESSON_HOST"] == "127.0.0.1"


def test_build_app_takes_names_from_the_option_and_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("JUPYTER_PATH", "")
    monkeypatch.setenv("LESSON_HOST", "before")
    monkeypatch.setenv(launch.ALLOW_ENV, "one.example, two.example")
    app = launch.build_app("127.0.0.1", 8996, False, allow=["three.example"])
    assert {"one.example", "two.example", "three.example", "localhost"} <= app.allowed
