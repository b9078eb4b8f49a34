"""Screening decisions as events in the review database, and the state derived from them.

Every decision is an appended row of ``screening_events``; nothing is updated. The standing
decision of one reviewer on one record is the latest ``decision``/``import`` event not withdrawn
by an ``undo`` event; the final decision of a record is the latest reconciliation
(``consensus``/``third_reviewer``) event, or the reviewers' decision when they agree.

Blind dual screening: :func:`reviewer_decisions` with a ``reviewer`` returns only that reviewer's
own decisions, which is all the screening view shows until reconciliation.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from sklearn.utils import check_random_state

from .. import db
from ..config import Protocol
from ..errors import DatabaseError, StageInputError
from .state import (  # noqa: F401  (the derived state is part of this module's API)
    DECISION_COLUMNS,
    FINAL_COLUMNS,
    RECONCILIATION_KINDS,
    STATE_COLUMNS,
    _events,
    _standing,
    conflicts,
    dual_stages,
    final_decisions,
    reviewer_decisions,
    screening_state,
)

STAGES = db.SCREENING_STAGES
DECISIONS = db.SCREENING_DECISIONS
EVENT_COLUMNS = [
    "event_id", "record_id", "stage", "reviewer", "decision", "reasons", "note", "rank", "score",
    "kind", "created_at",
]
RECORD_FIELDS = (
    "authors", "journal", "volume", "issue", "pages", "doi", "pmid", "url", "keywords", "language",
    "publication_type", "sources", "source_id", "merged_ids", "n_sources",
)


def _text(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value).strip()


def _reasons_text(reasons) -> str:
    if reasons is None:
        return ""
    if isinstance(reasons, str):
        parts = reasons.split(";")
    else:
        parts = list(reasons)
    return ";".join(p.strip() for p in parts if p and p.strip())


# --------------------------------------------------------------------------- records


def import_records(conn: sqlite3.Connection, records: pd.DataFrame) -> int:
    """Put the screening set (``01-ingest-dedup/deduped.csv``) into the ``records`` table.

    Idempotent: a record already present is updated in place (the ``records`` table is the
    screening set, not an event log), so re-running adds nothing twice.

    Parameters
    ----------
    conn : sqlite3.Connection
        From :func:`review_tools.db.connect`.
    records : DataFrame
        With columns ``record_id`` and ``title``; ``abstract``, ``year`` and the bibliographic
        columns of ``deduped.csv`` are stored when present.

    Returns
    -------
    int
        The number of records that were new.

    Raises
    ------
    StageInputError
        If ``record_id`` or ``title`` is missing, a record id is empty or repeated, or no record
        has a title. Nothing is written then.
    """
    missing = [c for c in ("record_id", "title") if c not in records.columns]
    if missing:
        raise StageInputError(
            f"screening set: missing column(s) {missing}; expected the columns of 01-ingest-dedup/deduped.csv "
            f"(record_id, title, abstract, ...), got {list(records.columns)}"
        )
    ids = records["record_id"].map(_text)
    empty = [int(i) for i in np.flatnonzero(ids.eq("").to_numpy())]
    if empty:
        raise StageInputError(f"screening set: empty record_id in data row(s) {empty[:10]}")
    dup = sorted(ids[ids.duplicated()].unique())
    if dup:
        raise StageInputError(f"screening set: duplicate record_id(s) {dup[:10]}; each record must appear once")
    titles = records["title"].map(_text)
    if len(records) and titles.eq("").all():
        raise StageInputError("screening set: no record has a title; title/abstract screening needs titles")
    now = db.utc_now()
    rows = []
    for rid, (_, row) in zip(ids, records.iterrows(), strict=True):
        data = {f: _text(row[f]) for f in RECORD_FIELDS if f in records.columns and _text(row[f])}
        year = _text(row["year"]) if "year" in records.columns else ""
        if year.endswith(".0"):
            year = year[:-2]
        rows.append((rid, _text(row["title"]), _text(row.get("abstract")), year,
                     json.dumps(data, ensure_ascii=False, sort_keys=True), now))
    with db.transaction(conn):
        before = conn.execute("SELECT COUNT(*) FROM records").fetchone()[0]
        conn.executemany(
            "INSERT INTO records (record_id, title, abstract, year, data, imported_at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(record_id) DO UPDATE SET title = excluded.title, abstract = excluded.abstract, "
            "year = excluded.year, data = excluded.data",
            rows,
        )
        after = conn.execute("SELECT COUNT(*) FROM records").fetchone()[0]
    return after - before


def records_frame(conn: sqlite3.Connection) -> pd.DataFrame:
    """Return the screening set stored in the database (``record_id, title, abstract, year`` + stored fields)."""
    rows = conn.execute("SELECT record_id, title, abstract, year, data FROM records ORDER BY rowid").fetchall()
    out = []
    for r in rows:
        d = {"record_id": r["record_id"], "title": r["title"], "abstract": r["abstract"] or "", "year": r["year"] or ""}
        for k, v in json.loads(r["data"] or "{}").items():
            d.setdefault(k, v)
        out.append(d)
    df = pd.DataFrame(out, columns=None if out else ["record_id", "title", "abstract", "year"])
    for f in RECORD_FIELDS:
        if f not in df.columns:
            df[f] = ""
    return df.fillna("")


# --------------------------------------------------------------------------- validation


def _validate(conn, rows: Sequence[dict], protocol: Protocol | None, where: str) -> list[str]:
    if len(rows) == 1:
        known = {r[0] for r in conn.execute("SELECT record_id FROM records WHERE record_id = ?", (rows[0]["record_id"],))}
    else:
        known = {r[0] for r in conn.execute("SELECT record_id FROM records")}
    problems: list[str] = []
    reviewers = {r.id for r in protocol.reviewers} if protocol is not None else None
    stages = {s.id: s for s in protocol.stages} if protocol is not None else None
    for i, row in enumerate(rows):
        at = f"{where} {i + 1}" if len(rows) > 1 or where != "decision" else where
        stage = row["stage"]
        if stage not in STAGES or (stages is not None and stage not in stages):
            valid = sorted(stages) if stages is not None else list(STAGES)
            problems.append(f"{at}: stage '{stage}' is invalid; must be one of {valid}")
            continue
        if row["decision"] not in DECISIONS:
            problems.append(f"{at}: decision '{row['decision']}' is invalid; must be one of {list(DECISIONS)}")
        elif row["decision"] == "not_retrieved" and stage != "full_text":
            problems.append(f"{at}: decision 'not_retrieved' is only valid at the full_text stage")
        if not row["reviewer"]:
            problems.append(f"{at}: reviewer is empty")
        elif reviewers is not None and row["reviewer"] not in reviewers:
            problems.append(
                f"{at}: unknown reviewer '{row['reviewer']}'; must be one of the protocol's reviewers {sorted(reviewers)}"
            )
        if row["record_id"] not in known:
            problems.append(
                f"{at}: unknown record '{row['record_id']}'; not in the screening set (import the records first)"
            )
        if stages is not None and row["decision"] == "exclude" and not row["reasons"] \
                and stages[stage].exclusion_reason_required:
            valid = [r.code for r in stages[stage].exclusion_reasons]
            problems.append(
                f"{at}: an exclusion at stage '{stage}' needs a reason (the protocol's exclusion_reason_required); "
                f"pick one of {valid}"
            )
        if stages is not None and row["reasons"]:
            valid = [r.code for r in stages[stage].exclusion_reasons]
            bad = [c for c in row["reasons"].split(";") if c not in valid]
            if bad:
                problems.append(
                    f"{at}: reason code(s) {bad} not in the protocol's exclusion reasons of stage '{stage}'; "
                    f"valid codes: {valid}"
                )
    return problems


def _event_row(record_id, stage, reviewer, decision, reasons, note, rank, score, kind, created_at) -> dict:
    return {
        "record_id": _text(record_id), "stage": _text(stage), "reviewer": _text(reviewer),
        "decision": _text(decision).lower(), "reasons": _reasons_text(reasons), "note": _text(note),
        "rank": None if rank is None else int(rank), "score": None if score is None else float(score),
        "kind": kind, "created_at": created_at or db.utc_now(),
    }


def _insert(conn, row: dict) -> int:
    cur = conn.execute(
        "INSERT INTO screening_events (record_id, stage, reviewer, decision, reasons, note, rank, score, kind, "
        "created_at) VALUES (:record_id, :stage, :reviewer, :decision, :reasons, :note, :rank, :score, :kind, "
        ":created_at)",
        row,
    )
    return int(cur.lastrowid)


# --------------------------------------------------------------------------- writing events


def record_decision(
    conn: sqlite3.Connection,
    record_id: str,
    stage: str,
    reviewer: str,
    decision: str,
    *,
    reasons: Iterable[str] | str = (),
    note: str = "",
    rank: int | None = None,
    score: float | None = None,
    protocol: Protocol | None = None,
    kind: str = "decision",
) -> int:
    """Append one screening decision and commit it before returning.

    Parameters
    ----------
    conn : sqlite3.Connection
        The review database.
    record_id, stage, reviewer, decision : str
        ``stage`` is ``title_abstract`` or ``full_text``; ``decision`` one of include, exclude,
        maybe, not_retrieved (full text only).
    reasons : iterable of str or str, optional
        Exclusion reason codes of the protocol's stage (a string is split on ``;``).
    note : str, optional
        Free text.
    rank, score : optional
        The ranker's rank and score of the record when it was shown.
    protocol : Protocol, optional
        When given, the reviewer, stage and reason codes are checked against it.
    kind : {"decision", "consensus", "third_reviewer"}
        Reconciliation decisions use :func:`resolve_conflict`, which sets this.

    Returns
    -------
    int
        The new event's id.

    Raises
    ------
    DatabaseError
        Naming what is invalid (unknown record or reviewer, reason code not in the protocol, ...);
        nothing is written then.
    """
    if kind not in ("decision", *RECONCILIATION_KINDS):
        raise DatabaseError(f"decision: kind '{kind}' is invalid; must be 'decision', 'consensus' or 'third_reviewer'")
    row = _event_row(record_id, stage, reviewer, decision, reasons, note, rank, score, kind, None)
    problems = _validate(conn, [row], protocol, "decision")
    if problems:
        raise DatabaseError("invalid screening decision: " + "; ".join(problems))
    with db.transaction(conn):
        return _insert(conn, row)


def undo_last(conn: sqlite3.Connection, reviewer: str, stage: str) -> int | None:
    """Withdraw ``reviewer``'s latest standing decision at ``stage`` by appending an ``undo`` event.

    The undo event names the withdrawn decision (same record and decision) and its event id in
    ``note``; the decision before it (if any) stands again.

    Returns
    -------
    int or None
        The undo event's id, or ``None`` when the reviewer has no standing decision at ``stage``.
    """
    with db.transaction(conn):
        standing = _standing(_events(conn, stage=stage, reviewer=reviewer))
        if not standing:
            return None
        last = max(standing.values(), key=lambda e: e["event_id"])
        row = _event_row(last["record_id"], stage, reviewer, last["decision"], last["reasons"],
                         f"undo of event {last['event_id']}", None, None, "undo", None)
        return _insert(conn, row)


def _import_kind(given: str, by_resolver: bool) -> str | None:
    """The event kind of an imported row (None when ``given`` is not a valid kind)."""
    if given in ("", "import", "decision"):
        return "third_reviewer" if by_resolver and not given else "import"
    return given if given in RECONCILIATION_KINDS else None


def import_decisions(conn: sqlite3.Connection, decisions: pd.DataFrame, protocol: Protocol | None = None) -> int:
    """Import decisions from a table (e.g. ``corpus/screening/seed_decisions.csv``), idempotently.

    Parameters
    ----------
    conn : sqlite3.Connection
        The review database; the records must have been imported.
    decisions : DataFrame
        Columns ``record_id, stage, reviewer, decision``, optional ``reasons`` (codes joined by
        ``;``), ``note``, ``created_at`` and ``kind``.
    protocol : Protocol, optional
        Checks reviewers, stages and reason codes.

    Returns
    -------
    int
        The number of events added; a row already imported (same record, stage, reviewer,
        decision, reasons, note and time) is not added again.

    Notes
    -----
    A row is a screener's decision (kind ``import``) unless it resolves a conflict: ``kind`` is
    ``consensus`` or ``third_reviewer``, or (no ``kind`` given) its reviewer has the protocol role
    ``third_reviewer``. Resolutions are stored as reconciliation events, so they decide the
    record but never count as a screener in the agreement statistics.

    Raises
    ------
    StageInputError
        Listing every invalid row (unknown record or reviewer, reason code not in the protocol,
        invalid decision); nothing is written then.
    """
    required = ["record_id", "stage", "reviewer", "decision"]
    missing = [c for c in required if c not in decisions.columns]
    if missing:
        raise StageInputError(
            f"decisions: missing column(s) {missing}; expected record_id, stage, reviewer, decision, reasons, note, created_at"
        )
    resolvers = {r.id for r in protocol.reviewers if r.role == "third_reviewer"} if protocol is not None else set()
    rows, bad_kinds = [], []
    for i, (_, r) in enumerate(decisions.iterrows()):
        kind = _import_kind(_text(r.get("kind")).lower(), _text(r["reviewer"]) in resolvers)
        if kind is None:
            bad_kinds.append(f"decisions row {i + 1}: kind '{_text(r.get('kind'))}' is invalid; must be empty, "
                             f"'decision', 'consensus' or 'third_reviewer'")
        rows.append(_event_row(r["record_id"], r["stage"], r["reviewer"], r["decision"], r.get("reasons"),
                               r.get("note"), None, None, kind or "import", _text(r.get("created_at")) or "imported"))
    problems = bad_kinds + _validate(conn, rows, protocol, "decisions row")
    if problems:
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        raise StageInputError(
            f"{len(problems)} invalid decision(s); nothing was imported:\n  - " + "\n  - ".join(problems[:20]) + more
        )
    key = ("record_id", "stage", "reviewer", "decision", "reasons", "note", "created_at")
    added = 0
    with db.transaction(conn):
        existing = {
            tuple(r) for r in conn.execute(
                "SELECT record_id, stage, reviewer, decision, reasons, note, created_at FROM screening_events "
                "WHERE kind IN ('import', 'consensus', 'third_reviewer')"
            )
        }
        for row in rows:
            k = tuple(row[c] for c in key)
            if k in existing:
                continue
            existing.add(k)
            _insert(conn, row)
            added += 1
    return added


# --------------------------------------------------------------------------- deriving state


def events_frame(conn: sqlite3.Connection, stage: str | None = None) -> pd.DataFrame:
    """Return the full audit trail (every event, in order) as a DataFrame."""
    return pd.DataFrame(_events(conn, stage=stage), columns=EVENT_COLUMNS)


def resolve_conflict(
    conn: sqlite3.Connection,
    record_id: str,
    stage: str,
    reviewer: str,
    decision: str,
    *,
    method: str = "consensus",
    reasons: Iterable[str] | str = (),
    note: str = "",
    protocol: Protocol | None = None,
) -> int:
    """Record the resolution of a conflict, by consensus or by a third reviewer, as an event.

    Parameters
    ----------
    method : {"consensus", "third_reviewer"}
        How the conflict was resolved; ``reviewer`` is who recorded it (the third reviewer).

    Returns
    -------
    int
        The event id.
    """
    if method not in RECONCILIATION_KINDS:
        raise DatabaseError(f"resolve_conflict: method '{method}' is invalid; must be one of {list(RECONCILIATION_KINDS)}")
    return record_decision(conn, record_id, stage, reviewer, decision, reasons=reasons, note=note,
                           protocol=protocol, kind=method)


def calibration_sample(record_ids: Sequence[str], n: int, random_state=None) -> list[str]:
    """Draw the calibration sample that every reviewer screens (a seeded random subset).

    Parameters
    ----------
    record_ids : sequence of str
        The screening set.
    n : int
        Sample size (the protocol stage's ``calibration_size``); capped at the set's size.
    random_state : int, RandomState or None
        Seed for reproducibility.

    Returns
    -------
    list of str
        The sampled record ids, in the screening set's order.
    """
    rng = check_random_state(random_state)
    ids = list(record_ids)
    n = min(max(int(n), 0), len(ids))
    chosen = set(rng.choice(len(ids), size=n, replace=False).tolist()) if n else set()
    return [r for i, r in enumerate(ids) if i in chosen]
