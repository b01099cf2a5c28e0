"""The fork server: ``python -m lesson.kernel_fork SOCKET [--parent PID] [--watch FILE ...]``.

Started by the launcher (``lesson.app.forked_kernels`` explains why). It imports ipykernel,
ipywidgets and the lesson's page modules and reads the lesson's content, all once; then it
listens on the Unix socket ``SOCKET``. Each connection sends one JSON line,
``{"argv": [...], "env": {...}, "cwd": "..."}``: the arguments ``ipykernel_launcher`` would get,
the kernel's whole environment and its working folder. The server forks; the child starts a
session of its own, takes that environment and folder, and runs ipykernel exactly as
``python -m ipykernel_launcher`` does. The answer is ``{"pid": N}``, sent once the child has its
own session, or ``{"error": "..."}``.

Nothing here may start a thread or open a socket, database or event loop before forking: the
child would inherit it half-made. Learner data is read only in the child, when its cells run.
What a module does at import only inside a running kernel must be redone in the child: ipywidgets
registers its comm targets (``run_kernel``).

The server exits when the process that started it is gone, on SIGTERM, and after refusing a
fork because a file it loaded has changed (``stale``: the launcher then starts a new one).
"""

from __future__ import annotations

import argparse
import atexit
import importlib
import json
import os
import select
import signal
import socket
import sys
import traceback
from pathlib import Path
from typing import Any

from lesson.app.forked_kernels import STALE

PAGE_MODULES = (
    "lesson.ui",
    "lesson.app.chrome",
    "lesson.app.landing",
    "lesson.charts.chart_view",
    "lesson.charts.diagram",
    "lesson.charts.prerendered",
    "lesson.pages.action",
    "lesson.pages.back_plan",
    "lesson.pages.care_cards",
    "lesson.pages.evidence",
    "lesson.pages.final",
    "lesson.pages.glossary",
    "lesson.pages.movements",
    "lesson.pages.objectives",
    "lesson.pages.pictures",
    "lesson.pages.quiz_intro",
    "lesson.pages.references",
    "lesson.progress.scoring",
    "lesson.progress.review_state",
    "lesson.quiz.widgets",
    "lesson.redflags.widget",
    "lesson.review.report",
    "lesson.teacher.access",
)
"""What the chapters' cells import (none of it loads matplotlib, which only the final report's
chart needs). A module missing here is imported by the kernel itself, only later."""

KERNEL_MODULES = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipywidgets")
CHILD_READY_S = 5.0
PARENT_CHECK_S = 1.0


def warm() -> None:
    """Import what every kernel imports and read the content every chapter reads."""
    for name in (*KERNEL_MODULES, *PAGE_MODULES):
        importlib.import_module(name)
    from lesson.content_model import load

    readers = [load.chapters, load.references, load.claims, load.glossary, load.redflags,
               load.help_content, load.back_plan, load.movements, load.bank_ids]
    for read in readers:
        try:
            read()
        except Exception:  # noqa: BLE001  (bad content: the kernel reports it as path:line itself)
            pass
    try:
        for quiz_id in load.bank_ids():
            load.bank(quiz_id)
            load.versions(quiz_id)
    except Exception:  # noqa: BLE001  (as above)
        pass


def loaded_files(extra: list[str]) -> dict[str, int]:
    """mtime of every file of the lesson package that is loaded now, and of ``extra``."""
    root = Path(__file__).resolve().parent
    files = set(extra)
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if path and Path(path).resolve().is_relative_to(root):
            files.add(str(path))
    stamps: dict[str, int] = {}
    for path in files:
        try:
            stamps[path] = os.stat(path).st_mtime_ns
        except OSError:
            stamps[path] = -1
    return stamps


def changed(stamps: dict[str, int]) -> bool:
    for path, stamp in stamps.items():
        try:
            if os.stat(path).st_mtime_ns != stamp:
                return True
        except OSError:
            if stamp != -1:
                return True
    return False


def reap(_signum: int = 0, _frame: Any = None) -> None:
    """Collect every ended kernel, so none stays a zombie."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def run_kernel(argv: list[str], env: dict[str, str], cwd: str) -> None:
    """In the child: become the kernel, as ``python -m ipykernel_launcher ARGV`` would."""
    code = 1
    try:
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        os.environ["JPY_PARENT_PID"] = str(os.getppid())  # ends with the fork server
        sys.argv = ["ipykernel_launcher", *argv]
        sys.path[0] = cwd  # as for `python -m`, which puts the working folder first
        import ipywidgets
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()  # what ipykernel_launcher's launch_new_instance() does ...
        app.initialize()
        # ... plus what importing ipywidgets inside a running kernel does: register the widgets'
        # comm targets. It was imported here before any kernel existed, so it could not; without
        # them the page cannot fetch its widgets' state in one message, or open widgets of its own.
        ipywidgets.register_comm_target()
        app.start()
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except BaseException:  # noqa: BLE001  (a kernel's last words go to the server's log)
        traceback.print_exc()
    finally:
        # A kernel's exit handlers run as at any normal exit: the lesson's store uses one to write
        # answers still waiting for a busy database (lesson.progress.store). Then os._exit, so the
        # child never returns into the fork server's loop.
        try:
            atexit._run_exitfuncs()
        except BaseException:  # noqa: BLE001  (each handler's error is printed by atexit itself)
            pass
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001, S110  (a closed stream: nothing more to say)
                pass
        os._exit(code)


def fork_kernel(request: dict[str, Any], listener: socket.socket, conn: socket.socket) -> dict[str, Any]:
    """Fork one kernel; the answer to send back."""
    argv = [str(a) for a in request["argv"]]
    env = {str(k): str(v) for k, v in dict(request["env"]).items()}
    cwd = str(request["cwd"])
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        try:
            listener.close()
            conn.close()
            os.close(ready_r)
            os.setsid()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            os.write(ready_w, b"1")
            os.close(ready_w)
        except BaseException:  # noqa: BLE001
            traceback.print_exc()
            os._exit(1)
        run_kernel(argv, env, cwd)
    os.close(ready_w)
    try:
        readable, _, _ = select.select([ready_r], [], [], CHILD_READY_S)
        ok = bool(readable) and os.read(ready_r, 1) == b"1"
    finally:
        os.close(ready_r)
    return {"pid": pid} if ok else {"error": "the kernel did not start"}


def serve(path: Path, stamps: dict[str, int], parent: int) -> None:
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    path.unlink(missing_ok=True)
    listener.bind(str(path))
    listener.listen(64)
    listener.settimeout(PARENT_CHECK_S)
    while os.getppid() == parent:
        try:
            conn, _ = listener.accept()
        except TimeoutError:
            continue
        with conn:
            conn.settimeout(CHILD_READY_S)
            try:
                request = json.loads(conn.makefile("rb").readline())
                if changed(stamps):
                    conn.sendall(json.dumps({"error": STALE}).encode() + b"\n")
                    break
                answer = fork_kernel(request, listener, conn)
            except (OSError, ValueError, KeyError, TypeError) as exc:
                answer = {"error": f"bad request: {exc}"}
            try:
                conn.sendall(json.dumps(answer).encode() + b"\n")
            except OSError:
                pass  # the server gave up waiting; the kernel is reaped when it ends
    listener.close()
    path.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lesson.kernel_fork")
    parser.add_argument("socket", type=Path)
    parser.add_argument("--watch", action="append", default=[])
    parser.add_argument("--parent", type=int, default=0, help="exit once this process is gone")
    args = parser.parse_args(argv)
    parent = args.parent or os.getppid()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the launcher's to answer
    signal.signal(signal.SIGCHLD, reap)
    warm()
    serve(args.socket, loaded_files(args.watch), parent)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
