"""The 02-screening stage as the notebook runs it: open the database, import, rank, derive, write artefacts."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd

from .. import db, writers
from ..config import ReviewConfig
from ..errors import CorpusFormatError
from . import agreement, events, exports, fulltext, prisma, ranker, stopping

log = logging.getLogger(__name__)

STAGE = "02-screening"
SEED_DECISIONS = Path("screening") / "seed_decisions.csv"
FULLTEXT_DIR = Path("fulltexts")


def open_review_database(cfg: ReviewConfig, database: str | Path = "") -> sqlite3.Connection:
    """Open (create, migrate) the review database: ``database`` if non-empty, else the protocol's path."""
    path = Path(database) if str(database).strip() else cfg.database_path
    return db.connect(path)


def read_screening_set(run_dir: str | Path) -> pd.DataFrame:
    """Read the deduplicated records of stage 01 (``01-ingest-dedup/deduped.csv``) as text columns."""
    return writers.read_table(run_dir, "01-ingest-dedup", "deduped.csv", dtype=str).fillna("")


def read_decisions(path: str | Path) -> pd.DataFrame:
    """Read a decisions table (CSV: ``record_id, stage, reviewer, decision, reasons, note, created_at``).

    Raises
    ------
    CorpusFormatError
        If the file is not UTF-8 CSV or lacks a required column.
    """
    path = Path(path)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise CorpusFormatError(path, f"not a UTF-8 CSV decisions table ({exc})") from exc
    missing = [c for c in ("record_id", "stage", "reviewer", "decision") if c not in df.columns]
    if missing:
        raise CorpusFormatError(path, f"missing column(s) {missing}; expected record_id, stage, reviewer, decision, "
                                      "reasons, note, created_at")
    return df


def import_seed_decisions(conn: sqlite3.Connection, corpus_dir: str | Path, cfg: ReviewConfig) -> int:
    """Import ``corpus/screening/seed_decisions.csv`` when present (idempotent); return events added."""
    path = Path(corpus_dir) / SEED_DECISIONS
    if not path.exists():
        log.info("%s: no seed decisions to import", path)
        return 0
    decisions = to_canonical_ids(read_decisions(path), events.records_frame(conn))
    return events.import_decisions(conn, decisions, cfg.protocol)


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


def write_stage_artefacts(conn: sqlite3.Connection, cfg: ReviewConfig, run_dir: str | Path, *,
                          corpus_dir: str | Path = "corpus", language: str = "en", random_state=0,
                          ranking: pd.DataFrame | None = None) -> dict:
    """Derive the screening results from the database and write every 02-screening artefact.

    Writes ``screening_state.csv``, ``included.csv``, ``included.ris``, ``prisma.json/svg/png``,
    ``agreement.csv`` (+ figure), ``stopping.json`` (+ figure), ``ranking.csv``, ``fulltexts.csv``,
    ``asreview_labels.csv``, ``events.csv`` and ``stage_manifest.json``.

    Returns
    -------
    dict
        The PRISMA counts, the stopping estimate, the number of open conflicts and the paths.
    """
    source_counts = None
    try:
        source_counts = writers.read_table(run_dir, "01-ingest-dedup", "source_counts.csv")
    except FileNotFoundError:
        log.info("no 01-ingest-dedup/source_counts.csv: PRISMA identification counts the screening set only")
    dual = {s.id: s.dual_screening for s in cfg.protocol.stages}
    recs = events.records_frame(conn)
    state = events.screening_state(conn, protocol=cfg.protocol)
    counts = prisma.prisma_counts(state, source_counts)
    decisions = pd.concat([events.reviewer_decisions(conn, s) for s in events.STAGES], ignore_index=True)
    agree = agreement.agreement_table(decisions)
    stop = stopping_estimate(conn)
    if ranking is None:
        ranking = rank_unscreened(conn, random_state=random_state)
    open_conflicts = {s: int(len(events.conflicts(conn, s).drop_duplicates("record_id"))) for s in events.STAGES}
    included = exports.included_table(state, recs)
    ft_candidates = recs[recs["record_id"].isin(state.loc[state["ta_decision"].isin(["include", "maybe"]), "record_id"])]
    texts = fulltext.fulltext_table(ft_candidates, Path(corpus_dir) / FULLTEXT_DIR)
    paths = [
        writers.write_table(state, run_dir, STAGE, "screening_state.csv"),
        writers.write_table(included, run_dir, STAGE, "included.csv"),
        writers.write_json(counts, run_dir, STAGE, "prisma.json"),
        writers.write_table(agree, run_dir, STAGE, "agreement.csv"),
        writers.write_json(stop.to_dict(), run_dir, STAGE, "stopping.json"),
        writers.write_table(ranking, run_dir, STAGE, "ranking.csv"),
        writers.write_table(texts, run_dir, STAGE, "fulltexts.csv"),
        writers.write_table(exports.asreview_labels(recs, state), run_dir, STAGE, "asreview_labels.csv"),
        writers.write_table(events.events_frame(conn), run_dir, STAGE, "events.csv"),
    ]
    ris = exports.to_ris(included.merge(recs.drop(columns=[c for c in included.columns if c != "record_id"],
                                                  errors="ignore"), on="record_id", how="left"))
    paths.append(writers.write_text(ris, run_dir, STAGE, "included.ris"))
    paths += writers.write_figure(prisma.prisma_figure(counts, reason_labels=reason_labels(cfg, language),
                                                       language=language), run_dir, STAGE, "prisma")
    if len(agree):
        paths += writers.write_figure(agreement.agreement_figure(agree), run_dir, STAGE, "agreement")
    seq = screening_sequence(conn)
    if len(seq):
        paths += writers.write_figure(stopping.stopping_figure(seq, len(recs)), run_dir, STAGE, "stopping")
    manifest = {
        "records": int(len(recs)), "included": counts["included"], "open_conflicts": open_conflicts,
        "dual_screening": dual, "events": int(conn.execute("SELECT COUNT(*) FROM screening_events").fetchone()[0]),
        "ranker": ranker.ScreeningRanker(random_state=random_state).get_params(),
        "features": {k: v for k, v in ranker.TextFeatures().get_params().items()},
        "fulltexts_found": int(texts["found"].sum()), "fulltexts_sought": int(len(texts)),
    }
    paths.append(writers.write_json(manifest, run_dir, STAGE, "stage_manifest.json"))
    return {"prisma": counts, "stopping": stop, "open_conflicts": open_conflicts, "paths": paths}
