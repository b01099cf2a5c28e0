"""`python -m lesson progress --export`: CSV and JSON with the scoring-rule status."""

from __future__ import annotations

import csv
import io
import json

from lesson.content_model.questions import version
from lesson.progress import export
from lesson.progress.store import Attempt, get_store


def _fill(fixture_bank):
    qs = {q.id: q for q in fixture_bank.questions}
    store = get_store()
    store.add(Attempt("local", "fixture", "fx-single", version(qs["fx-single"]), 1, 0.0, False, "check"))
    store.add(Attempt("local", "fixture", "fx-single", version(qs["fx-single"]), 0, 1.0, True, "check"))
    tf = version(qs["fx-truefalse"])
    store.add(Attempt("name:ann", "fixture", "fx-truefalse", tf, True, 1.0, True, "check"))
    store.add(Attempt("name:ann", "fixture", "fx-truefalse", "", None, 0.0, False, "reveal"))


def test_csv_for_current_learner(fixture_bank, tmp_path, capsys):
    _fill(fixture_bank)
    assert export.run("csv", None, False, None) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["status"] for r in rows] == ["correct", "correct"]
    assert {r["learner"] for r in rows} == {"local"}


def test_json_all_and_named_learner_to_file(fixture_bank, tmp_path):
    _fill(fixture_bank)
    out = tmp_path / "all.json"
    assert export.run("json", None, True, str(out)) == 0
    data = json.loads(out.read_text())
    assert len(data) == 4 and {d["learner"] for d in data} == {"local", "name:ann"}
    assert export.run("json", "Ann", False, str(out)) == 0
    ann = json.loads(out.read_text())
    assert [d["status"] for d in ann] == ["revealed", "revealed"]


def test_bad_format_and_unreadable_db(fixture_bank, temp_db, capsys):
    assert export.run("xml") == 2
    temp_db.write_bytes(b"junk" * 50)
    assert export.run("csv", all_learners=True) == 1
    assert temp_db.read_bytes() == b"junk" * 50
