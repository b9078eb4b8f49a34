"""Human coding events in the review database (append-only) and the codings derived from them.

Each action a coder takes is one row of ``coding_events`` (see :mod:`review_tools.db`):

``add``
    the coder applies a code to a unit (or a character span of it);
``accept`` / ``reject``
    the coder accepts or rejects a suggestion (its score and source are kept);
``remove``
    the coder withdraws a code given earlier.

Any event may carry a ``direction``: what the coder says the unit describes (a ``problem``, a
``strength``, an ``improvement`` or a ``worsening``; ``""`` withdraws it). A coder's direction of a
unit is that of their latest event on the unit that carries one (:func:`unit_directions`); setting
it alone is an ``add`` event with an empty code.

An ``add`` event with an empty code marks a unit the coder read and left uncoded (needed for
correct reliability statistics); it may carry a memo. Nothing is overwritten: the current codings
are derived by replaying the events in order.
"""

from __future__ import annotations

import pandas as pd

from ..config import Codebook
from ..db import CODING_ACTIONS, CODING_DIRECTIONS, transaction, utc_now
from ..errors import DatabaseError, StageInputError

__all__ = [
    "UNIT_TYPES",
    "add_coding_event",
    "add_coding_events",
    "coding_events",
    "current_codings",
    "reliability_codings",
    "unit_directions",
    "import_codings",
]

UNIT_TYPES = ("segment", "record", "report")
_COLUMNS = ["unit_id", "unit_type", "char_start", "char_end", "code", "coder", "action", "suggestion_score",
            "suggestion_source", "memo", "direction"]


def _check(event: dict, codes: set[str] | None) -> tuple:
    if event.get("action", "add") not in CODING_ACTIONS:
        raise DatabaseError(f"coding event: action '{event.get('action')}' is invalid; must be one of {list(CODING_ACTIONS)}")
    if event.get("unit_type", "segment") not in UNIT_TYPES:
        raise DatabaseError(f"coding event: unit_type '{event.get('unit_type')}' is invalid; must be one of {list(UNIT_TYPES)}")
    for key in ("unit_id", "coder"):
        if not str(event.get(key) or "").strip():
            raise DatabaseError(f"coding event: '{key}' is required")
    code = str(event.get("code") or "")
    if codes is not None and code and code not in codes:
        raise StageInputError(f"coding event: code '{code}' is not in the codebook (unit {event['unit_id']})")
    if not code and event.get("action", "add") != "add":
        raise DatabaseError("coding event: only an 'add' event may have an empty code (unit read, left uncoded)")
    direction = event.get("direction")
    if direction is not None and direction not in ("", *CODING_DIRECTIONS):
        raise DatabaseError(f"coding event: direction '{direction}' is invalid for unit {event['unit_id']}; "
                            f"must be one of {list(CODING_DIRECTIONS)} (or empty to withdraw it)")
    start, end = event.get("char_start"), event.get("char_end")
    if (start is None) != (end is None) or (start is not None and not 0 <= int(start) <= int(end)):
        raise DatabaseError(f"coding event: invalid character span ({start}, {end}) for unit {event['unit_id']}")
    return (
        str(event["unit_id"]), event.get("unit_type", "segment"),
        None if start is None else int(start), None if end is None else int(end),
        code, str(event["coder"]), event.get("action", "add"),
        None if event.get("suggestion_score") is None else float(event["suggestion_score"]),
        event.get("suggestion_source"), event.get("memo"), utc_now(), direction,
    )


_INSERT = (
    "INSERT INTO coding_events (unit_id, unit_type, char_start, char_end, code, coder, action, "
    "suggestion_score, suggestion_source, memo, created_at, direction) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
)


def add_coding_event(conn, unit_id: str, code: str, coder: str, *, action: str = "add", unit_type: str = "segment",
                     char_start: int | None = None, char_end: int | None = None,
                     suggestion_score: float | None = None, suggestion_source: str | None = None,
                     memo: str | None = None, direction: str | None = None,
                     codebook: Codebook | None = None) -> int:
    """Append one coding event and return its ``event_id``.

    Parameters
    ----------
    conn : sqlite3.Connection
        From :func:`review_tools.db.connect`.
    unit_id, code, coder : str
        The unit (segment id, record id or report id), the code id ("" for "read, no code"), the
        coder's id.
    action : {"add", "remove", "accept", "reject"}
    unit_type : {"segment", "record", "report"}
    char_start, char_end : int, optional
        A character span within the unit's text; both or neither.
    suggestion_score, suggestion_source : optional
        For ``accept``/``reject``: the suggestion's score and where it came from (lexicon/model).
    memo : str, optional
    direction : {"problem", "strength", "improvement", "worsening", ""}, optional
        What the coder says the unit describes ("" withdraws an earlier direction).
    codebook : Codebook, optional
        When given, the code must be one of its ids.

    Raises
    ------
    DatabaseError
        Invalid action, unit type, span or missing ids.
    StageInputError
        A code not in the codebook.
    """
    return add_coding_events(conn, [{
        "unit_id": unit_id, "code": code, "coder": coder, "action": action, "unit_type": unit_type,
        "char_start": char_start, "char_end": char_end, "suggestion_score": suggestion_score,
        "suggestion_source": suggestion_source, "memo": memo, "direction": direction,
    }], codebook=codebook)[0]


def add_coding_events(conn, events, *, codebook: Codebook | None = None) -> list[int]:
    """Append many coding events in one transaction (all or none); return their ids.

    ``events`` is an iterable of dicts or a DataFrame with the keys of :func:`add_coding_event`.
    """
    if isinstance(events, pd.DataFrame):
        events = [{k: (None if pd.isna(v) else v) for k, v in row.items()} for row in events.to_dict("records")]
    codes = {c.id for c in codebook.codes} if codebook is not None else None
    rows = [_check(dict(e), codes) for e in events]
    ids = []
    with transaction(conn):
        for row in rows:
            ids.append(conn.execute(_INSERT, row).lastrowid)
    return ids


def coding_events(conn) -> pd.DataFrame:
    """Return every coding event in order (the audit trail)."""
    cols = ["event_id", *_COLUMNS, "created_at"]
    rows = conn.execute(f"SELECT {', '.join(cols)} FROM coding_events ORDER BY event_id").fetchall()
    out = pd.DataFrame([tuple(r) for r in rows], columns=cols)
    for col in ("char_start", "char_end"):
        out[col] = out[col].astype("Int64")
    return out


def current_codings(conn, *, coder: str | None = None, unit_ids=None, include_read: bool = False) -> pd.DataFrame:
    """Replay the events into the codings standing now.

    Parameters
    ----------
    conn : sqlite3.Connection
    coder : str, optional
        Only this coder's codings.
    unit_ids : iterable of str, optional
        Only these units.
    include_read : bool
        Also return the "read, no code" markers (rows with an empty code).

    Returns
    -------
    DataFrame
        ``unit_id, unit_type, char_start, char_end, code, coder, origin, suggestion_score, memo,
        event_id`` where ``origin`` is ``human`` or ``accepted_suggestion``.
    """
    ev = coding_events(conn)
    if coder is not None:
        ev = ev[ev["coder"] == coder]
    if unit_ids is not None:
        ev = ev[ev["unit_id"].isin(set(map(str, unit_ids)))]
    state: dict[tuple, dict] = {}
    for r in ev.itertuples(index=False):
        span = (None if pd.isna(r.char_start) else int(r.char_start), None if pd.isna(r.char_end) else int(r.char_end))
        key = (r.unit_id, r.coder, r.code, *span)
        if r.action in ("add", "accept"):
            state[key] = {
                "unit_id": r.unit_id, "unit_type": r.unit_type, "char_start": span[0], "char_end": span[1],
                "code": r.code, "coder": r.coder,
                "origin": "accepted_suggestion" if r.action == "accept" else "human",
                "suggestion_score": r.suggestion_score, "memo": r.memo, "event_id": r.event_id,
            }
        else:  # remove / reject
            if r.action == "remove" and span[0] is None:
                # removing a code from a unit withdraws it on every span of that unit
                for k in [k for k in state if k[:3] == key[:3]]:
                    state.pop(k)
            state.pop(key, None)
    cols = ["unit_id", "unit_type", "char_start", "char_end", "code", "coder", "origin", "suggestion_score", "memo",
            "event_id"]
    out = pd.DataFrame(list(state.values()), columns=cols)
    if not include_read:
        out = out[out["code"] != ""]
    return out.sort_values("event_id", kind="stable").reset_index(drop=True)


def reliability_codings(conn, *, unit_type: str | None = None) -> pd.DataFrame:
    """Return ``unit_id, coder, code`` for reliability: one row per standing code, plus an
    empty-code row for each unit a coder acted on but left without any code."""
    ev = coding_events(conn)
    if unit_type is not None:
        ev = ev[ev["unit_type"] == unit_type]
    cur = current_codings(conn)
    if unit_type is not None:
        cur = cur[cur["unit_type"] == unit_type]
    coded = cur[["unit_id", "coder", "code"]].drop_duplicates()
    read = ev[["unit_id", "coder"]].drop_duplicates()
    has = set(zip(coded["unit_id"], coded["coder"], strict=True))
    empty = read[[(u, c) not in has for u, c in zip(read["unit_id"], read["coder"], strict=True)]].assign(code="")
    return pd.concat([coded, empty], ignore_index=True).sort_values(["unit_id", "coder", "code"]).reset_index(drop=True)


def unit_directions(conn, *, coder: str | None = None) -> pd.DataFrame:
    """The direction each coder gives each unit now: that of their latest event on the unit carrying one.

    Returns
    -------
    DataFrame
        ``unit_id, unit_type, coder, direction, event_id`` (withdrawn directions left out).
    """
    ev = coding_events(conn)
    ev = ev[ev["direction"].notna()]
    if coder is not None:
        ev = ev[ev["coder"] == coder]
    last = ev.sort_values("event_id").drop_duplicates(["unit_id", "coder"], keep="last")
    last = last[last["direction"] != ""]
    return last[["unit_id", "unit_type", "coder", "direction", "event_id"]].reset_index(drop=True)


def import_codings(conn, table: pd.DataFrame, *, codebook: Codebook | None = None, where: str = "codings") -> int:
    """Import a coding team's work from a table (e.g. the demo's ``corpus/coding/*.csv``), idempotently.

    Parameters
    ----------
    conn : sqlite3.Connection
    table : DataFrame
        ``unit_id, coder`` and ``code`` ("" or absent: the unit read, no code); optional ``action``
        (add or accept; default add), ``unit_type`` (default segment), ``direction``, ``memo``.
    codebook : Codebook, optional
    where : str
        The table's name in messages.

    Returns
    -------
    int
        Events added. A row whose coder already acted on that unit and code (with any action, e.g.
        removed it in the coding view since) is not imported again, so re-running never undoes work.

    Raises
    ------
    StageInputError
        Naming the row and field, when a column is missing or a value is invalid (nothing is written).
    """
    missing = [c for c in ("unit_id", "coder") if c not in table.columns]
    if missing:
        raise StageInputError(f"{where}: missing column(s) {missing}; expected unit_id, coder, code "
                              "(optional action, unit_type, direction, memo)")
    existing = coding_events(conn)
    done = set(zip(existing["unit_id"], existing["coder"], existing["code"], strict=True))
    directed = set(zip(existing.loc[existing["direction"].notna(), "unit_id"],
                       existing.loc[existing["direction"].notna(), "coder"], strict=True))
    codes = {c.id for c in codebook.codes} if codebook is not None else None
    events, problems = [], []
    for i, r in enumerate(table.fillna("").astype(str).to_dict("records"), start=2):
        event = {"unit_id": r["unit_id"].strip(), "coder": r["coder"].strip(), "code": r.get("code", "").strip(),
                 "action": r.get("action", "").strip() or "add", "unit_type": r.get("unit_type", "").strip() or "segment",
                 "direction": r.get("direction", "").strip() or None, "memo": r.get("memo", "").strip() or None}
        if event["action"] not in ("add", "accept"):
            problems.append(f"{where} line {i}: action '{event['action']}' is invalid; must be add or accept")
            continue
        try:
            _check(event, codes)
        except (DatabaseError, StageInputError) as exc:
            problems.append(f"{where} line {i}: {str(exc).removeprefix('coding event: ')}")
            continue
        unit, coder = event["unit_id"], event["coder"]
        # a direction is imported once per unit and coder: a later change in the coding view stands
        if event["direction"] is not None and (unit, coder) in directed:
            event["direction"] = None
        new_code = (unit, coder, event["code"]) not in done
        if not new_code and event["direction"] is not None:  # the code is there: the direction alone
            event.update(code="", action="add", memo=None)
        elif not new_code:
            continue
        done.add((unit, coder, event["code"]))
        if event["direction"] is not None:
            directed.add((unit, coder))
        events.append(event)
    if problems:
        raise StageInputError(f"{len(problems)} invalid coding row(s); nothing was imported:\n  - "
                              + "\n  - ".join(problems[:20]))
    return len(add_coding_events(conn, events, codebook=codebook)) if events else 0
