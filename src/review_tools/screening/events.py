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

STAGES = db.SCREENING_STAGES
DECISIONS = db.SCREENING_DECISIONS
RECONCILIATION_KINDS = ("consensus", "third_reviewer")
EVENT_COLUMNS = [
    "event_id", "record_id", "stage", "reviewer", "decision", "reasons", "note", "rank", "score",
    "kind", "created_at",
]
DECISION_COLUMNS = ["record_id", "stage", "reviewer", "decision", "reasons", "note", "event_id", "created_at"]
FINAL_COLUMNS = ["record_id", "stage", "decision", "reasons", "status", "reviewers"]
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


def import_decisions(conn: sqlite3.Connection, decisions: pd.DataFrame, protocol: Protocol | None = None) -> int:
    """Import decisions from a table (e.g. ``corpus/screening/seed_decisions.csv``), idempotently.

    Parameters
    ----------
    conn : sqlite3.Connection
        The review database; the records must have been imported.
    decisions : DataFrame
        Columns ``record_id, stage, reviewer, decision``, optional ``reasons`` (codes joined by
        ``;``), ``note``, ``created_at``.
    protocol : Protocol, optional
        Checks reviewers, stages and reason codes.

    Returns
    -------
    int
        The number of events added; a row already imported (same record, stage, reviewer,
        decision, reasons, note and time) is not added again.

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
    rows = [
        _event_row(r["record_id"], r["stage"], r["reviewer"], r["decision"], r.get("reasons"), r.get("note"),
                   None, None, "import", _text(r.get("created_at")) or "imported")
        for _, r in decisions.iterrows()
    ]
    problems = _validate(conn, rows, protocol, "decisions row")
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
                "WHERE kind = 'import'"
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


def _events(conn, stage: str | None = None, reviewer: str | None = None) -> list[dict]:
    sql = "SELECT * FROM screening_events"
    cond, args = [], []
    if stage is not None:
        cond.append("stage = ?")
        args.append(stage)
    if reviewer is not None:
        cond.append("reviewer = ?")
        args.append(reviewer)
    if cond:
        sql += " WHERE " + " AND ".join(cond)
    sql += " ORDER BY event_id"
    return [dict(r) for r in conn.execute(sql, args)]


def _standing(events: list[dict]) -> dict[tuple, dict]:
    """Replay reviewer events: key (record, stage, reviewer) -> standing decision event."""
    stacks: dict[tuple, list[dict]] = {}
    for e in events:
        if e["kind"] in RECONCILIATION_KINDS:
            continue
        key = (e["record_id"], e["stage"], e["reviewer"])
        if e["kind"] == "undo":
            stack = stacks.get(key)
            if stack:
                stack.pop()
        else:
            stacks.setdefault(key, []).append(e)
    return {k: v[-1] for k, v in stacks.items() if v}


def events_frame(conn: sqlite3.Connection, stage: str | None = None) -> pd.DataFrame:
    """Return the full audit trail (every event, in order) as a DataFrame."""
    return pd.DataFrame(_events(conn, stage=stage), columns=EVENT_COLUMNS)


def reviewer_decisions(conn: sqlite3.Connection, stage: str | None = None, reviewer: str | None = None) -> pd.DataFrame:
    """Return the standing decision of each reviewer on each record at ``stage`` (all stages if None).

    With ``reviewer`` given, only that reviewer's own decisions (the blind view).

    Returns
    -------
    DataFrame
        ``record_id, stage, reviewer, decision, reasons, note, event_id, created_at``.
    """
    standing = _standing(_events(conn, stage=stage, reviewer=reviewer))
    rows = sorted(standing.values(), key=lambda e: e["event_id"])
    return pd.DataFrame([{c: e[c] for c in DECISION_COLUMNS} for e in rows], columns=DECISION_COLUMNS)


def _merge_reasons(reason_lists: Iterable[str]) -> str:
    out: list[str] = []
    for rs in reason_lists:
        for r in rs.split(";"):
            if r and r not in out:
                out.append(r)
    return ";".join(out)


def final_decisions(
    conn: sqlite3.Connection, stage: str, *, require_dual: bool = False
) -> pd.DataFrame:
    """Derive the final decision per record at ``stage``.

    The latest reconciliation event decides (status ``resolved``) unless a reviewer changed their
    decision after it; otherwise agreeing reviewers decide (``agreed``, or ``single`` with one
    reviewer); differing decisions are a ``conflict`` with no final decision. With
    ``require_dual``, a record seen by one reviewer only is ``awaiting_second`` with no decision.

    Returns
    -------
    DataFrame
        ``record_id, stage, decision, reasons, status, reviewers`` (reviewers joined by ``;``).
    """
    events = _events(conn, stage=stage)
    standing = _standing(events)
    by_record: dict[str, list[dict]] = {}
    for (rid, _, _), e in standing.items():
        by_record.setdefault(rid, []).append(e)
    resolutions: dict[str, dict] = {}
    for e in events:
        if e["kind"] in RECONCILIATION_KINDS:
            resolutions[e["record_id"]] = e
    rows = []
    for rid in sorted(set(by_record) | set(resolutions)):
        decs = sorted(by_record.get(rid, []), key=lambda e: e["reviewer"])
        reviewers = ";".join(e["reviewer"] for e in decs)
        res = resolutions.get(rid)
        if res is not None and all(e["event_id"] < res["event_id"] for e in decs):
            rows.append((rid, stage, res["decision"], res["reasons"], "resolved", reviewers))
            continue
        values = {e["decision"] for e in decs}
        if values == {"include", "maybe"}:
            # both send the record on to full text: not a conflict for the flow (agreement statistics still count it)
            rows.append((rid, stage, "maybe", "", "agreed", reviewers))
        elif len(values) > 1:
            rows.append((rid, stage, "", "", "conflict", reviewers))
        elif len(decs) == 1 and require_dual:
            rows.append((rid, stage, "", "", "awaiting_second", reviewers))
        else:
            status = "single" if len(decs) == 1 else "agreed"
            rows.append((rid, stage, decs[0]["decision"], _merge_reasons(e["reasons"] for e in decs), status, reviewers))
    return pd.DataFrame(rows, columns=FINAL_COLUMNS)


def conflicts(conn: sqlite3.Connection, stage: str) -> pd.DataFrame:
    """List the records on which reviewers disagree and that are not yet resolved.

    Returns
    -------
    DataFrame
        ``record_id, stage, title, reviewer, decision, reasons, note`` (one row per reviewer's
        decision, so the reconciliation meeting sees who decided what).
    """
    final = final_decisions(conn, stage)
    ids = set(final.loc[final["status"] == "conflict", "record_id"])
    dec = reviewer_decisions(conn, stage)
    dec = dec[dec["record_id"].isin(ids)]
    titles = dict(conn.execute("SELECT record_id, title FROM records").fetchall())
    out = dec.assign(title=dec["record_id"].map(titles))
    return out[["record_id", "stage", "title", "reviewer", "decision", "reasons", "note"]].reset_index(drop=True)


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


def screening_state(conn: sqlite3.Connection, *, require_dual: bool = False) -> pd.DataFrame:
    """Return one row per record: ``record_id, title, year, ta_decision, ft_decision, ft_reason, final``.

    ``final`` is include/exclude/not_retrieved once a record's path is decided: excluded at
    title/abstract, or included/maybe there and decided at full text; blank while pending
    (unscreened, "maybe" at full text, an unresolved conflict). Reviewers who differ only between
    include and maybe send the record on to full text (final title/abstract decision "maybe").
    """
    recs = records_frame(conn)[["record_id", "title", "year"]]
    ta = final_decisions(conn, "title_abstract", require_dual=require_dual).set_index("record_id")
    ft = final_decisions(conn, "full_text", require_dual=require_dual).set_index("record_id")
    out = recs.copy()
    out["ta_decision"] = out["record_id"].map(ta["decision"]).fillna("")
    out["ft_decision"] = out["record_id"].map(ft["decision"]).fillna("")
    out["ft_reason"] = out["record_id"].map(ft["reasons"]).fillna("")
    sought = out["ta_decision"].isin(["include", "maybe"])
    final = np.where(sought & out["ft_decision"].isin(["include", "exclude", "not_retrieved"]), out["ft_decision"],
                     np.where(out["ta_decision"].eq("exclude"), "exclude", ""))
    out["final"] = final
    return out.reset_index(drop=True)
