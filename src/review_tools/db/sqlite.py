"""The SQLite engine of the review database: one file in WAL mode (the default, embedded engine).

:func:`connect` creates a new database or migrates an older one in order, and refuses (with a
:class:`~review_tools.errors.DatabaseError`, without touching the file) a file that is not a review
database, that is corrupted, or whose schema is newer than this version of review-tools.

Connections are in autocommit mode; group writes with :func:`transaction`, which takes the write
lock up front (``BEGIN IMMEDIATE``) and commits before returning, so one decision is durable before
the next record is shown. Several processes (e.g. two reviewers' Jupyter kernels) may write to the
same database at once: SQLite serialises the writers and ``busy_timeout`` makes them wait.

:func:`connect` keeps **one connection per database file, thread and mode** and hands the same one
out again (a re-run notebook cell gets the connection it had). The file itself is only ever opened
by SQLite: SQLite's POSIX locks belong to the process, and closing *any* other descriptor of the file
(``open(path).close()``) silently drops them, after which another process may delete the write-ahead
log under a live connection and committed events are lost. Code that runs on several threads (widget
callbacks) calls :func:`connect` on the thread where it writes instead of keeping a connection.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from ..errors import DatabaseError
from .constants import APPLICATION_ID, REQUIRED_TABLES, SCHEMA_VERSION

log = logging.getLogger(__name__)

#: How long a writer waits for another writer's lock, in milliseconds.
BUSY_TIMEOUT_MS = 60_000

#: SQLite result codes that mean the file is damaged or not a database at all.
_DAMAGED = {"SQLITE_CORRUPT", "SQLITE_NOTADB"}
#: Result codes of another process holding a lock (e.g. two kernels creating a new database at once).
_BUSY = {"SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_BUSY_RECOVERY", "SQLITE_BUSY_SNAPSHOT"}


class _NotYetWal(Exception):
    """The journal mode is not WAL yet because another connection holds a lock; try again."""


class ReviewConnection(sqlite3.Connection):
    """An :class:`sqlite3.Connection` that leaves :func:`connect`'s cache when it is closed."""

    _cache_key: tuple | None = None
    _inode: tuple[int, int] | None = None
    #: Which engine this is (the PostgreSQL connection says ``"postgresql"``).
    engine = "sqlite"
    #: The database file this connection was opened on (what :func:`review_tools.db.connect` takes).
    target: Path | None = None

    def close(self) -> None:  # noqa: D102 (sqlite3.Connection.close)
        with _CACHE_LOCK:
            if self._cache_key is not None and _CACHE.get(self._cache_key) is self:
                del _CACHE[self._cache_key]
        super().close()


_CACHE: dict[tuple[str, int, bool], ReviewConnection] = {}
_CACHE_LOCK = threading.Lock()


def _inode(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _usable(conn: ReviewConnection, path: Path) -> bool:
    """Whether a cached connection is open and still on the file now at ``path`` (not a deleted one)."""
    try:
        conn.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return False
    return conn._inode == _inode(path)


def _plain_error(path: Path, exc: sqlite3.Error) -> DatabaseError:
    """A message that says what SQLite reported, calling a file damaged only when SQLite says so."""
    name = getattr(exc, "sqlite_errorname", "")
    if name == "SQLITE_NOTADB":
        return DatabaseError(
            f"{path}: not a review database (not an SQLite file); refusing to open or overwrite it. "
            "Point the protocol's 'database' at a new file name or restore the database from a backup."
        )
    if name in _DAMAGED:
        return DatabaseError(
            f"{path}: the review database is corrupted ({exc}); restore it from a backup. "
            "review-tools will not overwrite it."
        )
    if name in _BUSY:
        return DatabaseError(
            f"{path}: another program kept the review database locked for more than "
            f"{BUSY_TIMEOUT_MS // 1000} s ({exc}); close the other program (or kernel) and try again."
        )
    return DatabaseError(f"{path}: the review database could not be opened ({name or 'error'}: {exc}).")


def _pragma(conn: sqlite3.Connection, name: str):
    return conn.execute(f"PRAGMA {name}").fetchone()[0]


def connect(path: str | Path, *, readonly: bool = False) -> ReviewConnection:
    """Open the review database at ``path``, creating or migrating it as needed.

    The connection is cached per database file, thread and ``readonly`` flag: calling ``connect``
    again on the same thread returns the same open connection (closing it removes it from the cache,
    and the next call opens a new one).

    Parameters
    ----------
    path : str or Path
        The database file. Missing parent folders are created (unless ``readonly``).
    readonly : bool, default False
        Open an existing database for reading only (no creation, no migration).

    Returns
    -------
    ReviewConnection
        An :class:`sqlite3.Connection` in autocommit mode (use :func:`transaction` to group
        writes), WAL journal, foreign keys on, ``busy_timeout`` set, rows as :class:`sqlite3.Row`.
        Use it only on the thread that called ``connect``.

    Raises
    ------
    DatabaseError
        If the file is not an SQLite file, is a different SQLite database, fails SQLite's integrity
        check, has a schema newer than :data:`SCHEMA_VERSION`, or (``readonly``) does not exist.
        The file is never modified in these cases.
    """
    path = Path(path)
    if path.is_dir():
        raise DatabaseError(f"{path}: is a folder; the review database must be a file (e.g. review/review.db)")
    if readonly and not path.exists():
        raise DatabaseError(f"{path}: review database not found")
    key = (os.path.realpath(path), threading.get_ident(), readonly)
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
    if cached is not None:
        if _usable(cached, path):
            return cached
        cached.close()
    conn = _open(path, readonly)
    conn._cache_key, conn._inode, conn.target = key, _inode(path), path
    with _CACHE_LOCK:
        _CACHE[key] = conn
    return conn


def _open(path: Path, readonly: bool) -> ReviewConnection:
    """Open, verify and (unless ``readonly``) migrate; wait while another process holds a lock."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            return _open_once(path, readonly)
        except _NotYetWal as exc:
            if time.monotonic() < deadline:
                time.sleep(0.05)
                continue
            raise DatabaseError(f"{exc}; another program keeps it locked. Close it and try again.") from exc
        except sqlite3.Error as exc:
            if getattr(exc, "sqlite_errorname", "") in _BUSY and time.monotonic() < deadline:
                time.sleep(0.05)
                continue
            raise _plain_error(path, exc) from exc


def _open_once(path: Path, readonly: bool) -> ReviewConnection:
    timeout = BUSY_TIMEOUT_MS / 1000
    if readonly:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=timeout, factory=ReviewConnection)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=timeout, factory=ReviewConnection)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Reading the schema makes SQLite check the file header (SQLITE_NOTADB for anything else);
        # the file is never opened with plain file I/O, which would drop this process's locks.
        _verify(conn, path)
        if not readonly:
            if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
                # SQLite keeps the old mode (instead of failing) while another connection holds a lock
                raise _NotYetWal(f"{path}: SQLite could not switch the review database to WAL mode")
            conn.execute("PRAGMA synchronous = FULL")
            _migrate(conn, path)
        conn.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        sqlite3.Connection.close(conn)
        raise
    conn.row_factory = sqlite3.Row
    return conn


def _tables(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {r[0] for r in rows if not r[0].startswith("sqlite_")}


def _verify(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse foreign, newer or corrupted databases before anything is written."""
    # One read transaction: another process creating the database at this moment must not be seen
    # half-way (its tables without its application_id).
    conn.execute("BEGIN")
    try:
        version = _pragma(conn, "user_version")
        app_id = _pragma(conn, "application_id")
        tables = _tables(conn)
    finally:
        conn.execute("COMMIT")
    if app_id not in (0, APPLICATION_ID) or (app_id == 0 and (tables or version)):
        raise DatabaseError(
            f"{path}: an SQLite file that is not a review-tools database (application_id={app_id}, "
            f"tables={sorted(tables)}); refusing to change it. Choose another database path."
        )
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{path}: the review database has schema version {version}, newer than this review-tools "
            f"reads ({SCHEMA_VERSION}); upgrade review-tools. The file was not changed."
        )
    if tables:
        result = conn.execute("PRAGMA quick_check").fetchall()
        if [r[0] for r in result] != ["ok"]:
            detail = "; ".join(str(r[0]) for r in result[:3])
            raise DatabaseError(
                f"{path}: the review database is corrupted ({detail}); restore it from a backup. "
                "review-tools will not overwrite it."
            )
        missing = [t for t in REQUIRED_TABLES if t not in tables and version >= 1]
        if missing:
            raise DatabaseError(
                f"{path}: the review database (schema version {version}) lacks the tables {missing}; "
                "it is damaged. Restore it from a backup."
            )


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Apply the migrations from the stored ``user_version`` up to :data:`SCHEMA_VERSION`."""
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = _pragma(conn, "user_version")
            if version >= SCHEMA_VERSION:
                conn.execute("COMMIT")
                return
            log.info("%s: migrating the review database from schema version %d to %d", path, version, version + 1)
            from .schema import (
                migration_statements,  # SQLAlchemy is imported only to create or migrate
            )

            for statement in migration_statements(version, "sqlite"):
                conn.execute(statement)
            if version == 0:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Run the enclosed writes as one transaction that holds the write lock from the start.

    Commits on leaving the block (the data is then durable), rolls back on any exception.

    Examples
    --------
    >>> with transaction(conn):                                  # doctest: +SKIP
    ...     conn.execute("INSERT INTO screening_events ...")
    """
    if conn.in_transaction:
        raise DatabaseError("transaction(): already inside a transaction; nest the writes in one block")
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def schema_version(conn: sqlite3.Connection) -> int:
    """Return the schema version of an open review database."""
    return int(_pragma(conn, "user_version"))
