"""Tests of the review database: creation, refusal of foreign/newer/corrupt files, durability, concurrency."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from review_tools import db
from review_tools.errors import DatabaseError

SRC = Path(__file__).resolve().parents[1] / "src"

WRITER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {src!r})
    from review_tools import db
    path, reviewer, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    conn = db.connect(path)
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


def test_connect_creates_schema_in_wal_mode(tmp_path):
    path = tmp_path / "sub" / "review.db"
    conn = db.connect(path)
    assert db.schema_version(conn) == db.SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"records", "screening_events", "coding_events"} <= tables
    cols = [r[1] for r in conn.execute("PRAGMA table_info(coding_events)")]
    assert cols == [
        "event_id", "unit_id", "unit_type", "char_start", "char_end", "code", "coder", "action",
        "suggestion_score", "suggestion_source", "memo", "created_at", "direction",
    ]
    cols = [r[1] for r in conn.execute("PRAGMA table_info(screening_events)")]
    assert cols == [
        "event_id", "record_id", "stage", "reviewer", "decision", "reasons", "note", "rank", "score",
        "kind", "created_at",
    ]
    conn.close()
    # reopening is idempotent and keeps data
    conn = db.connect(path)
    _insert(conn)
    conn.close()
    conn = db.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM screening_events").fetchone()[0] == 1


def test_events_are_append_only(tmp_path):
    conn = db.connect(tmp_path / "r.db")
    _insert(conn)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE screening_events SET decision = 'exclude'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM screening_events")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        _insert(conn, decision="perhaps")
    assert conn.execute("SELECT COUNT(*) FROM screening_events").fetchone()[0] == 1


def test_coding_action_checked(tmp_path):
    conn = db.connect(tmp_path / "r.db")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        conn.execute(
            "INSERT INTO coding_events (unit_id, unit_type, code, coder, action, created_at) "
            "VALUES ('u', 'segment', 'SW', 'anna', 'delete', 'now')"
        )


def test_transaction_rolls_back_on_error(tmp_path):
    conn = db.connect(tmp_path / "r.db")
    with pytest.raises(RuntimeError):
        with db.transaction(conn):
            conn.execute(
                "INSERT INTO screening_events (record_id, stage, reviewer, decision, created_at) "
                "VALUES ('R1', 'title_abstract', 'anna', 'include', 'now')"
            )
            raise RuntimeError("boom")
    assert conn.execute("SELECT COUNT(*) FROM screening_events").fetchone()[0] == 0


def test_refuses_non_sqlite_file_without_touching_it(tmp_path):
    path = tmp_path / "review.db"
    path.write_bytes(b"this is my thesis, not a database\n" * 10)
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="not an SQLite file"):
        db.connect(path)
    assert path.read_bytes() == before


def test_refuses_foreign_sqlite_database(tmp_path):
    path = tmp_path / "other.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE payroll (x)")
    other.commit()
    other.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="not a review-tools database"):
        db.connect(path)
    assert path.read_bytes() == before


def test_refuses_newer_schema(tmp_path):
    path = tmp_path / "review.db"
    db.connect(path).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {db.SCHEMA_VERSION + 1}")
    raw.commit()
    raw.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="newer than this review-tools reads"):
        db.connect(path)
    assert path.read_bytes() == before


def test_refuses_corrupted_database(tmp_path):
    path = tmp_path / "review.db"
    conn = db.connect(path)
    for i in range(300):
        _insert(conn, record_id=f"R{i}", reviewer="anna " * 20)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'screening_events'").fetchone()[0]
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    # overwrite the root b-tree page of the events table with garbage
    start = (root - 1) * page
    data[start : start + page] = b"\x07" * page
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="corrupted"):
        db.connect(path)
    assert path.read_bytes() == before


def test_readonly_requires_existing_file(tmp_path):
    with pytest.raises(DatabaseError, match="not found"):
        db.connect(tmp_path / "missing.db", readonly=True)


def test_migrates_from_version_zero(tmp_path):
    path = tmp_path / "empty.db"
    sqlite3.connect(path).close()  # an empty SQLite file: version 0, no tables
    conn = db.connect(path)
    assert db.schema_version(conn) == db.SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == db.APPLICATION_ID


@pytest.mark.slow
def test_sigkill_mid_stream_keeps_every_committed_event(tmp_path):
    path = tmp_path / "review.db"
    db.connect(path).close()
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), "anna", "100000"],
        stdout=subprocess.PIPE, text=True,
    )
    committed = []
    deadline = time.monotonic() + 30
    while len(committed) < 150 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        committed.append(int(line))
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    assert len(committed) >= 150
    conn = db.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ids = {r[0] for r in conn.execute("SELECT event_id FROM screening_events")}
    assert set(committed) <= ids
    # besides the printed ones, at most the event in flight (committed, not yet printed) is there
    assert len(ids) - len(committed) <= 1
    # the database keeps working after the crash
    _insert(conn, record_id="after-crash")


@pytest.mark.slow
def test_two_concurrent_writers_lose_and_duplicate_nothing(tmp_path):
    path = tmp_path / "review.db"
    db.connect(path).close()
    n = 150
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), who, str(n)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for who in ("anna", "bertil")
    ]
    outs = [p.communicate(timeout=60) for p in procs]
    for p, (_, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
    conn = db.connect(path)
    rows = conn.execute("SELECT reviewer, record_id, event_id FROM screening_events").fetchall()
    assert len(rows) == 2 * n
    for who in ("anna", "bertil"):
        recs = [r["record_id"] for r in rows if r["reviewer"] == who]
        assert sorted(recs) == sorted(f"R{i}" for i in range(n))
    printed = [int(x) for out, _ in outs for x in out.split()]
    assert sorted(printed) == sorted(r["event_id"] for r in rows)


OTHER_WRITER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {src!r})
    from review_tools import db
    conn = db.connect(sys.argv[1])
    with db.transaction(conn):
        conn.execute(
            "INSERT INTO screening_events (record_id, stage, reviewer, decision, kind, created_at) "
            "VALUES (?, 'title_abstract', 'other', 'include', 'decision', ?)", (sys.argv[2], db.utc_now()))
    conn.close()
    """
).format(src=str(SRC))


def _sqlite_shell_insert(path: Path, record_id: str) -> None:
    subprocess.run(
        ["sqlite3", str(path),
         "INSERT INTO screening_events (record_id, stage, reviewer, decision, kind, created_at) "
         f"VALUES ('{record_id}', 'title_abstract', 'shell', 'include', 'decision', 'now');"],
        check=True, capture_output=True, text=True, timeout=60,
    )


@pytest.mark.slow
def test_reconnects_in_one_process_beside_other_processes_lose_nothing(tmp_path):
    """The data-loss sequence: two connect() in one kernel (a re-run cell), writes through the first,
    other processes (Python, the sqlite3 shell) opening, writing and closing, in a loop of 50 rounds."""
    path = tmp_path / "review.db"
    expected: list[str] = []
    held = []
    shell = subprocess.run(["which", "sqlite3"], capture_output=True).returncode == 0
    for i in range(50):
        first = db.connect(path)
        second = db.connect(path)  # a re-run cell in the same kernel
        assert second is first, "one connection per process and thread"
        held.append(first)
        _insert(first, record_id=f"A{i}")
        expected.append(f"A{i}")
        subprocess.run([sys.executable, "-c", OTHER_WRITER, str(path), f"P{i}"], check=True, timeout=60)
        expected.append(f"P{i}")
        if shell:
            _sqlite_shell_insert(path, f"S{i}")
            expected.append(f"S{i}")
        _insert(second, record_id=f"B{i}")
        expected.append(f"B{i}")
        if i % 7 == 6:  # a cell that closes its connection: the next connect() opens a working one
            first.close()
    for conn in held:
        conn.close()
    check = sqlite3.connect(path)
    got = sorted(r[0] for r in check.execute("SELECT record_id FROM screening_events"))
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    check.close()
    assert got == sorted(expected)


def test_one_connection_per_thread_and_reopened_after_close(tmp_path):
    import threading

    path = tmp_path / "review.db"
    main = db.connect(path)
    assert db.connect(path) is main
    assert db.connect(path, readonly=True) is not main
    seen = {}

    def worker():
        conn = db.connect(path)
        seen["same"] = conn is main
        seen["id"] = _insert(conn, record_id="from-thread")

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert seen["same"] is False and seen["id"]
    main.close()
    again = db.connect(path)
    assert again is not main
    assert again.execute("SELECT COUNT(*) FROM screening_events").fetchone()[0] == 1


def test_deleted_database_file_is_not_written_through_a_stale_connection(tmp_path):
    path = tmp_path / "review.db"
    old = db.connect(path)
    _insert(old, record_id="R1")
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    fresh = db.connect(path)
    assert fresh is not old
    assert fresh.execute("SELECT COUNT(*) FROM screening_events").fetchone()[0] == 0
    assert path.exists()


CREATOR = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {src!r})
    from review_tools import db
    conn = db.connect(sys.argv[1])
    with db.transaction(conn):
        conn.execute(
            "INSERT INTO screening_events (record_id, stage, reviewer, decision, kind, created_at) "
            "VALUES (?, 'title_abstract', ?, 'include', 'decision', ?)", ("R1", sys.argv[2], db.utc_now()))
    """
).format(src=str(SRC))


@pytest.mark.slow
def test_creating_a_new_database_from_several_processes_at_once_waits(tmp_path):
    """Four kernels open a database that does not exist yet, 20 times: none fails, none is told 'corrupted'."""
    for round_ in range(20):
        path = tmp_path / f"new{round_}.db"
        procs = [subprocess.Popen([sys.executable, "-c", CREATOR, str(path), f"rev{k}"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for k in range(4)]
        for p in procs:
            _, err = p.communicate(timeout=120)
            assert p.returncode == 0, f"round {round_}: {err[-2000:]}"
        conn = db.connect(path)
        assert conn.execute("SELECT COUNT(*) FROM screening_events").fetchone()[0] == 4


@pytest.mark.slow
def test_fifty_sigkills_mid_stream_lose_nothing_committed(tmp_path):
    path = tmp_path / "review.db"
    db.connect(path).close()
    committed: list[int] = []
    for kill in range(50):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), f"k{kill}", "100000"],
                                stdout=subprocess.PIPE, text=True)
        got = 0
        while got < 5 + kill % 7:
            line = proc.stdout.readline()
            assert line, f"kill {kill}: the writer stopped before it was killed"
            committed.append(int(line))
            got += 1
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        # lines printed (so committed) before the kill but not read yet are still in the pipe
        committed.extend(int(x) for x in proc.stdout.read().split())
        proc.stdout.close()
    conn = db.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ids = {r[0] for r in conn.execute("SELECT event_id FROM screening_events")}
    assert set(committed) <= ids
    assert len(ids) - len(committed) <= 50  # at most one committed-but-unprinted event per kill


KERNEL_WRITER = textwrap.dedent(
    """
    import time
    from review_tools import db
    path, who, seconds = {path!r}, {who!r}, {seconds!r}
    ids = []
    end = time.monotonic() + seconds
    i = 0
    while time.monotonic() < end:
        conn = db.connect(path)  # as a cell or a widget callback would, every time
        with db.transaction(conn):
            ids.append(conn.execute(
                "INSERT INTO screening_events (record_id, stage, reviewer, decision, kind, created_at) "
                "VALUES (?, 'title_abstract', ?, 'include', 'decision', ?)",
                (f"R{{i}}", who, db.utc_now())).lastrowid)
        i += 1
    print(",".join(map(str, ids)))
    """
)


@pytest.mark.slow
def test_two_jupyter_kernels_writing_at_once_for_30_s(tmp_path):
    from jupyter_client.manager import start_new_kernel

    path = tmp_path / "review.db"
    db.connect(path).close()
    kernels = [start_new_kernel(kernel_name="python3") for _ in range(2)]
    try:
        msg_ids = [kc.execute(KERNEL_WRITER.format(path=str(path), who=who, seconds=30))
                   for (_, kc), who in zip(kernels, ("anna", "bertil"), strict=True)]
        printed: dict[str, list[int]] = {}
        for (_, kc), who, msg_id in zip(kernels, ("anna", "bertil"), msg_ids, strict=True):
            out = []
            while True:
                msg = kc.get_iopub_msg(timeout=120)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] == "stream":
                    out.append(msg["content"]["text"])
                elif msg["msg_type"] == "error":
                    raise AssertionError("\n".join(msg["content"]["traceback"]))
                elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    break
            printed[who] = [int(x) for x in "".join(out).strip().split(",") if x]
    finally:
        for km, kc in kernels:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    conn = db.connect(path)
    rows = conn.execute("SELECT event_id, reviewer FROM screening_events").fetchall()
    for who in ("anna", "bertil"):
        assert len(printed[who]) > 100, who
        assert sorted(r["event_id"] for r in rows if r["reviewer"] == who) == sorted(printed[who])
    assert len(rows) == sum(len(v) for v in printed.values())
