"""The PostgreSQL engine of the review database, through SQLAlchemy Core and psycopg 3.

:class:`PgConnection` offers what the review code uses of an :class:`sqlite3.Connection`:
``execute(sql, params)`` with the same qmark (``?``) or named (``:name``) SQL, rows with index
and name access (``row[0]``, ``row["record_id"]``, ``dict(row)``), ``lastrowid`` of an appended
event, ``executemany``, ``in_transaction`` and ``close``. Statements go to psycopg through
SQLAlchemy's ``exec_driver_sql`` after the placeholders are rewritten to psycopg's style.

Writers are serialised as in SQLite: :func:`transaction` takes a transaction-scoped advisory lock
(one per review database) as its first statement, so a read inside the block sees every committed
write and decides the write that follows it (undo, conflict resolution, idempotent imports) as
under ``SERIALIZABLE``, without serialisation failures to retry. Event ids are handed out under
that lock, so their order is the commit order.

A dropped connection (server restart, network, ``pg_terminate_backend``) is reported in plain
words; a read outside a transaction is retried on a new connection (three tries), a write never
is: the caller is told whether the write was rolled back or may have been committed.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
import time
from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from ..errors import DatabaseError
from . import URL_PREFIXES
from .constants import APPLICATION_ID, EVENT_TABLES, META_TABLE, REQUIRED_TABLES, SCHEMA_VERSION
from .schema import migration_statements

log = logging.getLogger(__name__)

#: Tries of a read whose connection was lost, and the wait before each new try (seconds).
READ_RETRY_WAITS = (0.2, 1.0, 3.0)


class ConnectionLostError(DatabaseError):
    """The connection to the PostgreSQL server was lost; the message says what became of the write."""


def sqlalchemy_url(url: str) -> sa.URL:
    """The SQLAlchemy URL (driver psycopg) of a ``postgresql://`` address."""
    for prefix in URL_PREFIXES:
        if url.startswith(prefix):
            return sa.make_url("postgresql+psycopg://" + url[len(prefix):])
    raise DatabaseError(f"{url!r}: not a PostgreSQL address; expected postgresql://USER@HOST:PORT/DATABASE")


def shown(url: str) -> str:
    """The address without its password, for messages."""
    return sqlalchemy_url(url).render_as_string(hide_password=True).replace("postgresql+psycopg://", "postgresql://")


@functools.lru_cache(maxsize=512)
def to_pyformat(sql: str) -> str:
    """Rewrite qmark (``?``) and named (``:name``) placeholders to psycopg's ``%s`` / ``%(name)s``.

    Quoted strings and identifiers are left as they are; a literal ``%`` is doubled; ``::`` casts
    are not placeholders.
    """
    out, i, n, quote = [], 0, len(sql), ""
    while i < n:
        c = sql[i]
        if quote:
            out.append("%%" if c == "%" else c)
            if c == quote:
                quote = ""
        elif c in "'\"":
            quote = c
            out.append(c)
        elif c == "%":
            out.append("%%")
        elif c == "?":
            out.append("%s")
        elif c == ":" and i + 1 < n and sql[i + 1] == ":":
            out.append("::")
            i += 1
        elif c == ":" and i + 1 < n and (sql[i + 1].isalpha() or sql[i + 1] == "_") and (i == 0 or sql[i - 1] != ":"):
            m = re.match(r"[A-Za-z_][A-Za-z0-9_]*", sql[i + 1:])
            out.append(f"%({m.group(0)})s")
            i += len(m.group(0))
        else:
            out.append(c)
        i += 1
    return "".join(out)


_EVENT_INSERT = re.compile(r"^\s*INSERT\s+INTO\s+(" + "|".join(EVENT_TABLES) + r")\b", re.IGNORECASE)
#: Statements safe to send again on a new connection: reads, and the BEGIN of a transaction.
_READ = re.compile(r"^\s*(SELECT|WITH|SHOW|VALUES|EXPLAIN|BEGIN)\b", re.IGNORECASE)
_WRITE_WORDS = re.compile(r"\b(INSERT|UPDATE|DELETE|TRUNCATE|CREATE|ALTER|DROP|SETVAL|NEXTVAL)\b", re.IGNORECASE)


class Row(tuple):
    """A result row with index access (``row[0]``), name access (``row["x"]``) and ``keys()``,
    as :class:`sqlite3.Row` (so ``dict(row)`` and ``tuple(row)`` work)."""

    def __new__(cls, values, index: dict[str, int]):
        row = super().__new__(cls, values)
        row._index = index
        return row

    def __getitem__(self, key):
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._index[key])
            except KeyError:
                raise IndexError(f"no column named {key!r}; columns: {list(self._index)}") from None
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


class Cursor:
    """The fetched result of one statement (rows are read at once)."""

    def __init__(self, rows: list[Row], lastrowid: int | None, rowcount: int):
        self._rows, self._pos = rows, 0
        self.lastrowid, self.rowcount = lastrowid, rowcount

    def fetchone(self):
        if self._pos >= len(self._rows):
            return None
        self._pos += 1
        return self._rows[self._pos - 1]

    def fetchall(self) -> list[Row]:
        rest, self._pos = self._rows[self._pos:], len(self._rows)
        return rest

    def __iter__(self):
        while (row := self.fetchone()) is not None:
            yield row


class PgConnection:
    """One connection to a review database on a PostgreSQL server (see the module docstring)."""

    engine = "postgresql"

    def __init__(self, url: str, readonly: bool = False):
        self.target, self.readonly = url, readonly
        args = {"connect_timeout": 10, "application_name": "review-tools"}
        if readonly:
            args["options"] = "-c default_transaction_read_only=on"
        self._engine = sa.create_engine(sqlalchemy_url(url), poolclass=NullPool, connect_args=args)
        self._conn: sa.Connection | None = None
        self._tx = False
        self._closed = False
        self._cache_key: tuple | None = None

    # ---------------------------------------------------------------- connection state
    def _connection(self) -> sa.Connection:
        if self._closed:
            raise DatabaseError(f"{shown(self.target)}: the connection was closed; call db.connect() again")
        if self._conn is None:
            try:
                self._conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            except sa.exc.DBAPIError as exc:
                raise _connect_error(self.target, exc) from None
        return self._conn

    def _drop(self) -> None:
        """Forget a lost connection (the next statement opens a new one)."""
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.invalidate()
            with contextlib.suppress(Exception):
                self._conn.close()
        self._conn, self._tx = None, False

    @property
    def in_transaction(self) -> bool:
        return self._tx

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        from . import _forget

        _forget(self)
        if not self._closed:
            if self._conn is not None:
                with contextlib.suppress(Exception):
                    self._conn.close()
            self._engine.dispose()
        self._conn, self._closed, self._tx = None, True, False

    # ---------------------------------------------------------------- statements
    def execute(self, sql: str, params=()) -> Cursor:
        """Run one statement (qmark or named placeholders) and return its fetched rows."""
        returning = bool(_EVENT_INSERT.match(sql)) and "RETURNING" not in sql.upper()
        driver_sql = to_pyformat(sql) + (" RETURNING event_id" if returning else "")
        args = dict(params) if isinstance(params, dict) else tuple(params)
        is_read = bool(_READ.match(sql)) and not _WRITE_WORDS.search(sql)
        waits = READ_RETRY_WAITS if is_read and not self._tx else ()
        for attempt in range(len(waits) + 1):
            try:
                result = self._connection().exec_driver_sql(driver_sql, args)
                rows = []
                if result.returns_rows:
                    index = {k: i for i, k in enumerate(result.keys())}
                    rows = [Row(tuple(r), index) for r in result.fetchall()]
                lastrowid = rows[0][0] if returning and rows else None
                return Cursor([] if returning else rows, lastrowid, result.rowcount)
            except sa.exc.DBAPIError as exc:
                if not _lost(exc):
                    raise exc.orig from None
                in_tx, self._tx = self._tx, False
                self._drop()
                if attempt < len(waits):
                    log.warning("%s: the connection to the PostgreSQL server was lost (%s); reading again on a "
                                "new connection in %.1f s", shown(self.target), _first_line(exc), waits[attempt])
                    time.sleep(waits[attempt])
                    continue
                raise self._lost_error(sql, exc, in_tx, is_read) from None
        raise AssertionError("unreachable")

    def executemany(self, sql: str, seq_of_params) -> Cursor:
        """Run one statement for each parameter set (in the caller's transaction, if any)."""
        rows = [dict(p) if isinstance(p, dict) else tuple(p) for p in seq_of_params]
        if not rows:
            return Cursor([], None, 0)
        try:
            result = self._connection().exec_driver_sql(to_pyformat(sql), rows)
        except sa.exc.DBAPIError as exc:
            if not _lost(exc):
                raise exc.orig from None
            in_tx, self._tx = self._tx, False
            self._drop()
            raise self._lost_error(sql, exc, in_tx, False) from None
        return Cursor([], None, result.rowcount)

    def _lost_error(self, sql: str, exc, in_tx: bool, is_read: bool) -> ConnectionLostError:
        where, why = shown(self.target), _first_line(exc)
        if is_read:
            return ConnectionLostError(
                f"{where}: the connection to the PostgreSQL server was lost and could not be made again after "
                f"{len(READ_RETRY_WAITS)} tries ({why}); nothing was written. Check that the server runs and is "
                "reachable, then run the cell again.")
        if sql.strip().upper().startswith("COMMIT"):
            return ConnectionLostError(
                f"{where}: the connection to the PostgreSQL server was lost while committing ({why}); the write "
                "may or may not have been saved, and review-tools does not repeat it. Look at the latest events "
                "(e.g. the screening view's history) before you record it again.")
        if in_tx:
            return ConnectionLostError(
                f"{where}: the connection to the PostgreSQL server was lost before the write was committed "
                f"({why}); the server rolled it back, so it was NOT saved. review-tools does not repeat writes "
                "by itself: record it again once the server is reachable (a new connection is opened then).")
        return ConnectionLostError(
            f"{where}: the connection to the PostgreSQL server was lost during a write outside a transaction "
            f"({why}); it may or may not have been saved, and review-tools does not repeat it. Check the "
            "events before you write it again.")

    # ---------------------------------------------------------------- transactions
    def begin(self) -> None:
        self.execute("BEGIN")
        self._tx = True
        self.execute("SELECT pg_advisory_xact_lock(?)", (APPLICATION_ID,))

    def commit(self) -> None:
        try:
            self.execute("COMMIT")
        finally:
            self._tx = False

    def rollback(self) -> None:
        if self._conn is None:  # the connection was lost: the server rolled back already
            self._tx = False
            return
        try:
            self.execute("ROLLBACK")
        finally:
            self._tx = False


def _first_line(exc) -> str:
    return str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(getattr(exc, "orig", exc)).strip() else type(exc).__name__


def _lost(exc: sa.exc.DBAPIError) -> bool:
    """Whether the error means the connection is gone (not a constraint, a lock wait or bad SQL)."""
    import psycopg

    if exc.connection_invalidated:
        return True
    orig = exc.orig
    if not isinstance(orig, psycopg.OperationalError):
        return False
    state = getattr(orig, "sqlstate", None) or ""
    return not state or state.startswith(("08", "57P"))


def _connect_error(url: str, exc: sa.exc.DBAPIError) -> DatabaseError:
    why = _first_line(exc)
    name = sqlalchemy_url(url).database
    if "does not exist" in why and name and f'"{name}"' in why:
        return DatabaseError(f"{shown(url)}: the database '{name}' does not exist on the server; create it "
                             f"(createdb {name}) or correct the address.")
    return DatabaseError(f"{shown(url)}: cannot connect to the PostgreSQL server ({why}); check the host, port, "
                         "user and password in the address and that the server is running.")


@contextlib.contextmanager
def transaction(conn: PgConnection) -> Iterator[PgConnection]:
    """One transaction holding the review's write lock from its start; commit on leaving, roll back on error."""
    if conn.in_transaction:
        raise DatabaseError("transaction(): already inside a transaction; nest the writes in one block")
    conn.begin()
    try:
        yield conn
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def _tables(conn: PgConnection) -> set[str]:
    rows = conn.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
    return {r[0] for r in rows}


def schema_version(conn: PgConnection) -> int:
    """The schema version stored in ``review_tools_meta`` (0 for a database without it)."""
    if META_TABLE not in _tables(conn):
        return 0
    row = conn.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def _verify_and_migrate(conn: PgConnection) -> None:
    where = shown(conn.target)
    tables = _tables(conn)
    if tables and META_TABLE not in tables:
        raise DatabaseError(
            f"{where}: the database holds tables that are not a review-tools database ({sorted(tables)[:8]}); "
            "refusing to change it. Create an empty database for the review (createdb) and point to it.")
    version = schema_version(conn)
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{where}: the review database has schema version {version}, newer than this review-tools reads "
            f"({SCHEMA_VERSION}); upgrade review-tools. The database was not changed.")
    missing = [t for t in REQUIRED_TABLES if t not in tables and version >= 1]
    if missing:
        raise DatabaseError(f"{where}: the review database (schema version {version}) lacks the tables {missing}; "
                            "it is damaged. Restore it from a backup.")
    if conn.readonly:
        if version == 0:
            raise DatabaseError(f"{where}: review database not found (the database has no review-tools schema)")
        return
    while version < SCHEMA_VERSION:
        log.info("%s: migrating the review database from schema version %d to %d", where, version, version + 1)
        if version == 0:
            conn.execute(f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            conn.execute(f"INSERT INTO {META_TABLE} (key, value) VALUES ('application', 'review-tools')")
        for statement in migration_statements(version, "postgresql"):
            conn.execute(statement)
        version += 1
        conn.execute(f"INSERT INTO {META_TABLE} (key, value) VALUES ('schema_version', ?) "
                     "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (str(version),))


def open_connection(url: str, readonly: bool) -> PgConnection:
    """Connect, then verify and (unless ``readonly``) migrate in one locked transaction."""
    conn = PgConnection(url, readonly)
    try:
        if readonly:
            _verify_and_migrate(conn)
        else:
            with transaction(conn):  # the advisory lock: kernels creating the schema at once wait in turn
                _verify_and_migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn

