"""Assessment events (extraction, appraisal, CERQual) in the review database: a version 1 database is upgraded
in place, and a writer killed mid-stream leaves whole forms only."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from review_tools import db
from review_tools.db.schema import migration_statements

FIELDS = 11
WRITER = f"""
import sys
from review_tools import db
from review_tools.extraction import add_assessment_events
conn = db.connect(sys.argv[1])
for i in range(100000):
    ids = add_assessment_events(conn, [{{"kind": "extraction", "subject_id": f"s{{i}}", "field": f"f{{k}}",
                                        "value": str(i), "reviewer": "aj"}} for k in range({FIELDS})])
    print(ids[-1], flush=True)
"""


def test_a_version_1_database_is_upgraded_and_keeps_its_events(tmp_path):
    path = tmp_path / "old.db"
    raw = sqlite3.connect(path)
    for statement in migration_statements(0, "sqlite"):
        raw.execute(statement)
    raw.execute(f"PRAGMA application_id = {db.APPLICATION_ID}")
    raw.execute("PRAGMA user_version = 1")
    raw.execute("INSERT INTO screening_events (record_id, stage, reviewer, decision, created_at) "
                "VALUES ('r1', 'title_abstract', 'aj', 'include', 't')")
    raw.commit()
    raw.close()
    conn = db.connect(path)
    assert db.schema_version(conn) == 2
    assert conn.execute("SELECT COUNT(*) FROM screening_events").fetchone()[0] == 1
    conn.execute("INSERT INTO assessment_events (kind, subject_id, field, value, reviewer, created_at) "
                 "VALUES ('appraisal', 'r1', 'S1', 'yes', 'aj', 't')")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM assessment_events")


@pytest.mark.slow
def test_sigkill_mid_stream_leaves_whole_forms_only(tmp_path):
    path = tmp_path / "review.db"
    db.connect(path).close()
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    printed, deadline = 0, time.monotonic() + 60
    while printed < 40 and time.monotonic() < deadline:
        if not proc.stdout.readline():
            break
        printed += 1
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL and printed >= 40
    conn = db.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    sizes = [n for (n,) in conn.execute("SELECT COUNT(*) FROM assessment_events GROUP BY subject_id, created_at")]
    assert len(sizes) >= printed and set(sizes) == {FIELDS}, "a form was saved in part"
