"""The review database's schema as SQLAlchemy Core metadata, compiled for SQLite and PostgreSQL.

One :class:`~sqlalchemy.MetaData` describes the tables; :func:`migration_statements` compiles a
migration step into the statements of one engine (``CREATE TABLE``/``CREATE INDEX`` from the
metadata, plus the append-only triggers, which each engine writes in its own trigger language).
Both engines apply the same numbered migrations in order; SQLite records the version in
``PRAGMA user_version``, PostgreSQL in the ``review_tools_meta`` table.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateIndex, CreateTable

from .constants import (  # noqa: F401 (re-exported)
    APPLICATION_ID,
    ASSESSMENT_KINDS,
    CODING_ACTIONS,
    EVENT_TABLES,
    META_TABLE,
    REQUIRED_TABLES,
    SCHEMA_VERSION,
    SCREENING_DECISIONS,
    SCREENING_KINDS,
    SCREENING_STAGES,
)


def _in(column: str, values) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")")


def _event_id() -> sa.Column:
    # SQLite: INTEGER PRIMARY KEY AUTOINCREMENT (ids never reused); PostgreSQL: BIGSERIAL.
    return sa.Column("event_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True,
                     autoincrement=True)


metadata = sa.MetaData()

records = sa.Table(
    "records", metadata,
    sa.Column("record_id", sa.Text, primary_key=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("abstract", sa.Text),
    sa.Column("year", sa.Text),
    sa.Column("data", sa.Text, nullable=False, server_default=sa.text("'{}'")),
    sa.Column("imported_at", sa.Text, nullable=False),
)

screening_events = sa.Table(
    "screening_events", metadata,
    _event_id(),
    sa.Column("record_id", sa.Text, nullable=False),
    sa.Column("stage", sa.Text, _in("stage", SCREENING_STAGES), nullable=False),
    sa.Column("reviewer", sa.Text, nullable=False),
    sa.Column("decision", sa.Text, _in("decision", SCREENING_DECISIONS), nullable=False),
    sa.Column("reasons", sa.Text, nullable=False, server_default=sa.text("''")),
    sa.Column("note", sa.Text, nullable=False, server_default=sa.text("''")),
    sa.Column("rank", sa.Integer),
    sa.Column("score", sa.Double),
    sa.Column("kind", sa.Text, _in("kind", SCREENING_KINDS), nullable=False, server_default=sa.text("'decision'")),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Index("screening_events_record", "record_id", "stage"),
    sa.Index("screening_events_reviewer", "reviewer", "stage"),
    sqlite_autoincrement=True,
)

coding_events = sa.Table(
    "coding_events", metadata,
    _event_id(),
    sa.Column("unit_id", sa.Text, nullable=False),
    sa.Column("unit_type", sa.Text, nullable=False),
    sa.Column("char_start", sa.Integer),
    sa.Column("char_end", sa.Integer),
    sa.Column("code", sa.Text, nullable=False),
    sa.Column("coder", sa.Text, nullable=False),
    sa.Column("action", sa.Text, _in("action", CODING_ACTIONS), nullable=False),
    sa.Column("suggestion_score", sa.Double),
    sa.Column("suggestion_source", sa.Text),
    sa.Column("memo", sa.Text),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Index("coding_events_unit", "unit_id"),
    sa.Index("coding_events_coder", "coder"),
    sqlite_autoincrement=True,
)

#: Schema version 2: data extraction and quality appraisal of included studies, and the team's confirmed
#: GRADE-CERQual assessments of findings. One event sets one ``field`` of one ``subject`` (a record id or
#: a finding id) to ``value`` ("" withdraws it); the current value is the latest event's.
assessment_events = sa.Table(
    "assessment_events", metadata,
    _event_id(),
    sa.Column("kind", sa.Text, _in("kind", ASSESSMENT_KINDS), nullable=False),
    sa.Column("subject_id", sa.Text, nullable=False),
    sa.Column("field", sa.Text, nullable=False),
    sa.Column("value", sa.Text, nullable=False, server_default=sa.text("''")),
    sa.Column("reviewer", sa.Text, nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=sa.text("''")),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Index("assessment_events_subject", "kind", "subject_id"),
    sqlite_autoincrement=True,
)

meta_table = sa.Table(
    META_TABLE, sa.MetaData(),
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

#: The tables of schema version 1 and those a review holds (in the order a copy writes them).
TABLES_V1 = (records, screening_events, coding_events)
TABLES = (*TABLES_V1, assessment_events)

_DIALECTS = {"sqlite": sqlite.dialect(), "postgresql": postgresql.psycopg.dialect()}


def _sqlite_append_only(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}\n"
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: add a new event instead of changing one'); END",
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}\n"
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: add a new event instead of deleting one'); END",
    ]


_PG_APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION review_tools_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: add a new event instead of %', TG_TABLE_NAME,
        CASE TG_OP WHEN 'UPDATE' THEN 'changing one' ELSE 'deleting one' END
        USING ERRCODE = 'integrity_constraint_violation';
END $$"""


def _pg_append_only(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION review_tools_append_only()",
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION review_tools_append_only()",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION review_tools_append_only()",
    ]


def _v1(engine: str) -> list[str]:
    dialect = _DIALECTS[engine]
    out: list[str] = []
    out += _create(TABLES_V1, dialect)
    if engine == "sqlite":
        for table in ("screening_events", "coding_events"):
            out.extend(_sqlite_append_only(table))
    else:
        # SQLite keeps the insertion order of records in its implicit rowid (the screening set's
        # order); PostgreSQL gets the same as an identity column that nothing else writes.
        out.append("ALTER TABLE records ADD COLUMN rowid BIGINT GENERATED ALWAYS AS IDENTITY")
        out.append(_PG_APPEND_ONLY_FUNCTION.strip())
        for table in ("screening_events", "coding_events"):
            out.extend(_pg_append_only(table))
    return out


def _create(tables, dialect) -> list[str]:
    out: list[str] = []
    for table in tables:
        out.append(str(CreateTable(table).compile(dialect=dialect)).strip())
        out.extend(str(CreateIndex(ix).compile(dialect=dialect)).strip()
                   for ix in sorted(table.indexes, key=lambda i: i.name))
    return out


def _v2(engine: str) -> list[str]:
    """Add ``assessment_events`` (extraction, appraisal, CERQual), append-only like the other event tables."""
    out = _create((assessment_events,), _DIALECTS[engine])
    out += _sqlite_append_only("assessment_events") if engine == "sqlite" else _pg_append_only("assessment_events")
    return out


#: ``MIGRATIONS[v](engine)`` is the list of statements that upgrade a database of engine
#: ``"sqlite"`` or ``"postgresql"`` from schema version v to v + 1.
MIGRATIONS = {0: _v1, 1: _v2}


def migration_statements(version: int, engine: str) -> list[str]:
    """Return the statements that upgrade an ``engine`` database from ``version`` to ``version + 1``."""
    return MIGRATIONS[version](engine)
