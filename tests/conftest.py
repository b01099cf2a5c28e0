"""Shared fixtures for every test: a private temporary database and a clean identity, so no test
ever touches a real learner's progress; and a fixture bank with a question of every type."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from ruamel.yaml import YAML

from lesson.content_model import load
from lesson.content_model.questions import Bank
from lesson.progress import request, store
from lesson.quiz import bank

HERE = Path(__file__).parent / "quiz"
IDENTITY_VARS = ["JUPYTERHUB_USER", "LESSON_QUERY", "LESSON_HOST", "LESSON_PRESENT", "QUERY_STRING",
                 "SERVER_SOFTWARE", "VOILA_KERNEL_ID", "VOILA_PREHEAT", "LESSON_ALLOW_HOSTS",
                 "HTTP_X_LESSON_BROWSER"]


def load_fixture_bank() -> Bank:
    return Bank.model_validate(YAML(typ="safe", pure=True).load((HERE / "bank_fixture.yaml").read_text()))


@pytest.fixture(scope="session", autouse=True)
def delete_output_dir() -> None:
    """pytest-playwright would empty its --output folder (test-results/) at the start of every run;
    only a run of browser tests does (tests/browser/conftest.py), so their failure artefacts stay."""


@pytest.fixture(autouse=True)
def temp_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own database and a clean identity, never the real user data dir."""
    db = tmp_path / "progress.sqlite3"
    monkeypatch.setenv("LESSON_DB", str(db))
    for var in IDENTITY_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(request, "_waited", False)
    store.clear_cache()
    yield db
    store.clear_cache()


@pytest.fixture
def fixture_bank(monkeypatch: pytest.MonkeyPatch) -> Bank:
    """Route the quiz engine's bank loading to the fixture bank (quiz id "fixture")."""
    b = load_fixture_bank()
    real_load, real_questions = bank.load_bank, bank.questions
    monkeypatch.setattr(bank, "load_bank", lambda qid: b if qid == "fixture" else real_load(qid))
    monkeypatch.setattr(bank, "questions",
                        lambda qid: tuple(b.questions) if qid == "fixture" else real_questions(qid))
    monkeypatch.setattr(bank, "bank_ids", lambda: ["fixture"])
    # Scoring and export read banks through the content loader (below the quiz package).
    real_bank = load.bank
    monkeypatch.setattr(load, "bank", lambda qid, root=None: b if qid == "fixture" else real_bank(qid, root))
    monkeypatch.setattr(load, "bank_ids", lambda root=None: ["fixture"])
    ref = SimpleNamespace(id="ref-a", title="Reference <A>", url="https://example.org/a")
    monkeypatch.setattr(bank, "references", lambda: {"ref-a": ref})
    return b


@pytest.fixture
def q(fixture_bank: Bank):
    """Fixture questions by id."""
    return {question.id: question for question in fixture_bank.questions}


@pytest.fixture
def storage_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every database opened and every row added while the test runs (each still happens).

    "Stores nothing" tests assert this stays empty; a database file check alone can miss a
    write that goes to the session's memory store or to another path.
    """
    calls: list[tuple[str, str]] = []
    real_connect, real_add = store.sqlite3.connect, store.Store.add

    def connect(*args: object, **kwargs: object) -> object:
        calls.append(("open", str(args[0] if args else kwargs.get("database"))))
        return real_connect(*args, **kwargs)  # type: ignore[arg-type]

    def add(self: store.Store, attempt: store.Attempt) -> bool:
        calls.append(("add", f"{attempt.quiz_id}/{attempt.question_id}"))
        return real_add(self, attempt)

    monkeypatch.setattr(store.sqlite3, "connect", connect)
    monkeypatch.setattr(store.Store, "add", add)
    return calls
