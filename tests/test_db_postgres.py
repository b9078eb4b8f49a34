"""The review database on a real PostgreSQL server (a throwaway cluster, see tests/pgcluster.py):
the same schema, API, durability and concurrency as on SQLite; copies between engines; lost connections."""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import psycopg
import pytest
import yaml

from review_tools import db
from review_tools.config import Protocol
from review_tools.db.postgres import ConnectionLostError
from review_tools.errors import DatabaseError
from review_tools.screening import agreement, events

SRC = Path(__file__).resolve().parents[1] / "src"
DATA = Path(__file__).resolve().parent / "data" / "screening"
CLI = [sys.executable, "-c", "import sys; from review_tools.cli import main; sys.exit(main())"]

WRITER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {src!r})
    from review_tools import db
    target, reviewer, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    conn = db.connect(target)
    for i in range(n):
        with db.transaction(conn):
            cur = conn.execute(
                "INSERT INTO screening_events (record_id, stage, reviewer, decision, kind, created_at) "
                "VALUES (?, 'title_abstract', ?, 'include', 'decision', ?)",
                (f"R{{i}}", reviewer, db.utc_now()),
            )
        print(cur.lastrowid, flush=True)
    """
).format(src=str(SRC))


def _insert(conn, record_id="R1", reviewer="anna", decision="include"):
    with db.transaction(conn):
        return conn.execute(
            "INSERT INTO screening_events (record_id, stage, reviewer, decision, kind, created_at) "
            "VALUES (?, 'title_abstract', ?, ?, 'decision', ?)",
            (record_id, reviewer, decision, db.utc_now()),
        ).lastrowid


def _columns(conn, table):
    return [r[0] for r in conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND column_name <> 'rowid' "
        "ORDER BY ordinal_position", (table,))]


def test_schema_versioning_and_cached_connection(pg_url, tmp_path):
    conn = db.connect(pg_url)
    assert db.engine_of(conn) == "postgresql"
    assert db.schema_version(conn) == db.SCHEMA_VERSION
    lite = db.connect(tmp_path / "r.db")
    for table in ("records", "screening_events", "coding_events"):
        assert _columns(conn, table) == [r[1] for r in lite.execute(f"PRAGMA table_info({table})")]
    assert db.connect(pg_url) is conn, "one connection per address, thread and mode"
    assert _insert(conn) == 1 and _insert(conn, "R2") == 2
    conn.close()
    again = db.connect(pg_url)  # reopening migrates nothing and keeps the data
    assert again is not conn
    assert [tuple(r) for r in again.execute("SELECT event_id, record_id FROM screening_events ORDER BY event_id")] \
        == [(1, "R1"), (2, "R2")]
    row = again.execute("SELECT * FROM screening_events WHERE event_id = ?", (1,)).fetchone()
    assert row["reviewer"] == row[3] == "anna" and dict(row)["kind"] == "decision"


def test_events_are_append_only_and_checked(pg_url):
    conn = db.connect(pg_url)
    _insert(conn)
    conn.execute("INSERT INTO coding_events (unit_id, unit_type, code, coder, action, created_at) "
                 "VALUES ('u', 'segment', 'SW', 'anna', 'add', 'now')")
    for statement in ("UPDATE screening_events SET decision = 'exclude'", "DELETE FROM screening_events",
                      "TRUNCATE screening_events", "DELETE FROM coding_events"):
        with pytest.raises(db.integrity_errors(conn), match="append-only"):
            conn.execute(statement)
    with pytest.raises(psycopg.errors.CheckViolation):
        _insert(conn, decision="perhaps")
    with pytest.raises(psycopg.errors.CheckViolation):
        conn.execute("INSERT INTO coding_events (unit_id, unit_type, code, coder, action, created_at) "
                     "VALUES ('u', 'segment', 'SW', 'anna', 'delete', 'now')")
    assert conn.execute("SELECT COUNT(*) FROM screening_events").fetchone()[0] == 1


def test_transaction_rolls_back_and_does_not_nest(pg_url):
    conn = db.connect(pg_url)
    with pytest.raises(RuntimeError):
        with db.transaction(conn):
            _ = conn.execute("INSERT INTO screening_events (record_id, stage, reviewer, decision, created_at) "
                             "VALUES ('R1', 'title_abstract', 'anna', 'include', 'now')")
            raise RuntimeError("boom")
    assert conn.execute("SELECT COUNT(*) FROM screening_events").fetchone()[0] == 0
    with db.transaction(conn):
        with pytest.raises(DatabaseError, match="already inside a transaction"):
            with db.transaction(conn):
                pass


def test_refuses_foreign_newer_and_missing_databases(pg_cluster):
    foreign = pg_cluster.database("foreign")
    pg_cluster.sql("CREATE TABLE payroll (x int)", database=foreign.rsplit("/", 1)[1])
    with pytest.raises(DatabaseError, match="not a review-tools database.*payroll"):
        db.connect(foreign)
    assert pg_cluster.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
                          database=foreign.rsplit("/", 1)[1]) == [("payroll",)]
    newer = pg_cluster.database("newer")
    db.connect(newer).close()
    pg_cluster.sql(f"UPDATE review_tools_meta SET value = '{db.SCHEMA_VERSION + 1}' WHERE key = 'schema_version'",
                   database=newer.rsplit("/", 1)[1])
    with pytest.raises(DatabaseError, match="newer than this review-tools reads"):
        db.connect(newer)
    empty = pg_cluster.database("empty")
    with pytest.raises(DatabaseError, match="review database not found"):
        db.connect(empty, readonly=True)
    assert not db.exists(empty)
    with pytest.raises(DatabaseError, match="database 'nosuchdb' does not exist on the server"):
        db.connect(pg_cluster.url("nosuchdb"))
    with pytest.raises(DatabaseError, match="cannot connect to the PostgreSQL server"):
        db.connect("postgresql://review@127.0.0.1:1/review")


def test_readonly_connection_cannot_write(pg_url):
    db.connect(pg_url).close()
    ro = db.connect(pg_url, readonly=True)
    with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
        _insert(ro)


def test_same_results_as_sqlite_through_the_screening_and_coding_api(pg_url, tmp_path):
    """Every screening/coding function gives the same frames on both engines for the same actions."""
    from review_tools.coding import events as coding

    protocol = Protocol.model_validate(yaml.safe_load((DATA / "protocol.yaml").read_text(encoding="utf-8")))
    records = pd.read_csv(DATA / "deduped.csv", dtype=str, keep_default_na=False)
    seeds = pd.read_csv(DATA / "seed_decisions.csv", dtype=str, keep_default_na=False)
    out = {}
    for name, target in (("sqlite", tmp_path / "r.db"), ("postgresql", pg_url)):
        conn = db.connect(target)
        assert events.import_records(conn, records) == len(records)
        assert events.import_records(conn, records) == 0
        added = events.import_decisions(conn, seeds, protocol)
        assert events.import_decisions(conn, seeds, protocol) == 0
        ids = list(records["record_id"])
        reviewers = [r.id for r in protocol.reviewers]
        for k, rid in enumerate(ids[:12]):
            events.record_decision(conn, rid, "title_abstract", reviewers[k % 2],
                                   "include" if k % 3 else "exclude", rank=k, score=k / 7, protocol=protocol)
        events.undo_last(conn, reviewers[0], "title_abstract")
        conf = events.conflicts(conn, "title_abstract")
        if len(conf):
            events.resolve_conflict(conn, conf["record_id"].iloc[0], "title_abstract", reviewers[-1], "include",
                                    method="third_reviewer", protocol=protocol)
        coding.add_coding_events(conn, [{"unit_id": "s1", "code": "A", "coder": "anna"},
                                        {"unit_id": "s1", "code": "B", "coder": "anna", "char_start": 0,
                                         "char_end": 5},
                                        {"unit_id": "s2", "code": "", "coder": "bertil", "memo": "50% read"}])
        coding.add_coding_event(conn, "s1", "A", "anna", action="remove")
        out[name] = {
            "added": added,
            "records": events.records_frame(conn),
            "events": events.events_frame(conn).drop(columns="created_at"),
            "reviewer": events.reviewer_decisions(conn, "title_abstract").drop(columns="created_at"),
            "final": events.final_decisions(conn, "title_abstract"),
            "state": events.screening_state(conn),
            "codings": coding.current_codings(conn, include_read=True),
            "reliability": coding.reliability_codings(conn),
        }
    assert out["sqlite"]["added"] == out["postgresql"]["added"] > 0
    for key in out["sqlite"]:
        if key != "added":
            pd.testing.assert_frame_equal(out["sqlite"][key], out["postgresql"][key], obj=key)
    assert (out["postgresql"]["final"]["status"] == "resolved").any() or not len(out["postgresql"]["final"])


@pytest.mark.slow
def test_sigkill_mid_stream_keeps_every_committed_event(pg_url):
    db.connect(pg_url).close()
    proc = subprocess.Popen([sys.executable, "-c", WRITER, pg_url, "anna", "100000"], stdout=subprocess.PIPE,
                            text=True)
    committed = []
    deadline = time.monotonic() + 60
    while len(committed) < 150 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        committed.append(int(line))
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    assert len(committed) >= 150
    conn = db.connect(pg_url)
    ids = {r[0] for r in conn.execute("SELECT event_id FROM screening_events")}
    assert set(committed) <= ids
    assert len(ids) - len(committed) <= 1  # the event in flight: committed, not yet printed
    _insert(conn, record_id="after-crash")


BLIND_SCREENER = textwrap.dedent(
    """
    import random, sys, time, zlib
    sys.path.insert(0, {src!r})
    from review_tools import db
    from review_tools.screening import events
    target, reviewer, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    conn = db.connect(target)
    ids = [r[0] for r in conn.execute("SELECT record_id FROM records ORDER BY rowid")]
    rng = random.Random(reviewer)
    rng.shuffle(ids)
    end, i = time.monotonic() + seconds, 0
    while time.monotonic() < end and i < len(ids):
        rid = ids[i]
        truth = zlib.crc32(rid.encode()) % 3 == 0  # the record's 'true' label; each reviewer errs 15 % of the time
        include = truth if rng.random() > 0.15 else not truth
        eid = events.record_decision(conn, rid, "title_abstract", reviewer, "include" if include else "exclude")
        print("d", eid, rid, flush=True)
        if rng.random() < 0.05:
            uid = events.undo_last(conn, reviewer, "title_abstract")
            print("u", uid, rid, flush=True)
            continue  # screen the record again
        i += 1
    """
).format(src=str(SRC))


@pytest.mark.slow
def test_four_writers_at_two_sites_screening_blind_for_30_s(pg_url, tmp_path):
    conn = db.connect(pg_url)
    n = 3000
    events.import_records(conn, pd.DataFrame({"record_id": [f"R{i:05d}" for i in range(n)],
                                              "title": [f"Record {i}" for i in range(n)]}))
    reviewers = ["site1_anna", "site1_bertil", "site2_cecilia", "site2_david"]
    procs = [subprocess.Popen([sys.executable, "-c", BLIND_SCREENER, pg_url, who, "30"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for who in reviewers]
    outs = [p.communicate(timeout=180) for p in procs]
    for p, (_, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
    rows = conn.execute("SELECT event_id, reviewer, record_id, kind FROM screening_events ORDER BY event_id").fetchall()
    printed_total = 0
    for who, (out, _) in zip(reviewers, outs, strict=True):
        printed = [line.split() for line in out.splitlines()]
        assert len(printed) > 50, who
        printed_total += len(printed)
        mine = [(r["event_id"], r["record_id"], "d" if r["kind"] == "decision" else "u") for r in rows
                if r["reviewer"] == who]
        assert mine == [(int(e), rid, k) for k, e, rid in printed], f"{who}: lost, duplicated or foreign events"
    assert len(rows) == printed_total == len({r["event_id"] for r in rows})
    print(f"\n4 writers at 2 sites, 30 s on PostgreSQL: {len(rows)} events "
          f"({sum(r['kind'] == 'undo' for r in rows)} undos), none lost or duplicated")
    # the same statistics from an SQLite copy made with the command
    copy = tmp_path / "copy.db"
    res = subprocess.run([*CLI, "db", "copy", pg_url, str(copy)], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert "identical" in res.stdout and f"screening_events {len(rows)}" in res.stdout
    lite = db.connect(copy)
    stats = {name: agreement.agreement_table(events.reviewer_decisions(c, "title_abstract"))
             for name, c in (("postgresql", conn), ("sqlite", lite))}
    pd.testing.assert_frame_equal(stats["postgresql"], stats["sqlite"])
    table = stats["postgresql"].set_index("reviewers")
    assert "site1_anna;site2_cecilia" in table.index and table["n"].max() > 20
    assert table["cohen_kappa"].dropna().between(0.2, 1).all()  # real agreement, not chance


def _backend_pid(conn) -> int:
    return conn.execute("SELECT pg_backend_pid()").fetchone()[0]


def _terminate(cluster, pid: int) -> None:
    assert cluster.sql("SELECT pg_terminate_backend(%s)", params=(pid,)) == [(True,)]
    time.sleep(0.2)


def test_dropped_connection_reads_are_retried_and_said(pg_cluster, pg_url, caplog):
    conn = db.connect(pg_url)
    _insert(conn)
    before = _backend_pid(conn)
    _terminate(pg_cluster, before)
    with caplog.at_level(logging.WARNING, logger="review_tools.db.postgres"):
        frame = events.reviewer_decisions(conn, "title_abstract")
    assert list(frame["record_id"]) == ["R1"]
    assert "connection to the PostgreSQL server was lost" in caplog.text and "reading again" in caplog.text
    assert _backend_pid(conn) != before


def test_dropped_connection_during_a_write_is_reported_never_retried(pg_cluster, pg_url):
    conn = db.connect(pg_url)
    _insert(conn, record_id="R0")
    with pytest.raises(ConnectionLostError, match="lost before the write was committed.*NOT saved"):
        with db.transaction(conn):
            conn.execute("INSERT INTO screening_events (record_id, stage, reviewer, decision, created_at) "
                         "VALUES ('R1', 'title_abstract', 'anna', 'include', 'now')")
            _terminate(pg_cluster, _backend_pid(conn))
            conn.execute("INSERT INTO screening_events (record_id, stage, reviewer, decision, created_at) "
                         "VALUES ('R2', 'title_abstract', 'anna', 'include', 'now')")
    assert not conn.in_transaction
    assert [r[0] for r in conn.execute("SELECT record_id FROM screening_events")] == ["R0"]
    _insert(conn, record_id="R3")  # the next write opens a new connection and works
    assert [r[0] for r in conn.execute("SELECT record_id FROM screening_events ORDER BY event_id")] == ["R0", "R3"]


def test_server_gone_for_reads_is_said_in_plain_words(pg_url, monkeypatch):
    import review_tools.db.postgres as pg

    conn = db.connect(pg_url)
    monkeypatch.setattr(pg, "READ_RETRY_WAITS", (0.01,))
    conn._engine = pg.sa.create_engine("postgresql+psycopg://review@127.0.0.1:1/x", poolclass=pg.NullPool)
    conn._drop()
    with pytest.raises(DatabaseError, match="cannot connect to the PostgreSQL server"):
        conn.execute("SELECT 1")


@pytest.mark.slow
def test_copy_round_trips_between_engines(pg_url, tmp_path):
    """SQLite -> PostgreSQL -> SQLite with the command: same counts, same content hash, same events."""
    from review_tools.coding import events as coding

    src = tmp_path / "laptop.db"
    conn = db.connect(src)
    protocol = Protocol.model_validate(yaml.safe_load((DATA / "protocol.yaml").read_text(encoding="utf-8")))
    events.import_records(conn, pd.read_csv(DATA / "deduped.csv", dtype=str, keep_default_na=False))
    events.import_decisions(conn, pd.read_csv(DATA / "seed_decisions.csv", dtype=str, keep_default_na=False), protocol)
    coding.add_coding_events(conn, [{"unit_id": "s1", "code": "Ä", "coder": "anna", "suggestion_score": 0.1 + 0.2,
                                     "action": "accept", "suggestion_source": "model", "memo": "ääkköset ✓"}])
    back = tmp_path / "back.db"
    for a, b in ((str(src), pg_url), (pg_url, str(back))):
        res = subprocess.run([*CLI, "db", "copy", a, b], capture_output=True, text=True, timeout=300)
        assert res.returncode == 0, res.stderr
        assert "identical: row counts and content hash match" in res.stdout
    hashes = {line.split("sha256 ")[1] for line in res.stdout.splitlines() if "sha256" in line}
    assert len(hashes) == 1
    original = db.connect(src).execute("SELECT * FROM screening_events ORDER BY event_id").fetchall()
    assert [tuple(r) for r in db.connect(back).execute("SELECT * FROM screening_events ORDER BY event_id")] \
        == [tuple(r) for r in original]
    # event ids go on after the copied ones on the server
    assert _insert(db.connect(pg_url)) == max(r[0] for r in original) + 1
    # a destination that holds a review is refused, nothing merged
    res = subprocess.run([*CLI, "db", "copy", str(src), pg_url], capture_output=True, text=True, timeout=300)
    assert res.returncode != 0 and "not empty" in res.stderr


@pytest.mark.slow
def test_screening_notebook_runs_unchanged_on_postgresql(pg_url, tmp_path, monkeypatch):
    """The 02-screening notebook with REVIEW_TOOLS_DATABASE=postgresql://… writes the same artefacts as on SQLite."""
    papermill = pytest.importorskip("papermill")
    from tests.test_screening_notebook import NOTEBOOK, make_project

    out = {}
    for engine in ("sqlite", "postgresql"):
        (tmp_path / engine).mkdir()
        params = make_project(tmp_path / engine)
        if engine == "postgresql":
            params["database"] = ""  # the notebook's default: the protocol's database, overridden by the variable
            monkeypatch.setenv(db.ENV_VAR, pg_url)
        papermill.execute_notebook(str(NOTEBOOK), str(tmp_path / f"{engine}.ipynb"), parameters=params,
                                   kernel_name="python3", progress_bar=False, cwd=str(tmp_path))
        out[engine] = Path(params["run_dir"]) / "artefacts" / "02-screening"
    assert not (tmp_path / "postgresql" / "review" / "review.db").exists(), "the protocol's file was not used"
    assert db.connect(pg_url).execute("SELECT COUNT(*) FROM screening_events").fetchone()[0] == 150
    for name in ("screening_state.csv", "included.csv", "agreement.csv", "prisma.json", "events.csv",
                 "asreview_labels.csv"):
        assert (out["sqlite"] / name).read_bytes() == (out["postgresql"] / name).read_bytes(), name


def test_locate_precedence_and_url_like_a_path(tmp_path, monkeypatch):
    monkeypatch.delenv(db.ENV_VAR, raising=False)
    assert db.locate(protocol_database="review.db", root=tmp_path) == tmp_path / "review.db"
    monkeypatch.setenv(db.ENV_VAR, "postgresql://anna:secret@db.example.fi:5432/review")
    found = db.locate(protocol_database="review.db", root=tmp_path)
    assert db.is_url(found) and found == "postgresql://anna:secret@db.example.fi:5432/review"
    assert "secret" not in found.name and "db.example.fi:5432/review" in found.name
    assert db.locate(tmp_path / "mine.db", protocol_database="review.db", root=tmp_path) == tmp_path / "mine.db"
    with pytest.raises(DatabaseError, match="no review database given"):
        monkeypatch.delenv(db.ENV_VAR)
        db.locate()


def test_database_url_exists_like_a_path(pg_cluster):
    url = db.locate(pg_cluster.database("exists"))
    assert not url.exists()
    db.connect(url).close()
    assert url.exists()
