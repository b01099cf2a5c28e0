"""The export reads; it never writes, never touches another application's file, and says where it looked."""

from __future__ import annotations

import sqlite3

from lesson.progress import export
from lesson.progress.store import Attempt, Store


def test_export_refuses_another_applications_file_untouched(temp_db, capsys):
    conn = sqlite3.connect(temp_db)
    conn.execute("CREATE TABLE invoices (total REAL)")
    conn.commit()
    conn.close()
    before = temp_db.read_bytes()
    assert export.run("csv", all_learners=True) == 1
    assert "Could not read the progress database" in capsys.readouterr().err
    assert temp_db.read_bytes() == before and not temp_db.with_name(temp_db.name + "-wal").exists()


def test_export_opens_read_only(temp_db, capsys):
    store = Store(temp_db)
    store.add(Attempt("local", "fixture", "q1", "v1", 0, 1.0, True, "check"))
    store.close()
    before = temp_db.read_bytes()
    assert export.run("json", all_learners=True) == 0
    assert '"question_id": "q1"' in capsys.readouterr().out
    assert temp_db.read_bytes() == before


def test_export_without_a_database_says_where_it_looked(temp_db, capsys):
    assert export.run("csv", all_learners=True) == 0
    assert f"No progress has been saved at {temp_db}" in capsys.readouterr().err
    assert not temp_db.exists()
