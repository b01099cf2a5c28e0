"""Kernels forked from a warm process (``lesson.app.forked_kernels``, ``lesson.kernel_fork``).

Real kernels, started through Jupyter's own kernel manager as Voila starts them: each test
shows one thing a page depends on (its own environment and folder, interrupts, shutdown, the
normal launch when forking is not possible, a fresh fork server after a code change).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest
from jupyter_client.kernelspec import KernelSpecManager

from lesson.app import forked_kernels
from lesson.app.forked_kernels import ForkedProcess, ForkKernelManager, ForkProvisioner

WARM_S = 60.0


def _wait_listening(server: forked_kernels.ForkServer, limit_s: float = WARM_S) -> None:
    deadline = time.monotonic() + limit_s
    while not server.socket.exists():
        assert server.alive(), "the fork server exited while warming up"
        assert time.monotonic() < deadline, "the fork server did not listen in time"
        time.sleep(0.05)  # waiting for another process to bind its socket


@pytest.fixture
def fork_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[forked_kernels.ForkServer]:
    watched = tmp_path / "watched.py"
    watched.write_text("# a file the fork server watches\n")
    monkeypatch.delenv(forked_kernels.ENV, raising=False)
    forked_kernels.stop()
    server = forked_kernels.start(watch=(str(watched),))
    assert server is not None
    _wait_listening(server)
    yield server
    forked_kernels.stop()


def _manager() -> ForkKernelManager:
    return ForkKernelManager(kernel_name="python3", kernel_spec_manager=KernelSpecManager(kernel_dirs=[]))


async def _run(km: ForkKernelManager, code: str, timeout: float = 60) -> dict[str, Any]:
    """Run ``code``; its stdout and the reply's status."""
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=timeout)
        out: list[str] = []
        reply = await kc.execute_interactive(
            code, timeout=timeout,
            output_hook=lambda msg: out.append(msg["content"].get("text", ""))
            if msg["msg_type"] == "stream" else None)
        return {"stdout": "".join(out), "status": reply["content"]["status"],
                "ename": reply["content"].get("ename")}
    finally:
        kc.stop_channels()


async def _start(tmp_path: Path, **env: str) -> ForkKernelManager:
    km = _manager()
    await km.start_kernel(env={**os.environ, **env}, cwd=str(tmp_path))
    return km


def test_the_kernel_is_forked_with_the_pages_own_environment(
        fork_server: forked_kernels.ForkServer, tmp_path: Path) -> None:
    async def scenario() -> tuple[ForkKernelManager, dict[str, Any]]:
        km = await _start(tmp_path, QUERY_STRING="learner=ann", LESSON_TEST_MARK="page-1")
        try:
            assert isinstance(km.provisioner, ForkProvisioner)
            assert isinstance(km.provisioner.process, ForkedProcess)
            pid = km.provisioner.pid
            assert psutil.Process(pid).ppid() == fork_server.proc.pid
            assert os.getpgid(pid) == pid, "the kernel has a process group of its own"
            return km, await _run(km, (
                "import os, sys\n"
                "print(os.environ['QUERY_STRING'], os.environ['LESSON_TEST_MARK'], os.getcwd(), sep='|')\n"
                "print('lesson.ui' in sys.modules, 'matplotlib' in sys.modules, sep='|')\n"
                "from comm import get_comm_manager\n"
                "print(sorted(t for t in get_comm_manager().targets if t.startswith('jupyter.widget')))\n"
            ))
        finally:
            await km.shutdown_kernel(now=True)

    _, result = asyncio.run(scenario())
    assert result["status"] == "ok"
    first, second, targets = result["stdout"].splitlines()
    assert first == f"learner=ann|page-1|{tmp_path}"
    assert second == "True|False", "warm: the lesson was imported before the fork, matplotlib was not"
    # As importing ipywidgets in a running kernel does: the page's widget manager fetches every
    # widget's state through jupyter.widget.control, and opens its own through jupyter.widget.
    assert targets == "['jupyter.widget', 'jupyter.widget.control']"


def test_two_kernels_do_not_share_state(fork_server: forked_kernels.ForkServer, tmp_path: Path) -> None:
    async def both() -> list[str]:
        outs = []
        for learner in ("ann", "bo"):
            km = _manager()
            await km.start_kernel(env={**os.environ, "QUERY_STRING": f"learner={learner}"}, cwd=str(tmp_path))
            try:
                result = await _run(km, (
                    "import os, random\n"
                    "globals().setdefault('seen', []).append(os.environ['QUERY_STRING'])\n"
                    "print(seen, random.random())"))
                outs.append(result["stdout"].strip())
            finally:
                await km.shutdown_kernel(now=True)
        return outs

    ann, bo = asyncio.run(both())
    assert ann.startswith("['learner=ann']") and bo.startswith("['learner=bo']")
    assert ann.split()[-1] != bo.split()[-1], "each forked kernel has its own random state"


def test_interrupt_and_shutdown(fork_server: forked_kernels.ForkServer, tmp_path: Path) -> None:
    async def scenario() -> tuple[dict[str, Any], int]:
        kernel = await _start(tmp_path)
        assert isinstance(kernel.provisioner, ForkProvisioner)
        kc = kernel.client()
        kc.start_channels()
        await kc.wait_for_ready(timeout=60)
        msg_id = kc.execute("import time\ntime.sleep(60)")
        await asyncio.sleep(1.0)  # let the sleep begin (the kernel reports busy before it)
        await kernel.interrupt_kernel()
        reply = await kc.get_shell_msg(timeout=30)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = await kc.get_shell_msg(timeout=30)
        kc.stop_channels()
        pid = kernel.provisioner.pid
        await kernel.shutdown_kernel()
        return reply["content"], pid

    content, pid = asyncio.run(scenario())
    assert content["status"] == "error" and content["ename"] == "KeyboardInterrupt"
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_a_killed_kernel_is_seen_as_ended_and_the_fork_server_lives_on(
        fork_server: forked_kernels.ForkServer, tmp_path: Path) -> None:
    async def scenario() -> int:
        kernel = await _start(tmp_path)
        pid = kernel.provisioner.pid
        assert isinstance(kernel.provisioner.process, ForkedProcess)
        await kernel.shutdown_kernel(now=True)  # SIGKILL to the kernel's process group
        # The manager waited until the provisioner saw the kernel end (through ForkedProcess.poll)
        assert kernel.provisioner is None or kernel.provisioner.process is None
        return pid

    pid = asyncio.run(scenario())
    deadline = time.monotonic() + 10
    while psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
        assert time.monotonic() < deadline
        time.sleep(0.05)  # another process's child: polled, not waited for
    assert fork_server.alive()
    assert psutil.Process(os.getpid()).is_running()


def test_without_a_fork_server_kernels_start_the_normal_way(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(forked_kernels.ENV, "0")
    forked_kernels.stop()
    assert forked_kernels.start() is None

    async def scenario() -> tuple[str, int]:
        km = _manager()
        await km.start_kernel(env=dict(os.environ), cwd=str(tmp_path))
        try:
            return type(km.provisioner).__name__, psutil.Process(km.provisioner.pid).ppid()
        finally:
            await km.shutdown_kernel(now=True)

    kind, parent = asyncio.run(scenario())
    assert kind == "LocalProvisioner"
    assert parent == os.getpid()


def test_another_kernel_command_is_launched_the_normal_way(fork_server: forked_kernels.ForkServer) -> None:
    assert forked_kernels.forkable([sys.executable, "-m", "ipykernel_launcher", "-f", "c.json"])
    assert not forked_kernels.forkable([sys.executable, "-c", "print(1)", "-f", "c.json"])
    assert not forked_kernels.forkable(["/bin/sh", "-m", "ipykernel_launcher"])


def test_a_changed_file_gets_a_fresh_fork_server(fork_server: forked_kernels.ForkServer,
                                                 tmp_path: Path) -> None:
    watched = Path(fork_server.watch[0])
    later = time.time() + 5
    os.utime(watched, (later, later))

    async def start_one() -> tuple[str, int]:
        km = _manager()
        await km.start_kernel(env=dict(os.environ), cwd=str(tmp_path))
        try:
            process = km.provisioner.process
            return type(process).__name__, psutil.Process(km.provisioner.pid).ppid()
        finally:
            await km.shutdown_kernel(now=True)

    kind, parent = asyncio.run(start_one())
    assert kind == "Popen" and parent == os.getpid(), "the stale server refused; a normal launch"
    fresh = forked_kernels.current()
    assert fresh is not None and fresh is not fork_server
    fork_server.proc.wait(timeout=10)  # the stale one has exited
    _wait_listening(fresh)
    kind, parent = asyncio.run(start_one())
    assert kind == "ForkedProcess" and parent == fresh.proc.pid


def test_the_fork_server_ends_with_the_process_that_started_it(tmp_path: Path) -> None:
    """Its parent killed outright (no clean exit): the fork server notices and exits."""
    script = (
        "import time, sys\n"
        "from lesson.app import forked_kernels\n"
        "server = forked_kernels.spawn()\n"
        "print(server.proc.pid, flush=True)\n"
        "time.sleep(600)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        child = psutil.Process(int(parent.stdout.readline()))
    finally:
        parent.kill()
        parent.wait(timeout=10)
    child.wait(timeout=WARM_S + 10)


def test_warming_up_starts_no_thread_and_loads_no_plotting() -> None:
    """Forking copies only the calling thread: nothing may be running beside it."""
    code = (
        "import sys, threading\n"
        "from lesson import kernel_fork\n"
        "kernel_fork.warm()\n"
        "print(threading.active_count(), 'matplotlib' in sys.modules, 'lesson.ui' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         check=True)
    assert out.stdout.split() == ["1", "False", "True"]
    assert threading.active_count() >= 1


def test_a_clock_change_does_not_end_a_running_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    """The restarter polls every few seconds; a kernel taken for dead is restarted under its page,
    which then finds none of its widgets. psutil's create_time() moves with the boot time, which
    moves when the system clock is adjusted; the start in clock ticks does not."""
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        watched = ForkedProcess(sleeper.pid)
        assert watched.poll() is None
        real_boot = psutil.boot_time()
        monkeypatch.setattr(psutil, "boot_time", lambda: real_boot + 7.0)
        monkeypatch.setattr(psutil._pslinux, "boot_time", lambda: real_boot + 7.0)
        assert watched.poll() is None, "a running kernel was taken for an ended one"
        sleeper.kill()
        sleeper.wait(timeout=10)
        assert watched.poll() == forked_kernels.UNKNOWN_EXIT
        assert watched.wait(timeout=5) == forked_kernels.UNKNOWN_EXIT
    finally:
        if sleeper.poll() is None:
            sleeper.kill()


def test_a_kernel_that_ends_runs_its_exit_handlers(fork_server: forked_kernels.ForkServer,
                                                   tmp_path: Path) -> None:
    """The store writes answers still waiting for a busy database from an exit handler
    (lesson.progress.store); a forked kernel must run them as a normal one does."""
    mark = tmp_path / "written-at-exit"

    async def scenario() -> None:
        km = await _start(tmp_path)
        assert isinstance(km.provisioner, ForkProvisioner)
        try:
            result = await _run(km, (
                "import atexit, pathlib\n"
                f"atexit.register(pathlib.Path({str(mark)!r}).write_text, 'saved')\n"))
            assert result["status"] == "ok"
        finally:
            await km.shutdown_kernel()  # a page closed: the kernel asked to stop, not killed

    asyncio.run(scenario())
    assert mark.read_text() == "saved"
