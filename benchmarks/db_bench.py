"""Benchmark: the review database at 1,000,000 events on SQLite and on PostgreSQL, side by side.

Generates the database with benchmarks/make_events_db.py (unless --db names one), copies it to a
throwaway PostgreSQL server (tests/pgcluster.py: initdb in a temporary folder, stopped at the end)
with ``db.copy_database`` (row counts and content hash checked), then times on both engines, in
this one run, what the notebooks and widgets do: count events, a reviewer's blind view, the final
decisions of every record, the agreement table, a coder's current codings, the screening set, and
appending one decision. Prints sizes and times (median of --repeat runs).

Run: .venv/bin/python benchmarks/db_bench.py [--db /tmp/events-1m.db] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _time(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def measure(conn, repeat: int) -> dict[str, float]:
    """Time the reads and one appended decision on ``conn``."""
    from review_tools.coding import events as coding
    from review_tools.screening import agreement, events

    reviewer = conn.execute("SELECT reviewer FROM screening_events ORDER BY event_id LIMIT 1").fetchone()[0]
    coder = conn.execute("SELECT coder FROM coding_events ORDER BY event_id LIMIT 1").fetchone()[0]
    rid = conn.execute("SELECT record_id FROM records ORDER BY rowid LIMIT 1").fetchone()[0]
    out = {}
    out["count events (SELECT COUNT(*))"], _ = _time(
        lambda: conn.execute("SELECT COUNT(*) FROM screening_events").fetchone()[0], repeat)
    out["a reviewer's blind view (reviewer_decisions)"], _ = _time(
        lambda: events.reviewer_decisions(conn, "title_abstract", reviewer), repeat)
    out["final decisions of every record"], final = _time(lambda: events.final_decisions(conn, "title_abstract"), 1)
    out["agreement table (all reviewer pairs)"], _ = _time(
        lambda: agreement.agreement_table(events.reviewer_decisions(conn, "title_abstract")), 1)
    out["a coder's current codings"], _ = _time(lambda: coding.current_codings(conn, coder=coder), 1)
    out["screening set (records_frame)"], _ = _time(lambda: events.records_frame(conn), 1)
    appends = []
    for _ in range(20):
        t0 = time.perf_counter()
        events.record_decision(conn, rid, "full_text", reviewer, "exclude", note="benchmark")
        appends.append(time.perf_counter() - t0)
    out["append one decision (record_decision, median of 20)"] = statistics.median(appends)
    out["_final_rows"] = len(final)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="/tmp/review-tools-events-1m.db")
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    from make_events_db import generate

    from review_tools import db
    from tests.pgcluster import Cluster, unavailable_reason

    path = Path(args.db)
    if not path.exists():
        t0 = time.perf_counter()
        counts = generate(path, events=args.events)
        print(f"generated {path}: {counts} in {time.perf_counter() - t0:.0f} s")
    reason = unavailable_reason()
    if reason:
        print(f"PostgreSQL part skipped: {reason}")
    cluster = None if reason else Cluster().start()
    try:
        results, sizes = {}, {}
        lite = db.connect(path)
        sizes["SQLite"] = path.stat().st_size + sum(Path(str(path) + s).stat().st_size for s in ("-wal",)
                                                    if Path(str(path) + s).exists())
        if cluster is not None:
            url = cluster.database("bench")
            t0 = time.perf_counter()
            report = db.copy_database(path, url)
            copy_s = time.perf_counter() - t0
            print(f"db copy SQLite -> PostgreSQL: {copy_s:.0f} s; {report.after.line()}")
            pg = db.connect(url)
            pg.execute("ANALYZE")
            sizes["PostgreSQL"] = pg.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        results["SQLite"] = measure(lite, args.repeat)
        if cluster is not None:
            results["PostgreSQL"] = measure(pg, args.repeat)
        n = lite.execute("SELECT (SELECT COUNT(*) FROM screening_events) + (SELECT COUNT(*) FROM coding_events)"
                         ).fetchone()[0]
        print(f"\n{n:,} events, {results['SQLite'].pop('_final_rows'):,} records with a title/abstract decision; "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        if "PostgreSQL" in results:
            results["PostgreSQL"].pop("_final_rows")
        engines = list(results)
        print(f"{'':55s}" + "".join(f"{e:>14s}" for e in engines))
        print(f"{'size on disk (MB)':55s}" + "".join(f"{sizes[e] / 1e6:14.0f}" for e in engines))
        for key in results["SQLite"]:
            print(f"{key:55s}" + "".join(f"{results[e][key]:13.3f}s" for e in engines))
    finally:
        if cluster is not None:
            cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
