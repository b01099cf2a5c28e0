"""Kernels forked from a warm process: a page's kernel starts in milliseconds, not a second.

Voila starts a new kernel for every page load. A new ``python -m ipykernel_launcher`` spends
about 0.3 s importing ipykernel, zmq and IPython, then the chapter's first cell about 0.3 s
more importing the lesson and reading its content, on the same CPUs that are serving the page
(issue 11). The launcher therefore starts one *fork server* (``python -m lesson.kernel_fork``)
that has done all of that once, and has each kernel *forked* from it: the child process gets
the page's own environment (``QUERY_STRING``, the browser's id and the rest of what Voila
passes), working folder and connection file, then runs the very same ``ipykernel_launcher``
code. Per-learner state is read only after the request, as before, because it is read when
the cells run, in the child. Forked kernels also share the warm process's memory pages until
they write to them.

- ``ForkKernelManager`` is Jupyter Server's kernel manager with one change: its kernels are
  provisioned by ``ForkProvisioner`` while a fork server is running (``start()``).
- ``ForkProvisioner`` is jupyter_client's ``LocalProvisioner`` whose launch asks the fork
  server. Anything else falls back to the normal launch: a kernel spec that is not this Python's
  ``ipykernel_launcher`` (a test's gated kernel, another language), no fork server yet (it is
  still warming up) or one that does not answer. A page never fails because of this module.
- The fork server refuses to fork once a module it loaded has changed on disk (an edited
  lesson file would otherwise be served stale): the kernel is started the normal way and a fresh
  fork server is started for the next one.
- A forked kernel is a child of the fork server, itself a child of the launcher, in a session of
  its own (signals to its process group reach only it). ``ps`` shows it as
  ``python -m lesson.kernel_fork``; ``LESSON_FORK_KERNELS=0`` turns the whole thing off.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
from jupyter_client.provisioning import LocalProvisioner
from jupyter_server.services.kernels.kernelmanager import ServerKernelManager

ENV = "LESSON_FORK_KERNELS"
"""``0`` (or ``off``/``no``/``false``): start every kernel the normal way."""
SERVER_MODULE = "lesson.kernel_fork"
LAUNCHER = ["-m", "ipykernel_launcher"]
STALE = "stale"
"""The fork server's reply once a file it imported has been edited since."""
UNKNOWN_EXIT = 1
"""Exit code reported for a forked kernel that has ended (the fork server, its parent, reaped it)."""
ANSWER_WITHIN_S = 5.0


def enabled() -> bool:
    return os.environ.get(ENV, "1").strip().lower() not in ("0", "off", "no", "false")


@dataclass
class ForkServer:
    """A running fork server: its process and the socket it listens on once it is warm."""

    proc: subprocess.Popen[bytes]
    socket: Path
    watch: tuple[str, ...] = ()

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.socket.unlink(missing_ok=True)


_server: ForkServer | None = None
_lock = threading.Lock()


def spawn(watch: tuple[str, ...] = ()) -> ForkServer:
    """Start a fork server (it warms up in the background and then listens); ``watch``: more
    files whose change makes it refuse to fork (tests)."""
    folder = Path(tempfile.mkdtemp(prefix="lesson-fork-"))
    sock = folder / "fork.sock"
    cmd = [sys.executable, "-m", SERVER_MODULE, str(sock), "--parent", str(os.getpid()),
           *[a for w in watch for a in ("--watch", w)]]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, env=dict(os.environ))
    return ForkServer(proc, sock, watch)


def start(watch: tuple[str, ...] = ()) -> ForkServer | None:
    """Start this server's fork server (once); ``None`` when ``LESSON_FORK_KERNELS=0``."""
    global _server
    if not enabled():
        return None
    with _lock:
        if _server is None or not _server.alive():
            _server = spawn(watch)
            atexit.register(stop)
        return _server


def stop() -> None:
    global _server
    with _lock:
        if _server is not None:
            _server.stop()
            _server = None


def current() -> ForkServer | None:
    return _server


def _restart(stale: ForkServer) -> None:
    """Replace a fork server that refused to fork (its code changed)."""
    global _server
    with _lock:
        if _server is stale:
            stale.stop()
            _server = spawn(stale.watch)


def forkable(cmd: list[str]) -> bool:
    """Whether ``cmd`` is this Python's ``ipykernel_launcher``, the one command a fork can run."""
    if len(cmd) < 3 or cmd[1:3] != LAUNCHER:
        return False
    try:
        return os.path.samefile(cmd[0], sys.executable)
    except OSError:
        return False


def started(pid: int) -> float | None:
    """When process ``pid`` started, as a value that never changes while it runs; ``None``: gone.

    Linux's ``/proc/PID/stat`` gives it in clock ticks since boot. psutil's ``create_time()`` adds
    the boot time, which moves when the system clock is adjusted, and a kernel taken for another
    process would be restarted under the page (the page's widgets lost).
    """
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return float(fields[19])  # field 22, "starttime"
    except FileNotFoundError:
        return None
    except (OSError, IndexError, ValueError):
        try:  # no /proc (macOS): seconds since the epoch, to the second
            return float(round(psutil.Process(pid).create_time()))
        except psutil.Error:
            return None


class ForkedProcess:
    """The bits of ``subprocess.Popen`` a provisioner uses, for a kernel the fork server forked.

    It is not this process's child, so its end is seen through ``/proc`` and psutil (its start
    time guards against a reused pid) and its exit code is not known (``UNKNOWN_EXIT``).
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._started = started(pid)
        if self._started is None:
            self.returncode = UNKNOWN_EXIT

    def _running(self) -> bool:
        try:
            same = started(self.pid) == self._started
            return same and psutil.Process(self.pid).status() != psutil.STATUS_ZOMBIE
        except psutil.Error:
            return False

    def poll(self) -> int | None:
        if self.returncode is None and not self._running():
            self.returncode = UNKNOWN_EXIT
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
            time.sleep(0.05)  # polling another process's child, which cannot be waited for
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


async def ask_fork(server: ForkServer, cmd: list[str], env: dict[str, str], cwd: str) -> int | str:
    """The pid of a kernel forked for ``cmd``, or the fork server's refusal (e.g. ``STALE``)."""
    request = {"argv": cmd[3:], "env": env, "cwd": cwd}
    reader, writer = await asyncio.wait_for(asyncio.open_unix_connection(str(server.socket)),
                                            ANSWER_WITHIN_S)
    try:
        writer.write(json.dumps(request).encode() + b"\n")
        await writer.drain()
        answer = json.loads(await asyncio.wait_for(reader.readline(), ANSWER_WITHIN_S))
    finally:
        writer.close()
    return int(answer["pid"]) if "pid" in answer else str(answer.get("error", "no answer"))


class ForkProvisioner(LocalProvisioner):  # type: ignore[misc]
    """``LocalProvisioner`` that has the fork server fork the kernel when it can."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        server = current()
        env = dict(kwargs.get("env") or os.environ)
        cwd = str(kwargs.get("cwd") or Path.cwd())
        if server is not None and server.alive() and server.socket.exists() and forkable(cmd):
            try:
                answer = await ask_fork(server, cmd, env, cwd)
            except (OSError, ValueError, KeyError, asyncio.TimeoutError) as exc:
                self.log.warning("lesson: the fork server did not answer (%s); starting the kernel "
                                 "the normal way", exc)
            else:
                if isinstance(answer, int):
                    process = ForkedProcess(answer)
                    self.process = process  # type: ignore[assignment]  # a Popen look-alike
                    self.pid = process.pid
                    self.pgid = process.pid  # the child made its own session before the answer
                    self.cwd = cwd
                    return self.connection_info
                if answer == STALE:
                    self.log.warning("lesson: the lesson's code changed; starting a fresh fork server")
                    _restart(server)
        return await super().launch_kernel(cmd, **kwargs)


class ForkKernelManager(ServerKernelManager):  # type: ignore[misc]
    """Jupyter Server's kernel manager whose kernels are forked while a fork server runs."""

    async def _async_pre_start_kernel(self, **kw: Any) -> Any:
        if self.provisioner is None and current() is not None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = ForkProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec,
                                               parent=self)
        return await super()._async_pre_start_kernel(**kw)
