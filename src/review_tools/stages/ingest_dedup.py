"""Stage 01-ingest-dedup: read the protocol's literature sources, deduplicate, write the artefacts."""

from __future__ import annotations

import logging
from pathlib import Path

from ..dedup import DedupSettings, deduplicate
from ..dedup.sources import source_counts, sources_figure
from ..ingest import RECORD_COLUMNS, ingest_sources
from ..pipeline import StageRecorder, StageResult
from ..report.i18n import t
from ..report.stage_page import figure_text

log = logging.getLogger(__name__)

STAGE = "01-ingest-dedup"
DEDUPED_COLUMNS = [*RECORD_COLUMNS, "merged_ids", "sources", "n_sources"]
COUNT_COLUMNS = ["source_id", "source_name", "kind", "records", "unique_after_dedup", "in_deduped", "duplicates_removed"]


def run(cfg, corpus_dir, run_dir, *, title_probable: float | None = None, title_review: float | None = None,
        settings: DedupSettings | None = None, progress: bool = True, language: str = "en") -> StageResult:
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
    title_probable, title_review : float, optional
        Title-similarity thresholds of :class:`DedupSettings` (the notebook's parameters).
    settings : DedupSettings, optional
        All settings at once (instead of the two thresholds).
    progress : bool
        Show progress bars.
    language : str
        Language of the figure's text alternative (``fi``, ``sv``, ``en``).

    Returns
    -------
    StageResult
        Tables ``files`` (how each file was read), ``source_counts``, ``review_queue``, ``records``,
        ``deduped``, ``groups``; figure ``sources``; ``extra``: ``ingest`` and ``dedup`` results.
    """
    if settings is None:
        given = {k: v for k, v in (("title_probable", title_probable), ("title_review", title_review)) if v is not None}
        settings = DedupSettings(**given)
    rec = StageRecorder(STAGE, run_dir)
    with rec.capture():
        ing = ingest_sources(Path(corpus_dir), cfg.protocol.sources, progress=progress)
    t_ingest = rec.seconds()
    res = deduplicate(ing.records, settings)
    counts = source_counts(ing.records, res, cfg.protocol.sources)
    groups = res.duplicate_groups()
    manifest = ing.manifest()
    manifest.update({
        "warnings": list(rec.warnings),
        "unique_after_dedup": int(len(res.deduped)),
        "duplicates_removed": int(len(ing.records) - len(res.deduped)),
        "duplicate_groups": int(len(groups)),
        "groups_by_tier": groups["tier"].value_counts().to_dict(),
        "review_queue_pairs": int(len(res.review_queue)),
        "encodings": sorted(set(ing.files["encoding"])),
        "timings": {"ingest_s": round(t_ingest, 3), **res.timings},
        "settings": vars(settings),
    })
    records = ing.records[[*RECORD_COLUMNS, "original_fields"]]
    deduped = res.deduped[[c for c in DEDUPED_COLUMNS if c in res.deduped]]
    rec.write(records, "records.csv")
    rec.write(deduped, "deduped.csv")
    rec.write(groups, "groups.csv")
    rec.write(res.review_queue, "review_queue.csv")
    rec.write(counts[COUNT_COLUMNS], "source_counts.csv")
    rec.write_figure(sources_figure(counts, text=figure_text("sources", language)), "sources", alt=t("fig_sources", language))
    log.info("stage %s: %d records, %d unique", STAGE, len(ing.records), len(res.deduped))
    return rec.finish(manifest, tables={"files": ing.files, "source_counts": counts, "review_queue": res.review_queue,
                                        "records": records, "deduped": deduped, "groups": groups},
                      extra={"ingest": ing, "dedup": res})
