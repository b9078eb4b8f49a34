"""The screening state derived from the events: standing, final and conflicting decisions.

A reviewer's standing decision on a record is their latest ``decision``/``import`` event not
withdrawn by an ``undo``. Reconciliation events (``consensus``/``third_reviewer``, recorded live or
imported from the source review) are not a screener's decision: they never count in agreement
statistics and they decide a record only as the resolution of a conflict.

Dual screening (``dual_screening: true`` for a stage of the protocol): a decision is final only when
two reviewers agree or a conflict is resolved; a record seen by one reviewer is ``awaiting_second``.
Without dual screening one reviewer's decision is final (status ``single``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from .. import db
from ..config import Protocol

STAGES = db.SCREENING_STAGES
RECONCILIATION_KINDS = ("consensus", "third_reviewer")
DECISION_COLUMNS = ["record_id", "stage", "reviewer", "decision", "reasons", "note", "event_id", "created_at"]
FINAL_COLUMNS = ["record_id", "stage", "decision", "reasons", "status", "reviewers"]
#: ``status`` of a record at a stage (see :func:`final_decisions`); "" in the state means unscreened.
STATUSES = ("agreed", "single", "resolved", "conflict", "awaiting_second")
STATE_COLUMNS = ["record_id", "title", "year", "ta_decision", "ta_status", "ft_decision", "ft_status", "ft_reason",
                 "final"]


def dual_stages(protocol: Protocol | None) -> dict[str, bool]:
    """Return ``stage id -> dual_screening`` from the protocol (every stage False without one)."""
    flags = dict.fromkeys(STAGES, False)
    if protocol is not None:
        flags.update({s.id: bool(s.dual_screening) for s in protocol.stages})
    return flags


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


def reviewer_decisions(conn: sqlite3.Connection, stage: str | None = None, reviewer: str | None = None) -> pd.DataFrame:
    """Return the standing decision of each reviewer on each record at ``stage`` (all stages if None).

    Only screeners' decisions: resolutions of conflicts are not included. With ``reviewer`` given,
    only that reviewer's own decisions (the blind view).

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


def final_decisions(conn: sqlite3.Connection, stage: str, *, require_dual: bool = False) -> pd.DataFrame:
    """Derive the final decision per record at ``stage``.

    The latest reconciliation event decides (status ``resolved``) unless a reviewer changed their
    decision after it; otherwise agreeing reviewers decide (``agreed``; include and maybe agree on
    "maybe", both send the record on); differing decisions are a ``conflict`` with no final
    decision. A record seen by one reviewer is ``single`` (decided) or, with ``require_dual`` (the
    stage's ``dual_screening``), ``awaiting_second`` with no final decision.

    Returns
    -------
    DataFrame
        ``record_id, stage, decision, reasons, status, reviewers`` (screeners joined by ``;``).
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
        if len(decs) == 1 and require_dual:
            rows.append((rid, stage, "", "", "awaiting_second", reviewers))
        elif values == {"include", "maybe"}:
            rows.append((rid, stage, "maybe", "", "agreed", reviewers))
        elif len(values) > 1:
            rows.append((rid, stage, "", "", "conflict", reviewers))
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


def screening_state(conn: sqlite3.Connection, *, require_dual: bool | Mapping[str, bool] = False,
                    protocol: Protocol | None = None) -> pd.DataFrame:
    """Return one row per record with its final decision at each stage and its path.

    Parameters
    ----------
    conn : sqlite3.Connection
    require_dual : bool or mapping of stage -> bool
        Dual screening for every stage (bool) or per stage.
    protocol : Protocol, optional
        When given, each stage's ``dual_screening`` decides (overrides ``require_dual``).

    Returns
    -------
    DataFrame
        ``record_id, title, year, ta_decision, ta_status, ft_decision, ft_status, ft_reason, final``.
        ``*_status`` is one of :data:`STATUSES` ("" when nobody screened the record at that stage).
        ``final`` is include/exclude/not_retrieved once a record's path is decided: excluded at
        title/abstract, or included/maybe there and decided at full text; blank while pending
        (unscreened, awaiting a second reviewer, an unresolved conflict, "maybe" at full text).
    """
    if protocol is not None:
        dual = dual_stages(protocol)
    elif isinstance(require_dual, Mapping):
        dual = {s: bool(require_dual.get(s, False)) for s in STAGES}
    else:
        dual = dict.fromkeys(STAGES, bool(require_dual))
    rows = conn.execute("SELECT record_id, title, year FROM records ORDER BY rowid").fetchall()
    out = pd.DataFrame([tuple(r) for r in rows], columns=["record_id", "title", "year"]).fillna("")
    for prefix, stage in (("ta", "title_abstract"), ("ft", "full_text")):
        fin = final_decisions(conn, stage, require_dual=dual[stage]).set_index("record_id")
        for col, name in (("decision", f"{prefix}_decision"), ("status", f"{prefix}_status"), ("reasons", "ft_reason")):
            if col == "reasons" and prefix == "ta":
                continue
            values = fin[col].to_dict()
            out[name] = [values.get(r, "") for r in out["record_id"]]
    sought = out["ta_decision"].isin(["include", "maybe"])
    out["final"] = np.where(sought & out["ft_decision"].isin(["include", "exclude", "not_retrieved"]),
                            out["ft_decision"], np.where(out["ta_decision"].eq("exclude"), "exclude", ""))
    return out[STATE_COLUMNS].reset_index(drop=True)
