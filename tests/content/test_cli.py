"""The ``python -m lesson`` front door: subcommands, lazy imports, friendly failures."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import pytest

from lesson import cli


def _fake(monkeypatch: pytest.MonkeyPatch, name: str, calls: list[tuple[object, ...]]) -> None:
    module = types.ModuleType(name)

    def run(*args: object, **kwargs: object) -> int:
        calls.append((*args, kwargs) if kwargs else args)
        return 0

    module.run = run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, name, module)


def test_progress_export_passes_its_options(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[object, ...]] = []
    _fake(monkeypatch, "lesson.progress.export", calls)
    assert cli.main(["progress", "--export", "json", "--all", "--output", "out.json"]) == 0
    assert cli.main(["progress", "--export", "csv", "--learner", "sam"]) == 0
    assert calls == [("json", None, True, "out.json"), ("csv", "sam", False, None)]


def test_learner_and_all_cannot_be_combined(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["progress", "--export", "csv", "--learner", "sam", "--all"])
    assert info.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


def test_app_passes_host_port_and_browser_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[object, ...]] = []
    _fake(monkeypatch, "lesson.app.launch", calls)
    assert cli.main(["app", "--host", "0.0.0.0", "--port", "9000", "--no-browser"]) == 0
    assert cli.main(["app", "--preheat", "1", "--root", "nb", "--allow-host", "a", "--allow-host", "b"]) == 0
    assert calls == [("0.0.0.0", 9000, False, {"root": None, "preheat": 0, "allow": []}),
                     ("127.0.0.1", 8866, True, {"root": Path("nb"), "preheat": 1, "allow": ["a", "b"]})]


def test_notebooks_passes_its_options(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[object, ...]] = []
    _fake(monkeypatch, "lesson.execute", calls)
    assert cli.main(["notebooks"]) == 0
    assert cli.main(["notebooks", "--cite-only", "a.ipynb"]) == 0
    assert calls == [([], False), ([Path("a.ipynb")], True)]


def test_check_on_missing_directory_reports_without_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lesson", "check", str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert f"{tmp_path / 'nowhere' / 'chapters.yaml'}:1: missing file" in result.stdout


def test_readability_in_a_fresh_process_without_network_is_stable() -> None:
    code = (
        "import socket\n"
        "def blocked(*a, **k):\n    raise OSError('no network')\n"
        "socket.socket = blocked\nsocket.create_connection = blocked\n"
        "from lesson.content_model.citations import learner_texts\n"
        "from lesson.readability import grade\n"
        "print(repr(grade(learner_texts('treatment'))))\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
        ).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1] and float(runs[0]) > 0
