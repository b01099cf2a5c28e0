"""The teacher toolkit without a browser: class figures, the key, the refusal, the poll, notes, exports."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from lesson.app import speaker_notes as notes
from lesson.app import teacher_page as page
from lesson.content_model.questions import SingleQuestion, version
from lesson.display import Shown, ShownHTML
from lesson.progress.store import Attempt, Store
from lesson.quiz import poll
from lesson.quiz.bank import questions
from lesson.quiz.question_types import grade
from lesson.teacher import access, data, report

KEY = "k" * 24
FIXTURE = Path(__file__).parent / "fixtures" / "class.sqlite3"


def first_single(quiz_id: str = "anatomy") -> SingleQuestion:
    return next(q for q in questions(quiz_id) if isinstance(q, SingleQuestion))


def answer(store: Store, learner: str, quiz_id: str, q: SingleQuestion, option: int) -> None:
    result = grade(q, option)
    store.add(Attempt(learner, quiz_id, q.id, version(q), option, result.score, result.correct, "check"))


def three_learners(db: Path) -> SingleQuestion:
    """ann right first time; bob wrong then right; cai wrong."""
    q = first_single()
    right = next(i for i, o in enumerate(q.options) if o.correct)
    wrong = next(i for i, o in enumerate(q.options) if not o.correct)
    store = Store(db)
    answer(store, "name:ann", "anatomy", q, right)
    answer(store, "name:bob", "anatomy", q, wrong)
    answer(store, "name:bob", "anatomy", q, right)
    answer(store, "name:cai", "anatomy", q, wrong)
    store.close()
    return q


def test_class_report_counts_facility_and_options(temp_db: Path) -> None:
    q = three_learners(temp_db)
    r = data.load_class(db=temp_db)
    assert r.learners == ["name:ann", "name:bob", "name:cai"] and len(r.started) == 3
    anatomy = next(x for x in r.quizzes if x.quiz_id == "anatomy")
    item = next(x for x in anatomy.questions if x.id == q.id)
    assert item.stats.answered == 3
    assert item.stats.facility == pytest.approx(100 / 3)  # first answers: only ann was right
    right = next(o for o in item.options if o.correct)
    assert right.count == 1 and sum(o.count for o in item.options) == 3
    latest = data.load_class("last", db=temp_db)
    item = next(
        x for x in next(x for x in latest.quizzes if x.quiz_id == "anatomy").questions if x.id == q.id
    )
    assert item.stats.facility == pytest.approx(200 / 3)
    assert r.progress["name:bob"]["anatomy"].correct == 1
    html = report.body_html(r)
    assert "Too few attempts" in html and "ann" in html
    assert f'data-question="{q.id}"' in html


def test_misconceptions_are_counted() -> None:
    q = next(
        q
        for qs in ("anatomy", "treatment", "seek-help")
        for q in questions(qs)
        if isinstance(q, SingleQuestion) and any(o.misconception for o in q.options)
    )
    quiz_id = next(qs for qs in ("anatomy", "treatment", "seek-help") if q in questions(qs))
    i = next(i for i, o in enumerate(q.options) if o.misconception and not o.correct)
    rows = [
        Attempt(f"name:l{n}", quiz_id, q.id, version(q), i, 0.0, False, "check", f"2026-01-01T00:00:0{n}")
        for n in range(2)
    ]
    r = data.class_report(rows)
    tag = q.options[i].misconception
    assert any(m.tag == tag and m.learners == 2 and q.id in m.questions for m in r.misconceptions)
    assert report.tag_words(tag) in report.body_html(r)


def test_empty_class() -> None:
    r = data.class_report([])
    html = report.body_html(r)
    assert "Nobody has saved an answer yet" in html and "No answers yet" in html


def test_fixture_class_report() -> None:
    r = data.load_class(db=FIXTURE)
    assert len(r.learners) == 24
    assert all(q.stats.n >= 19 for q in r.quizzes)
    assert any(qr.stats.flagged for q in r.quizzes for qr in q.questions)
    assert "teacher page: 24 learners (24 started)" in page.summary(r)


def test_reading_never_writes_or_holds_a_lock(temp_db: Path) -> None:
    three_learners(temp_db)
    before = temp_db.stat().st_mtime_ns
    attempts, problem = data.read_attempts(temp_db)
    assert len(attempts) == 4 and problem == ""
    assert temp_db.stat().st_mtime_ns == before
    writer = sqlite3.connect(temp_db, timeout=0)  # no wait: fails at once if the reader kept a lock
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("COMMIT")
    writer.close()


def test_missing_database_is_an_empty_class(tmp_path: Path) -> None:
    attempts, problem = data.read_attempts(tmp_path / "none.sqlite3")
    assert attempts == [] and problem == ""
    assert not (tmp_path / "none.sqlite3").exists()


# -- who may see it ------------------------------------------------------------------------------


def serve(monkeypatch: pytest.MonkeyPatch, query: str, key: str = KEY) -> None:
    monkeypatch.setenv("LESSON_QUERY", query)
    monkeypatch.setenv(access.KEY_ENV, key)


def test_without_key_refuses_and_reads_nothing(monkeypatch: pytest.MonkeyPatch, temp_db: Path) -> None:
    three_learners(temp_db)

    def boom(*_a: object, **_k: object) -> None:
        raise AssertionError("the refusal must not read the database")

    monkeypatch.setattr(page, "load_class", boom)
    for query in ("", "learner=ann", f"key={KEY[:-1]}", "key=", f"key={KEY}x"):
        serve(monkeypatch, query)
        shown = page.teacher_page()
        assert isinstance(shown, ShownHTML) and "This page is for the teacher" in shown.html
        assert "ann" not in shown.html and KEY not in shown.html
    serve(monkeypatch, f"key={KEY}", key="")  # a server with no key refuses everyone
    assert isinstance(page.teacher_page(), ShownHTML)


def test_with_key_shows_the_class(monkeypatch: pytest.MonkeyPatch, temp_db: Path) -> None:
    three_learners(temp_db)
    serve(monkeypatch, f"key={KEY}")
    shown = page.teacher_page()
    assert isinstance(shown, Shown)
    assert shown.summary.startswith("teacher page: 3 learners (3 started)")
    body = next(w for w in shown.widget.children if "lesson-teacher-body" in w._dom_classes)
    assert "cai" in body.value


def test_no_request_means_the_owner(monkeypatch: pytest.MonkeyPatch) -> None:
    """JupyterLab, nbval and the report command run as whoever can read the file anyway."""
    monkeypatch.setenv(access.KEY_ENV, KEY)
    assert access.is_teacher()


def test_key_handling(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(access.KEY_ENV, "")  # restored afterwards, though the code sets it
    monkeypatch.setenv(access.HASH_ENV, "")  # both restored after the test, though the code sets them
    made = access.ensure_key()
    assert len(made) >= access.MIN_KEY and access.server_key() == ""  # kernels get only the hash
    assert access.key_matches(made) and not access.key_matches(made + "x")
    monkeypatch.setenv(access.KEY_ENV, "short")
    with pytest.raises(SystemExit):
        access.ensure_key()
    monkeypatch.setenv(access.KEY_ENV, KEY)
    assert access.ensure_key() == KEY and access.key_matches(KEY)
    assert (
        access.teacher_url("http://127.0.0.1:8866/", KEY)
        == f"http://127.0.0.1:8866/voila/render/teacher.ipynb?key={KEY}"
    )
    assert not access.key_matches("", "")


def test_key_never_in_a_learners_page(monkeypatch: pytest.MonkeyPatch) -> None:
    from lesson.app import chrome, landing

    serve(monkeypatch, "learner=ann")
    for html in (
        chrome.header("anatomy").html,
        chrome.footer("anatomy").html,
        landing.landing().widget.value,
    ):
        assert KEY not in html and "teacher.ipynb" not in html
    serve(monkeypatch, f"key={KEY}")
    assert "teacher.ipynb?key=" in landing.landing().widget.value
    assert KEY not in chrome.header("anatomy").html  # chapter links carry learner/present only


def test_speaker_notes_only_in_presenter_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    from lesson.app import chrome

    assert "Speaker notes" not in chrome.header("diagnosis").html
    monkeypatch.setenv("LESSON_PRESENT", "1")
    html = chrome.header("diagnosis").html
    assert "Speaker notes" in html and "lesson-cite" in html
    assert notes.notes_html("index") == ""


# -- the live poll -----------------------------------------------------------------------------------


def test_poll_counts_answers_since_it_started(temp_db: Path) -> None:
    q = first_single()
    right = next(i for i, o in enumerate(q.options) if o.correct)
    store = Store(temp_db)
    answer(store, "name:old", "anatomy", q, right)  # before the poll: not counted
    p = poll.ClassPoll(q, "anatomy", db=temp_db, interval=60)
    p.toggle()
    assert '<strong class="lesson-poll-count">0</strong>' in p.area.value
    answer(store, "name:ann", "anatomy", q, right)
    answer(store, "name:bob", "anatomy", q, (right + 1) % len(q.options))
    answer(store, "name:bob", "anatomy", q, right)  # bob's latest answer counts
    p.refresh()
    assert '<strong class="lesson-poll-count">2</strong>' in p.area.value
    assert "Right answer" not in p.area.value
    revealed: list[bool] = []
    p.reveal_question = lambda: revealed.append(True)
    p.do_reveal()
    assert "Right answer" in p.area.value and revealed == [True]
    p.stop()
    store.close()


def test_poll_only_for_a_presenter_with_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    q = first_single()
    assert poll.class_poll(q, "anatomy") is None  # no web request: no room to poll
    serve(monkeypatch, "present=1")
    assert poll.class_poll(q, "anatomy") is None
    serve(monkeypatch, f"present=1&key={KEY}")
    assert poll.class_poll(q, "anatomy") is not None


def test_quiz_shows_poll_for_presenter_with_key(monkeypatch: pytest.MonkeyPatch) -> None:
    from lesson.quiz.widgets import quiz

    serve(monkeypatch, f"present=1&key={KEY}")
    shown = quiz("anatomy")

    def walk(w: object) -> list[object]:
        return [w, *(x for c in getattr(w, "children", ()) for x in walk(c))]

    polls = [w for w in walk(shown.widget) if "lesson-poll" in getattr(w, "_dom_classes", ())]
    assert len(polls) == len(questions("anatomy"))
    serve(monkeypatch, "learner=ann")
    assert not [w for w in walk(quiz("anatomy").widget) if "lesson-poll" in getattr(w, "_dom_classes", ())]


# -- exports -------------------------------------------------------------------------------------------


def test_report_merges_learners_export_files(temp_db: Path, tmp_path: Path) -> None:
    from lesson.progress import export
    from lesson.teacher.cli import run

    three_learners(temp_db)
    files = []
    for name, fmt in (("ann", "csv"), ("bob", "json"), ("cai", "csv")):
        out = tmp_path / f"{name}.{fmt}"
        assert export.run(fmt, name, output=str(out)) == 0
        files.append(str(out))
    files.append(files[0])  # the same file twice counts once
    html, table, learners = tmp_path / "r.html", tmp_path / "r.csv", tmp_path / "l.csv"
    temp_db.unlink()
    assert run(files, str(html), str(table), str(learners)) == 0
    text = html.read_text()
    assert "<script" not in text and 'src="http' not in text and "<link" not in text
    q = first_single()
    row = next(r for r in csv.DictReader(table.open()) if r["question_id"] == q.id)
    assert row["answered"] == "3" and row["facility"] == "33.3"
    assert [r["learner"] for r in csv.DictReader(learners.open())] == ["ann", "bob", "cai"]


def test_report_command_needs_an_output() -> None:
    from lesson.cli import main

    assert main(["report"]) == 2


def test_launcher_prints_the_teacher_address(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from lesson.app import launch

    class App:
        def start(self) -> None:
            pass

    monkeypatch.setattr(launch, "build_app", lambda *a, **k: App())
    monkeypatch.setenv(access.KEY_ENV, "")  # restored afterwards, though the code sets it
    monkeypatch.setenv(access.HASH_ENV, "")
    assert launch.run(port=9911) == 0
    out = capsys.readouterr().out
    made = out.split("teacher.ipynb?key=", 1)[1].split()[0]
    assert "http://127.0.0.1:9911/voila/render/teacher.ipynb?key=" in out and len(made) >= 12
    assert access.key_matches(made) and access.server_key() == ""
    monkeypatch.setenv(access.KEY_ENV, KEY)  # LESSON_TEACHER_KEY is kept
    launch.run(port=9911)
    assert f"teacher.ipynb?key={KEY}" in capsys.readouterr().out
