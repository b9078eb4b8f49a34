"""The review database: a versioned schema with append-only event tables, on SQLite or PostgreSQL.

Every screening decision and every coding action is an appended event; the current state is
derived from the events, so nothing is ever overwritten and the whole audit trail can be exported.

The database is addressed by a file path (SQLite, the default: one file, no server) or by a
``postgresql://USER@HOST:PORT/DATABASE`` address (a server a team at several sites shares). The
protocol's ``database`` names it; ``REVIEW_TOOLS_DATABASE`` overrides the protocol, and an explicit
``--database`` / notebook parameter overrides both (:func:`locate`). Everything else is the same
for both engines: :func:`connect` creates or migrates the schema (described once, as SQLAlchemy
metadata, in :mod:`review_tools.db.schema`) and refuses foreign, newer or damaged databases;
``conn.execute(sql, params)`` takes the same SQL with ``?`` placeholders and returns rows that are
indexed by position and by name; :func:`transaction` groups one decision's writes and holds the
review's write lock from the start (SQLite ``BEGIN IMMEDIATE``; PostgreSQL an advisory lock), so a
read inside it decides the write that follows as under ``SERIALIZABLE``; :func:`copy_database`
moves a review between engines and checks the copy.

:func:`connect` keeps **one connection per database, thread and mode** and hands the same one out
again (a re-run notebook cell gets the connection it had). A SQLite file is only ever opened by
SQLite (see :mod:`review_tools.db.sqlite` for why). Code that runs on several threads (widget
callbacks) calls :func:`connect` on the thread where it writes instead of keeping a connection.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path

from ..errors import DatabaseError
from . import sqlite as _sqlite
from .constants import (
    APPLICATION_ID,
    ASSESSMENT_KINDS,
    CODING_ACTIONS,
    REQUIRED_TABLES,
    SCHEMA_VERSION,
    SCREENING_DECISIONS,
    SCREENING_KINDS,
    SCREENING_STAGES,
)
from .sqlite import BUSY_TIMEOUT_MS, ReviewConnection

__all__ = [
    "APPLICATION_ID", "ASSESSMENT_KINDS", "BUSY_TIMEOUT_MS", "CODING_ACTIONS", "DatabaseURL", "ENV_VAR", "REQUIRED_TABLES",
    "SCHEMA_VERSION", "SCREENING_DECISIONS", "SCREENING_KINDS", "SCREENING_STAGES", "ReviewConnection",
    "connect", "copy_database", "engine_of", "exists", "integrity_errors", "is_url", "locate", "schema_version",
    "transaction", "utc_now",
]

#: The environment variable that overrides the protocol's ``database``.
ENV_VAR = "REVIEW_TOOLS_DATABASE"


def utc_now() -> str:
    """Return the current UTC time as ISO 8601 text with microseconds (the events' ``created_at``)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


#: How a PostgreSQL address starts.
URL_PREFIXES = ("postgresql://", "postgres://", "postgresql+psycopg://")


class DatabaseURL(str):
    """A ``postgresql://`` address as :func:`locate` returns it: a str that also answers ``exists()``
    and ``name`` as the :class:`~pathlib.Path` of a file database does (so code written for paths
    keeps working)."""

    def exists(self) -> bool:
        """Whether the server holds a review database at this address."""
        return exists(str(self))

    @property
    def name(self) -> str:
        """The address without its password."""
        from .postgres import shown

        return shown(str(self))


def is_url(target) -> bool:
    """Whether ``target`` is a PostgreSQL address (``postgresql://…``) rather than a file path."""
    return isinstance(target, str) and target.strip().lower().startswith(URL_PREFIXES)


def locate(database: str | Path | None = None, *, protocol_database: str | Path | None = None,
           root: str | Path | None = None) -> str | Path:
    """Where the review database is: ``database`` if given, else ``$REVIEW_TOOLS_DATABASE``, else the protocol's.

    Parameters
    ----------
    database : str or Path, optional
        An explicit choice (the ``--database`` option, a notebook's ``database`` parameter).
    protocol_database : str or Path, optional
        The protocol's ``database`` (a path relative to ``root``, or an address).
    root : str or Path, optional
        The review folder relative file paths are in.

    Returns
    -------
    str or Path
        A ``postgresql://`` address (str) or a file path.
    """
    for value in (database, os.environ.get(ENV_VAR), protocol_database):
        if value is not None and str(value).strip():
            value = str(value).strip()
            if is_url(value):
                return DatabaseURL(value)
            p = Path(value).expanduser()
            return p if p.is_absolute() or root is None else Path(root) / p
    raise DatabaseError(f"no review database given: set the protocol's 'database', ${ENV_VAR} or --database")


def exists(target: str | Path) -> bool:
    """Whether a review database is there: the file exists, or the server has the review's schema."""
    if not is_url(target):
        return Path(target).exists()
    try:
        connect(target, readonly=True)
    except DatabaseError:
        return False
    return True


_PG_CACHE: dict[tuple, object] = {}
_PG_LOCK = threading.Lock()


def _forget(conn) -> None:
    with _PG_LOCK:
        if conn._cache_key is not None and _PG_CACHE.get(conn._cache_key) is conn:
            del _PG_CACHE[conn._cache_key]


def connect(target: str | Path, *, readonly: bool = False):
    """Open the review database at ``target`` (a file path or a ``postgresql://`` address).

    Creates or migrates the schema as needed (unless ``readonly``) and returns this thread's
    cached connection for ``target`` and ``readonly``: calling ``connect`` again on the same
    thread returns the same open connection; closing it removes it from the cache.

    Parameters
    ----------
    target : str or Path
        A file path (SQLite; missing parent folders are created unless ``readonly``) or a
        ``postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE`` address of an existing database.
    readonly : bool, default False
        Open an existing review database for reading only (no creation, no migration).

    Returns
    -------
    ReviewConnection or PgConnection
        ``execute(sql, params)`` with ``?``/``:name`` placeholders, rows with index and name
        access, ``lastrowid`` of an appended event; group writes with :func:`transaction`.

    Raises
    ------
    DatabaseError
        If the target is not a review database, is damaged, has a newer schema, cannot be reached
        (with the reason in plain words) or (``readonly``) does not exist. Nothing is changed then.
    """
    if not is_url(target):
        return _sqlite.connect(target, readonly=readonly)
    from .postgres import open_connection

    url = str(target).strip()
    key = (url, threading.get_ident(), readonly)
    with _PG_LOCK:
        cached = _PG_CACHE.get(key)
    if cached is not None and not cached.closed:
        return cached
    conn = open_connection(url, readonly)
    conn._cache_key = key
    with _PG_LOCK:
        _PG_CACHE[key] = conn
    return conn


def engine_of(conn) -> str:
    """``"sqlite"`` or ``"postgresql"``."""
    return getattr(conn, "engine", "sqlite")


def transaction(conn):
    """Run the enclosed writes as one transaction that holds the review's write lock from the start.

    Commits on leaving the block (the data is then durable), rolls back on any exception. SQLite
    takes its write lock (``BEGIN IMMEDIATE``); PostgreSQL a transaction-scoped advisory lock of
    the review database, so writers at several sites take turns exactly as on SQLite.

    Examples
    --------
    >>> with transaction(conn):                                  # doctest: +SKIP
    ...     conn.execute("INSERT INTO screening_events ...")
    """
    if engine_of(conn) == "postgresql":
        from .postgres import transaction as pg_transaction

        return pg_transaction(conn)
    return _sqlite.transaction(conn)


def schema_version(conn) -> int:
    """Return the schema version of an open review database."""
    if engine_of(conn) == "postgresql":
        from .postgres import schema_version as pg_version

        return pg_version(conn)
    return _sqlite.schema_version(conn)


def integrity_errors(conn) -> tuple[type[Exception], ...]:
    """The exception types a rejected write (append-only trigger, CHECK, key) raises on ``conn``'s engine."""
    if engine_of(conn) == "postgresql":
        import psycopg

        return (psycopg.IntegrityError,)
    import sqlite3

    return (sqlite3.IntegrityError,)


def copy_database(source: str | Path, destination: str | Path):
    """Copy a review database to another (new or empty) one, across engines; see :mod:`review_tools.db.copy`."""
    from .copy import copy_database as _copy

    return _copy(source, destination)
