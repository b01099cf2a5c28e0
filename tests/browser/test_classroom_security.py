"""A shared server against strangers, on the real launcher (bound to 127.0.0.1 only).

Issue 12: learner B opened ``?learner=ALICE``, saw Alice's answers and reset her lesson; a
request with ``Host: rebind.evil.example:8883`` got the page and a kernel websocket; a 100 kB
``?learner=`` got an empty response.
"""

from __future__ import annotations

import socket
import sqlite3
import urllib.error
import urllib.request
from collections.abc import Callable

import pytest
from conftest import (
    QUIZ_READY,
    LessonServer,
    NewContext,
    answer_one_right,
    assert_no_error_shown,
    kernel_id,
    one_right_score,
    open_lesson,
)
from playwright.sync_api import Page, expect

from lesson.progress.scoring import Score
from lesson.quiz.bank import questions

pytestmark = pytest.mark.browser
CLASSROOM = "classroom.test"
ANATOMY = "/voila/render/01_anatomy.ipynb"


def _get(url: str, host: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            return reply.status, reply.read().decode(errors="replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(errors="replace")


def _websocket_status(port: int, path: str, host: str) -> str:
    """The status line the server answers a websocket upgrade with."""
    request = (f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(request.encode())
        return sock.recv(4096).decode(errors="replace").split("\r\n", 1)[0]


def test_foreign_host_header_gets_neither_page_nor_kernel(page: Page, server: LessonServer) -> None:
    status, body = _get(server.url + "/voila/render/index.ipynb", host="rebind.evil.example:8883")
    assert status == 403 and "not served under the name" in body and "lesson-quiz" not in body
    assert _get(server.url + "/", host="rebind.evil.example:8883")[0] == 403

    open_lesson(page, server, "/voila/render/index.ipynb")  # a real page, so a real kernel exists
    channels = f"/api/kernels/{kernel_id(page)}/channels"
    assert " 403 " in _websocket_status(server.port, channels, "rebind.evil.example:8883") + " "
    assert " 101 " in _websocket_status(server.port, channels, f"127.0.0.1:{server.port}") + " "


def test_a_100_kb_name_gets_a_friendly_refusal(server: LessonServer) -> None:
    status, body = _get(server.url + "/voila/render/index.ipynb?learner=" + "A" * 100_000)
    assert status == 414
    assert "That address is too long." in body and "Go to the start of the lesson" in body


def test_a_claimed_name_is_safe_from_a_second_browser(
    new_context: NewContext, page: Page, start_server: Callable[..., LessonServer]
) -> None:
    srv = start_server(args=["--allow-host", CLASSROOM])  # a classroom server behind a proxy
    total = len(questions("anatomy"))

    # Alice's browser claims the name, sees her recovery code once, and answers one question.
    open_lesson(page, srv, f"{ANATOMY}?learner=Alice", QUIZ_READY)
    claimed = page.locator(".lesson-claim-claimed")
    expect(claimed).to_contain_text("Your recovery code is")
    code = page.locator(".lesson-recovery-code").inner_text().strip()
    assert len(code) == 9 and code[4] == "-"
    answer_one_right(page)

    # Bob's browser (its own cookies) asks for the same name: refused, sees nothing of Alice's.
    other = new_context(viewport={"width": 1280, "height": 900})
    try:
        bob = other.new_page()
        open_lesson(bob, srv, f"{ANATOMY}?learner=Alice", QUIZ_READY)
        expect(bob.locator(".lesson-claim-refused")).to_contain_text("already used in another web browser")
        expect(bob.locator(".lesson-not-saved")).to_be_visible()
        expect(bob.locator(".lesson-quiz .lesson-score")).to_contain_text(str(Score(0, total, 0)))
        expect(bob.locator(".lesson-recovery-code")).to_have_count(0)
        bob.locator(".lesson-reset-all").click()  # a reset from Bob's browser touches only his page
        bob.locator(".lesson-reset-yes").click()

        open_lesson(page, srv, f"{ANATOMY}?learner=Alice", QUIZ_READY)  # Alice reloads: all still there
        expect(page.locator(".lesson-quiz .lesson-score")).to_contain_text(one_right_score())
        expect(page.locator(".lesson-claim-claimed")).to_have_count(0)  # the code was shown only once

        # A wrong code is refused; Alice's own code, typed in Bob's browser, lets it in.
        form_field = bob.locator("#lesson-recovery-code-anatomy")
        form_field.fill("ABCD-EFGH")
        form_field.press("Enter")
        bob.wait_for_selector(".lesson-claim-wrong-code")
        expect(bob.locator(".lesson-quiz .lesson-score")).to_contain_text(str(Score(0, total, 0)))
        bob.locator("#lesson-recovery-code-anatomy").fill(code.lower())
        bob.locator("#lesson-recovery-code-anatomy").press("Enter")
        bob.wait_for_selector(".lesson-claim-unlocked")
        expect(bob.locator(".lesson-quiz .lesson-score")).to_contain_text(one_right_score())
        next_link = bob.locator(".lesson-footer a.lesson-nav-next")
        assert "code=" not in (next_link.get_attribute("href") or "")  # the code is never carried on
        assert_no_error_shown(bob)
    finally:
        other.close()

    with sqlite3.connect(srv.db) as conn:
        assert conn.execute("SELECT count(*) FROM name_browsers WHERE name = 'name:alice'").fetchone()[0] == 2
        kinds = [r[0] for r in conn.execute("SELECT kind FROM attempts WHERE learner = 'name:alice'")]
    assert kinds == ["check"]  # Bob's reset never reached Alice's answers
