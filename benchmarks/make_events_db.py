"""Generate a review database of 1,000,000 events: what a multi-site team's screening and coding
could leave after a busy year or more (for the query-time measurements of docs/scaling.md).

Model (all numbers are options): ``--records`` records, each screened at title/abstract by two of
``--reviewers`` reviewers (at ``--sites`` sites), 3 % of decisions undone and decided again, 12 % of
the records in conflict resolved by consensus, the included ~10 % screened again at full text by two
reviewers; then coding events (add, accept/reject suggestions, remove) by ``--coders`` coders on
interview segments until the total reaches ``--events``. Times spread over ``--days`` working days,
8 hours a day. The file is written through the review database's own schema (db.connect), in one
transaction; seeded, so the same options give the same database.

Run: .venv/bin/python benchmarks/make_events_db.py OUT.db [--events 1000000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

SCREEN_SQL = ("INSERT INTO screening_events (record_id, stage, reviewer, decision, reasons, note, rank, score, kind, "
              "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
CODE_SQL = ("INSERT INTO coding_events (unit_id, unit_type, char_start, char_end, code, coder, action, "
            "suggestion_score, suggestion_source, memo, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)")


def generate(path: Path, *, events: int = 1_000_000, records: int = 300_000, reviewers: int = 8, sites: int = 4,
             coders: int = 6, days: int = 220, seed: int = 1) -> dict:
    """Write the database and return what it holds (counts per table, kind and stage)."""
    from review_tools import db

    rng = random.Random(seed)
    start = dt.datetime(2026, 1, 5, 8, tzinfo=dt.UTC)
    span = days * 8 * 3600

    def at(frac: float) -> str:
        s = int(frac * span)
        day, sec = divmod(s, 8 * 3600)
        return (start + dt.timedelta(days=day // 5 * 7 + day % 5, seconds=sec)).isoformat(timespec="microseconds")

    who = [f"site{(i % sites) + 1}_rev{i + 1}" for i in range(reviewers)]
    conn = db.connect(path)
    screen, code = [], []
    with db.transaction(conn):
        now = db.utc_now()
        conn.executemany("INSERT INTO records (record_id, title, abstract, year, data, imported_at) VALUES (?,?,?,?,?,?)",
                         [(f"R{i:07d}", f"Record {i} on social welfare services", "Abstract " * 30,
                           str(1990 + i % 35), json.dumps({"doi": f"10.1/{i}"}), now) for i in range(records)])
        budget_screen = int(events * 0.85)
        order = list(range(records))
        rng.shuffle(order)
        for n, i in enumerate(order):
            if len(screen) >= budget_screen:
                break
            rid, frac = f"R{i:07d}", n / records
            truth = rng.random() < 0.1
            pair = rng.sample(who, 2)
            decided = []
            for r in pair:
                dec = "include" if (truth if rng.random() > 0.12 else not truth) else "exclude"
                reasons = "" if dec == "include" else rng.choice(["E1", "E2", "E3"])
                screen.append((rid, "title_abstract", r, dec, reasons, "", n, rng.random(), "decision", at(frac)))
                if rng.random() < 0.03:  # undone and decided again
                    screen.append((rid, "title_abstract", r, dec, reasons, "undo", None, None, "undo", at(frac)))
                    screen.append((rid, "title_abstract", r, dec, reasons, "", n, None, "decision", at(frac)))
                decided.append(dec)
            if decided[0] != decided[1]:
                screen.append((rid, "title_abstract", pair[0], "include" if truth else "exclude", "", "meeting",
                               None, None, "consensus", at(min(frac + 0.001, 0.999))))
            if truth:
                for r in pair:
                    screen.append((rid, "full_text", r, rng.choice(["include", "exclude", "exclude"]), "", "", None,
                                   None, "decision", at(min(frac + 0.01, 0.999))))
        conn.executemany(SCREEN_SQL, screen[:budget_screen])
        coders_ = [f"coder{i + 1}" for i in range(coders)]
        codes = [f"C{k:02d}" for k in range(60)]
        budget_code = events - min(len(screen), budget_screen)
        seg = 0
        while len(code) < budget_code:
            seg += 1
            unit, frac = f"T{seg // 40:05d}_S{seg % 40:03d}", len(code) / budget_code
            for c in rng.sample(coders_, 2):
                for _ in range(rng.randint(1, 3)):
                    action = rng.choice(["add", "add", "accept", "reject"])
                    score = rng.random() if action in ("accept", "reject") else None
                    code.append((unit, "segment", None, None, rng.choice(codes), c, action, score,
                                 "model" if score is not None else None, None, at(frac)))
                if rng.random() < 0.05:
                    code.append((unit, "segment", None, None, code[-1][4], c, "remove", None, None, "changed my mind",
                                 at(frac)))
        conn.executemany(CODE_SQL, code[:budget_code])
    counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("records", "screening_events",
                                                                                   "coding_events")}
    conn.close()
    return counts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", help="the SQLite file to write (must not exist)")
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--records", type=int, default=300_000)
    ap.add_argument("--reviewers", type=int, default=8)
    ap.add_argument("--sites", type=int, default=4)
    ap.add_argument("--coders", type=int, default=6)
    ap.add_argument("--days", type=int, default=220)
    args = ap.parse_args()
    out = Path(args.out)
    if out.exists():
        print(f"{out}: exists; give a new file name", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    counts = generate(out, events=args.events, records=args.records, reviewers=args.reviewers, sites=args.sites,
                      coders=args.coders, days=args.days)
    print(f"{out}: {counts} in {time.perf_counter() - t0:.1f} s, {out.stat().st_size / 1e6:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
