"""Extraction, appraisal and CERQual assessment events in the review database (append-only).

Each saved form is one transaction of ``assessment_events`` rows (see :mod:`review_tools.db`): one row per
field (``kind`` extraction), checklist item (appraisal) or CERQual component (cerqual) of one subject (a
study's record id or a finding id). Nothing is overwritten: the current value of a field is the latest
event's (an empty value withdraws it), whoever wrote it. A re-run cell, a second kernel or a killed one
leaves whole forms or nothing, never half a form.
"""

from __future__ import annotations

import pandas as pd

from .. import db
from ..errors import DatabaseError, StageInputError

__all__ = ["EVENT_COLUMNS", "add_assessment_events", "assessment_events", "current_values", "import_assessments"]

EVENT_COLUMNS = ["event_id", "kind", "subject_id", "field", "value", "reviewer", "note", "created_at"]
_INSERT = ("INSERT INTO assessment_events (kind, subject_id, field, value, reviewer, note, created_at) "
           "VALUES (?,?,?,?,?,?,?)")


def _row(e: dict, when: str) -> tuple:
    kind = str(e.get("kind") or "")
    if kind not in db.ASSESSMENT_KINDS:
        raise DatabaseError(f"assessment event: kind '{kind}' is invalid; must be one of {list(db.ASSESSMENT_KINDS)}")
    for key in ("subject_id", "field", "reviewer"):
        if not str(e.get(key) or "").strip():
            raise DatabaseError(f"assessment event: '{key}' is required")
    value = e.get("value")
    return (kind, str(e["subject_id"]).strip(), str(e["field"]).strip(), "" if value is None else str(value),
            str(e["reviewer"]).strip(), str(e.get("note") or ""), str(e.get("created_at") or "") or when)


def add_assessment_events(conn, events) -> list[int]:
    """Append events (dicts with ``kind, subject_id, field, value, reviewer`` and optional ``note``,
    ``created_at``) in one transaction (all or none); return their ids. Values are checked by the caller
    (:func:`review_tools.extraction.tables.check_value`, ``check_appraisal``)."""
    when = db.utc_now()
    rows = [_row(dict(e), when) for e in events]
    ids = []
    with db.transaction(conn):
        for row in rows:
            ids.append(conn.execute(_INSERT, row).lastrowid)
    return ids


def assessment_events(conn, kind: str | None = None) -> pd.DataFrame:
    """Every assessment event (of ``kind``), in the order written."""
    sql = f"SELECT {', '.join(EVENT_COLUMNS)} FROM assessment_events"
    rows = conn.execute(sql + (" WHERE kind = ?" if kind else "") + " ORDER BY event_id", (kind,) if kind else ()).fetchall()
    return pd.DataFrame([tuple(r) for r in rows], columns=EVENT_COLUMNS)


def current_values(events: pd.DataFrame) -> pd.DataFrame:
    """The standing value of every (kind, subject, field): the latest event's; withdrawn ("") fields dropped."""
    if events.empty:
        return events.copy()
    latest = events.sort_values("event_id").drop_duplicates(["kind", "subject_id", "field"], keep="last")
    return latest[latest["value"] != ""].reset_index(drop=True)


def import_assessments(conn, table: pd.DataFrame, *, reviewers: set[str] | None = None,
                       check=None, where: str = "assessments") -> int:
    """Import assessment rows (``kind, subject_id, field, value, reviewer, created_at``, optional ``note``)
    idempotently: a row already stored (same kind, subject, field, value, reviewer, note and time) is not
    added again. ``check(row) -> value`` normalises a value or raises ValueError; ``reviewers`` are the
    valid reviewer ids. Returns the number of events added.

    Raises
    ------
    StageInputError
        Listing every invalid row (``where row N: ...``); nothing is written then.
    """
    need = ["kind", "subject_id", "field", "value", "reviewer", "created_at"]
    missing = [c for c in need if c not in table.columns]
    if missing:
        raise StageInputError(f"{where}: missing column(s) {missing}; expected {', '.join(need)}, note")
    problems, rows = [], []
    for i, r in enumerate(table.fillna("").to_dict("records"), start=2):
        try:
            if reviewers is not None and r["reviewer"] not in reviewers:
                raise ValueError(f"reviewer '{r['reviewer']}' is not in the protocol; valid: {', '.join(sorted(reviewers))}")
            value = check(r) if check is not None else r["value"]
            rows.append({**r, "value": value})
        except (ValueError, KeyError) as exc:
            problems.append(f"{where} row {i}: {exc}")
    if problems:
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        raise StageInputError(f"{len(problems)} invalid row(s); nothing was imported:\n  - " + "\n  - ".join(problems[:20]) + more)
    key = ["kind", "subject_id", "field", "value", "reviewer", "note", "created_at"]
    with db.transaction(conn):
        existing = {tuple(x) for x in conn.execute(f"SELECT {', '.join(key)} FROM assessment_events").fetchall()}
        added = 0
        for r in rows:
            row = _row(r, db.utc_now())
            if row not in existing:
                conn.execute(_INSERT, row)
                existing.add(row)
                added += 1
    return added
