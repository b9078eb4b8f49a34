"""Copy a review database between engines (SQLite <-> PostgreSQL) and check that nothing changed.

The tables and their columns come from the schema metadata; rows keep their keys (``event_id``s
too), so the audit trail is the same event for event. The copy is checked by counting the rows of
every table on both sides and by a content hash (SHA-256 over every row of every table in key
order, each row as canonical JSON) that does not depend on the engine.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DatabaseError
from .schema import TABLES

BATCH = 5000


def _order(table) -> str:
    # records keep the screening set's order (SQLite's rowid; PostgreSQL's rowid identity column)
    return "rowid" if table.name == "records" else ", ".join(c.name for c in table.primary_key.columns)


def _select(table) -> str:
    return f"SELECT {', '.join(c.name for c in table.columns)} FROM {table.name} ORDER BY {_order(table)}"


@contextlib.contextmanager
def _snapshot(conn):
    """One read transaction, so every table is read at the same moment."""
    from . import engine_of

    conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" if engine_of(conn) == "postgresql" else "BEGIN")
    if engine_of(conn) == "postgresql":
        conn._tx = True
    try:
        yield conn
    finally:
        conn.execute("COMMIT")
        if engine_of(conn) == "postgresql":
            conn._tx = False


def _rows(conn, table):
    for row in conn.execute(_select(table)):
        yield tuple(row)


@dataclass
class Summary:
    """Row counts per table and the content hash of one review database."""

    counts: dict[str, int] = field(default_factory=dict)
    sha256: str = ""

    def line(self) -> str:
        return ", ".join(f"{k} {v}" for k, v in self.counts.items()) + f"; sha256 {self.sha256}"


def summarise(conn) -> Summary:
    """Count the rows of every table and hash their content (engine-independent), in one snapshot."""
    with _snapshot(conn):
        return summarise_in_transaction(conn)


@dataclass
class CopyReport:
    """What :func:`copy_database` copied and checked."""

    source: str
    destination: str
    before: Summary
    after: Summary

    def lines(self) -> list[str]:
        return [f"source      {self.source}: {self.before.line()}",
                f"destination {self.destination}: {self.after.line()}",
                "identical: row counts and content hash match"]


def copy_database(source: str | Path, destination: str | Path) -> CopyReport:
    """Copy every table of the review database ``source`` into the new or empty ``destination``.

    Parameters
    ----------
    source, destination : str or Path
        File paths (SQLite) or ``postgresql://`` addresses, in any combination.

    Returns
    -------
    CopyReport
        Row counts and content hashes of both sides (equal, or an error is raised).

    Raises
    ------
    DatabaseError
        If the source is not a review database, the destination already holds records or events
        (nothing is merged into a review), or the copy differs from the source (then the
        destination's transaction is rolled back and it stays empty).
    """
    from . import connect, engine_of, exists, is_url, transaction

    if not exists(source):
        raise DatabaseError(f"{source}: review database not found; nothing was copied")
    if not is_url(source) and not is_url(destination) and Path(source).resolve() == Path(destination).resolve():
        raise DatabaseError(f"{destination}: the destination is the source; choose a new file or address")
    src = connect(source, readonly=True)
    before = summarise(src)
    dst = connect(destination)
    present = {t.name: dst.execute(f"SELECT COUNT(*) FROM {t.name}").fetchone()[0] for t in TABLES}
    if any(present.values()):
        raise DatabaseError(
            f"{destination}: the destination review database is not empty ({present}); copy into a new file or "
            "an empty PostgreSQL database (createdb), so that no two reviews are mixed")
    with transaction(dst):
        with _snapshot(src):
            for table in TABLES:
                cols = [c.name for c in table.columns]
                sql = f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
                batch = []
                for row in _rows(src, table):
                    batch.append(row)
                    if len(batch) >= BATCH:
                        dst.executemany(sql, batch)
                        batch = []
                dst.executemany(sql, batch)
        if engine_of(dst) == "postgresql":
            for table in TABLES:
                if "event_id" in table.columns:
                    dst.execute(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'event_id'), "
                                f"COALESCE(MAX(event_id), 1), MAX(event_id) IS NOT NULL) FROM {table.name}")
        after = summarise_in_transaction(dst)
        if after.counts != before.counts or after.sha256 != before.sha256:
            raise DatabaseError(
                f"{destination}: the copy differs from {source} (source: {before.line()}; copy: {after.line()}); "
                "it was rolled back")
    return CopyReport(str(source), str(destination), before, summarise(dst))


def summarise_in_transaction(conn) -> Summary:
    """:func:`summarise` inside the caller's open transaction (sees its uncommitted writes)."""
    digest, out = hashlib.sha256(), Summary()
    for table in TABLES:
        n = 0
        digest.update(f"#{table.name}\n".encode())
        for row in _rows(conn, table):
            digest.update(json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
            n += 1
        out.counts[table.name] = n
    out.sha256 = digest.hexdigest()
    return out
