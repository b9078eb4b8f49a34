"""What the 02-screening stage derives from the review database: labels, ranking, stopping, aliases.

The stage module :mod:`review_tools.stages.screening` opens the database, imports the screening set
and the seed decisions and writes the artefacts; the functions here only compute.
"""

from __future__ import annotations

import logging
import sqlite3

import numpy as np
import pandas as pd

from ..config import ReviewConfig
from . import events, ranker, stopping

log = logging.getLogger(__name__)


def to_canonical_ids(decisions: pd.DataFrame, records: pd.DataFrame) -> pd.DataFrame:
    """Map decisions made on a record that deduplication merged onto its group's canonical id.

    Decisions are often recorded against the id a record had in one export (e.g. a BibTeX key);
    after deduplication the screening set holds one record per group, listed in ``merged_ids``.
    Returns a new frame; ids that are not in any group are left as they are.
    """
    if "merged_ids" not in records.columns or decisions.empty:
        return decisions
    alias: dict[str, str] = {}
    for canonical, merged in zip(records["record_id"], records["merged_ids"].fillna(""), strict=True):
        for other in str(merged).split(";"):
            other = other.strip()
            if other and other != canonical:
                alias[other] = canonical
    mapped = decisions["record_id"].map(lambda r: alias.get(r, r))
    n = int((mapped != decisions["record_id"]).sum())
    if n:
        log.info("%d seed decisions were made on merged duplicates; recorded on their group's canonical id", n)
    return decisions.assign(record_id=mapped)


def ta_labels(conn: sqlite3.Connection) -> pd.Series:
    """Labels for the ranker from title/abstract decisions: 1 include/maybe, 0 exclude, by record id.

    A record counts as relevant when its final decision is include or maybe, or, while reviewers
    disagree, when any reviewer included it (relevance is what the ranker must not miss).
    """
    dec = events.reviewer_decisions(conn, "title_abstract")
    if dec.empty:
        return pd.Series(dtype=float)
    rel = dec.assign(rel=dec["decision"].isin(["include", "maybe"]).astype(int))
    return rel.groupby("record_id")["rel"].max().astype(float)


def rank_unscreened(conn: sqlite3.Connection, *, random_state=0, explain_top: int = 5) -> pd.DataFrame:
    """Rank the records without a title/abstract decision (``record_id, rank, score, why, title``)."""
    recs = events.records_frame(conn)
    if recs.empty:
        return pd.DataFrame(columns=["record_id", "rank", "score", "why", "title"])
    out = ranker.rank_records(recs, ta_labels(conn), ranker=ranker.ScreeningRanker(random_state=random_state),
                              explain_top=explain_top)
    return out.merge(recs[["record_id", "title"]], on="record_id", how="left")


def screening_sequence(conn: sqlite3.Connection) -> np.ndarray:
    """Relevance (0/1) of the title/abstract-screened records in the order they were first screened."""
    ev = events.events_frame(conn, "title_abstract")
    ev = ev[ev["kind"].isin(["decision", "import"])]
    labels = ta_labels(conn)
    first = ev.drop_duplicates("record_id")["record_id"]
    first = first[first.isin(labels.index)]
    return labels.reindex(first).to_numpy().astype(int)


def stopping_estimate(conn: sqlite3.Connection, *, recall_target: float = 0.95, confidence: float = 0.99,
                      heuristic_n: int | None = None) -> stopping.StoppingEstimate:
    """Both stopping rules on the title/abstract screening so far."""
    n_total = conn.execute("SELECT COUNT(*) FROM records").fetchone()[0]
    return stopping.estimate(screening_sequence(conn), n_total, recall_target=recall_target,
                             confidence=confidence, heuristic_n=heuristic_n)


def reason_labels(cfg: ReviewConfig, language: str = "en", stage: str = "full_text") -> dict[str, str]:
    """Exclusion reason code -> label in ``language`` for a protocol stage (empty if the stage is absent)."""
    for s in cfg.protocol.stages:
        if s.id == stage:
            return {r.code: r.label.get(language) for r in s.exclusion_reasons}
    return {}
