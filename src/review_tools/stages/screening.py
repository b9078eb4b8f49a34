"""Stage 02-screening: open the review database, import the screening set, derive and write the artefacts."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pandas as pd

from .. import db
from ..config import ReviewConfig
from ..errors import CorpusFormatError
from ..pipeline import StageRecorder, StageResult
from ..readers import fulltexts
from ..report.i18n import TEXT, t, v
from ..report.stage_page import figure_text
from ..screening import agreement, events, exports, prisma, ranker, stopping
from ..screening.derive import (
    rank_unscreened,
    reason_labels,
    screening_sequence,
    stopping_estimate,
    to_canonical_ids,
)

log = logging.getLogger(__name__)

STAGE = "02-screening"
SEED_DECISIONS = Path("screening") / "seed_decisions.csv"
FULLTEXT_DIR = Path("fulltexts")
DECISION_COLUMNS = ("record_id", "stage", "reviewer", "decision")


def open_review_database(cfg: ReviewConfig, database: str | Path = "") -> sqlite3.Connection:
    """Open (create, migrate) the review database: ``database`` if non-empty (a path or a
    ``postgresql://`` address), else ``$REVIEW_TOOLS_DATABASE``, else the protocol's."""
    return db.connect(db.locate(database) if str(database).strip() else cfg.database_path)


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
    missing = [c for c in DECISION_COLUMNS if c not in df.columns]
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


def run(cfg: ReviewConfig, corpus_dir, run_dir, *, database: str = "", seed: int = 0, recall_target: float = 0.95,
        language: str = "en") -> StageResult:
    """Import the deduplicated records into the review database, derive where screening stands, write the artefacts.

    Writes ``screening_state.csv``, ``included.csv``, ``included.ris``, ``prisma.json/svg/png``,
    ``agreement.csv`` (+ figure), ``stopping.json`` (+ figure), ``ranking.csv``, ``fulltexts.csv``,
    ``asreview_labels.csv``, ``events.csv`` and ``stage_manifest.json``.

    Parameters
    ----------
    cfg : ReviewConfig
        The review.
    corpus_dir, run_dir : path-like
        The corpus (``screening/seed_decisions.csv``, ``fulltexts/``) and this run's folder.
    database : str
        Review database; empty for the protocol's.
    seed : int
        Random state of the ranker.
    recall_target : float
        Recall the stopping rule aims at.
    language : str
        Language of the PRISMA diagram.

    Returns
    -------
    StageResult
        Tables ``state``, ``state_counts``, ``conflicts_title_abstract``, ``conflicts_full_text``,
        ``agreement``, ``ranking``; figures ``prisma``, ``stopping`` (and ``agreement``);
        ``extra``: ``conn``, ``prisma_counts``, ``stopping_estimate``, ``open_conflicts``, ``imported``.
    """
    rec = StageRecorder(STAGE, run_dir)
    conn = open_review_database(cfg, database)
    # the screening set needs ids and titles; the other bibliographic columns are stored when present
    records = rec.read("01-ingest-dedup/deduped.csv", need=("record_id", "title"), dtype=str).fillna("")
    new_records = events.import_records(conn, records)
    new_events = import_seed_decisions(conn, corpus_dir, cfg)
    imported = t("s02_imported", language, n=len(records), new=new_records, events=new_events)
    ranking = rank_unscreened(conn, random_state=seed)
    source_counts = rec.read("01-ingest-dedup/source_counts.csv", optional=True, need=("source_name", "records"))
    if source_counts is None:
        log.info("no 01-ingest-dedup/source_counts.csv: PRISMA identification counts the screening set only")
    dual = {s.id: s.dual_screening for s in cfg.protocol.stages}
    recs = events.records_frame(conn)
    state = events.screening_state(conn, protocol=cfg.protocol)
    counts = prisma.prisma_counts(state, source_counts)
    decisions = pd.concat([events.reviewer_decisions(conn, s) for s in events.STAGES], ignore_index=True)
    agree = agreement.agreement_table(decisions)
    stop = stopping_estimate(conn, recall_target=recall_target)
    conflicts = {s: events.conflicts(conn, s) for s in events.STAGES}
    open_conflicts = {s: int(len(c.drop_duplicates("record_id"))) for s, c in conflicts.items()}
    included = exports.included_table(state, recs)
    ft_candidates = recs[recs["record_id"].isin(state.loc[state["ta_decision"].isin(["include", "maybe"]), "record_id"])]
    texts = fulltexts.fulltext_table(ft_candidates, Path(corpus_dir) / FULLTEXT_DIR)
    rec.write(state, "screening_state.csv")
    rec.write(included, "included.csv")
    rec.write(counts, "prisma.json")
    rec.write(agree, "agreement.csv")
    rec.write(stop.to_dict(), "stopping.json")
    rec.write(ranking, "ranking.csv")
    rec.write(texts, "fulltexts.csv")
    rec.write(exports.asreview_labels(recs, state), "asreview_labels.csv")
    rec.write(events.events_frame(conn), "events.csv")
    ris = exports.to_ris(included.merge(recs.drop(columns=[c for c in included.columns if c != "record_id"],
                                                  errors="ignore"), on="record_id", how="left"))
    rec.write(ris, "included.ris")
    reasons = {"unspecified": v("unspecified", language), **reason_labels(cfg, language)}
    box_text = {k[3:]: t(k, language) for k in TEXT["en"] if k.startswith("pf_")}
    rec.write_figure(prisma.prisma_figure(counts, reason_labels=reasons, text=box_text), "prisma",
                     alt=t("prisma_alt", language))
    if len(agree):
        rec.write_figure(agreement.agreement_figure(agree, text=figure_text("agreement", language),
                                                    stage_labels={s: v(s, language) for s in agree["stage"]}),
                         "agreement", alt=t("fig_agreement", language))
    seq = screening_sequence(conn)
    if len(seq):
        rec.write_figure(stopping.stopping_figure(seq, len(recs), recall_target=recall_target,
                                                  text=figure_text("stopping", language)), "stopping",
                         alt=t("fig_stopping", language))
    manifest = {
        "records": int(len(recs)), "included": counts["included"], "open_conflicts": open_conflicts,
        "dual_screening": dual, "events": int(conn.execute("SELECT COUNT(*) FROM screening_events").fetchone()[0]),
        "ranker": ranker.ScreeningRanker(random_state=seed).get_params(),
        "features": {k: v for k, v in ranker.TextFeatures().get_params().items()},
        "fulltexts_found": int(texts["found"].sum()), "fulltexts_sought": int(len(texts)),
    }
    state_counts = (state.groupby(["ta_status", "ta_decision", "ft_decision", "final"], dropna=False).size()
                    .rename("records").reset_index())
    tables = {"state": state, "state_counts": state_counts, "agreement": agree, "ranking": ranking,
              "included": included, **{f"conflicts_{s}": c for s, c in conflicts.items()}}
    return rec.finish(manifest, tables=tables, extra={
        "conn": conn, "prisma_counts": counts, "stopping_estimate": stop, "open_conflicts": open_conflicts, "imported": imported})


def screening_view(result: StageResult, cfg: ReviewConfig, reviewer: str = "", *, seed: int = 0,
                   language: str = "en", stage: str = "title_abstract"):
    """The screening view (ipywidgets) on the stage's database for ``reviewer``, checked against the
    protocol (empty: ``REVIEW_TOOLS_REVIEWER``, else a note listing the valid ids)."""
    from ..screening import widget

    return widget.screening_view(cfg, reviewer, widget.database_path(result.extra["conn"]), stage=stage,
                                 language=language, random_state=seed)
