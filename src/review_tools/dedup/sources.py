"""Stage 01-ingest-dedup: read the protocol's sources, deduplicate, write the artefacts."""

from __future__ import annotations

import logging
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import writers
from ..errors import ReviewToolsWarning
from ..ingest import RECORD_COLUMNS, IngestResult, ingest_sources
from ._match import DedupSettings
from .core import DedupResult, deduplicate

log = logging.getLogger(__name__)

STAGE = "01-ingest-dedup"
DEDUPED_COLUMNS = [*RECORD_COLUMNS, "merged_ids", "sources", "n_sources"]


@dataclass
class StageResult:
    """Everything stage 01 produced (also written as artefacts)."""

    ingest: IngestResult
    dedup: DedupResult
    source_counts: pd.DataFrame
    manifest: dict


def source_counts(records: pd.DataFrame, result: DedupResult, sources=None) -> pd.DataFrame:
    """Records per source and how many of them are unique after deduplication.

    ``unique_after_dedup`` counts the source's records that are the only record of their work
    or the canonical record of a group (so the column sums to the number of unique works).
    Also ``in_deduped`` (unique works the source contributed to) and ``duplicates_removed``.
    """
    kinds = {s.id: s.kind for s in sources} if sources is not None else {}
    names = {s.id: s.name for s in sources} if sources is not None else {}
    canonical = set(result.deduped["record_id"].astype(str))
    rec = records.assign(_canon=records["record_id"].astype(str).isin(canonical))
    contributed = {}
    for srcs in result.deduped["sources"].astype(str):
        for s in set(srcs.split(";")):
            contributed[s] = contributed.get(s, 0) + 1
    rows = []
    for sid, g in rec.groupby("source_id", sort=False):
        rows.append({
            "source_id": sid,
            "source_name": names.get(sid, g["source_name"].iloc[0] if "source_name" in g else sid),
            "kind": kinds.get(sid, ""),
            "records": int(len(g)),
            "unique_after_dedup": int(g["_canon"].sum()),
            "in_deduped": int(contributed.get(str(sid), 0)),
            "duplicates_removed": int(len(g) - g["_canon"].sum()),
        })
    return pd.DataFrame(rows, columns=["source_id", "source_name", "kind", "records", "unique_after_dedup",
                                       "in_deduped", "duplicates_removed"])


def sources_figure(counts: pd.DataFrame, title: str = "Records per source and duplicates removed"):
    """Horizontal bars: records per source, split into kept (canonical) and removed duplicates."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    c = counts.iloc[::-1]
    fig = Figure(figsize=(8, 0.45 * len(c) + 1.6))
    ax = fig.add_subplot(111)
    labels = c["source_id"].astype(str).tolist()
    ax.barh(labels, c["unique_after_dedup"], color="#3b75af", label="kept (unique work)")
    ax.barh(labels, c["duplicates_removed"], left=c["unique_after_dedup"], color="#e8a33d",
            label="removed as duplicate")
    for y, (n, u) in enumerate(zip(c["records"], c["unique_after_dedup"], strict=False)):
        ax.text(n, y, f" {n} ({n - u} dup.)", va="center", fontsize=8)
    ax.set_xlabel("records")
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize=8)
    ax.set_xlim(0, max(1, c["records"].max()) * 1.25)
    fig.tight_layout()
    return fig


def run_stage(cfg, corpus_dir, run_dir, settings: DedupSettings | None = None, progress: bool = True) -> StageResult:
    """Read every literature source of the protocol, deduplicate, and write the stage's artefacts.

    Writes ``records.csv, deduped.csv, groups.csv, review_queue.csv, source_counts.csv``,
    ``sources.png/.svg`` and ``stage_manifest.json`` (counts per file, encodings, skips,
    warnings, timings) under ``run_dir/artefacts/01-ingest-dedup/``.

    Parameters
    ----------
    cfg : review_tools.config.ReviewConfig
        The loaded review (``cfg.protocol.sources`` lists the export files).
    corpus_dir, run_dir : str or Path
        Input corpus folder and this run's folder.
    settings : DedupSettings, optional
    progress : bool
        Show progress bars.

    Returns
    -------
    StageResult
    """
    t0 = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReviewToolsWarning)
        ing = ingest_sources(Path(corpus_dir), cfg.protocol.sources, progress=progress)
    for w in caught:
        if not issubclass(w.category, ReviewToolsWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    t_ingest = time.perf_counter() - t0
    res = deduplicate(ing.records, settings)
    counts = source_counts(ing.records, res, cfg.protocol.sources)
    groups = res.duplicate_groups()
    manifest = ing.manifest()
    manifest.update({
        "warnings": [str(w.message) for w in caught if issubclass(w.category, ReviewToolsWarning)],
        "unique_after_dedup": int(len(res.deduped)),
        "duplicates_removed": int(len(ing.records) - len(res.deduped)),
        "duplicate_groups": int(len(groups)),
        "groups_by_tier": groups["tier"].value_counts().to_dict(),
        "review_queue_pairs": int(len(res.review_queue)),
        "encodings": sorted(set(ing.files["encoding"])),
        "timings": {"ingest_s": round(t_ingest, 3), **res.timings},
        "settings": vars(settings or DedupSettings()),
    })
    writers.write_table(ing.records[[*RECORD_COLUMNS, "original_fields"]], run_dir, STAGE, "records.csv")
    writers.write_table(res.deduped[[c for c in DEDUPED_COLUMNS if c in res.deduped]], run_dir, STAGE, "deduped.csv")
    writers.write_table(groups, run_dir, STAGE, "groups.csv")
    writers.write_table(res.review_queue, run_dir, STAGE, "review_queue.csv")
    writers.write_table(counts[["source_id", "source_name", "kind", "records", "unique_after_dedup",
                                "in_deduped", "duplicates_removed"]], run_dir, STAGE, "source_counts.csv")
    writers.write_figure(sources_figure(counts), run_dir, STAGE, "sources")
    writers.write_json(manifest, run_dir, STAGE, "stage_manifest.json")
    log.info("stage %s: %d records, %d unique", STAGE, len(ing.records), len(res.deduped))
    return StageResult(ingest=ing, dedup=res, source_counts=counts, manifest=manifest)
