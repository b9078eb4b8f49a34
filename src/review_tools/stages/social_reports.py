"""Stage 04-social-reports: read, validate, pseudonymise, code and summarise the social reports (region-independent)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..config import ReviewConfig
from ..pipeline import StageRecorder, StageResult
from ..report.i18n import t
from ..social_reports import CODE_COLUMNS, code_reports, pseudonymise_reports, summarise_reports

STAGE = "04-social-reports"


def run(cfg: ReviewConfig, corpus_dir, run_dir, *, report_top_k: int = 3, language: str = "en") -> StageResult:
    """Run the social-report stage and write ``RUN/artefacts/04-social-reports/``.

    Reads every export in ``corpus_dir/social_reports/`` and validates it field by field against
    the codebook and the region key of ``corpus_dir/indicators/regions/`` (county and municipality
    codes; no indicator data is read); pseudonymises the free text with the review's pseudonymiser
    (key ``<review>/keys/pseudonyms.json``, shared with the interviews), codes the reports with
    the shared suggester and summarises them. Without a ``social_reports`` folder the tables are
    written empty (with their columns), so the later stages still run.

    Parameters
    ----------
    cfg : ReviewConfig
        The review (codebook, informants, the folder holding the pseudonym key).
    corpus_dir, run_dir : path-like
        The corpus (read-only) and this run's folder.
    report_top_k : int
        Suggested codes kept per report without human codes.
    language : str
        ``en`` or ``fi`` (figure labels).

    Returns
    -------
    StageResult
        Tables ``reports``, ``summary``, ``rejected`` (``file, row, problem``); figure ``reports_by_county``.

    Raises
    ------
    CorpusFormatError
        When an export or the region key cannot be read.
    """
    from ..readers.reference_tables import read_region_key
    from ..readers.social_reports import REPORT_COLUMNS, read_social_report_export
    from ..social_reports.figures import reports_by_county

    rec = StageRecorder(STAGE, run_dir)
    codebook = cfg.codebook
    folder = Path(corpus_dir) / "social_reports"
    pseudo_counts: dict = {}
    files: list[str] = []
    rows_read, rejected = 0, []
    with rec.capture():
        key = read_region_key(corpus_dir)
        if folder.exists():
            from ..pseudonymise import review_pseudonymiser

            mun = {c: key.county_of(c) for c in key.crosswalk["old_code"]}
            export = read_social_report_export(folder, counties=key.counties["county_code"], municipalities=mun,
                                               codes=[c.id for c in codebook.codes])
            files, rows_read, rejected = export.files, export.rows_read, export.rejected
            pseudo = review_pseudonymiser(cfg.root, informants=cfg.informants, corpus_dir=corpus_dir)
            reports, pseudo_counts = pseudonymise_reports(export.reports, pseudo)
            pseudo.save_key()
            reports = code_reports(reports, codebook, top_k=report_top_k)
        else:
            reports = pd.DataFrame(columns=[*REPORT_COLUMNS, *CODE_COLUMNS])
        summary = summarise_reports(reports)
    figs = {"reports_by_county": reports_by_county(reports, key, language=language)}
    rec.write(reports, "social_reports.csv")
    rec.write(summary, "social_report_summary.csv")
    rec.save_figures(figs, alt={"reports_by_county": t("fig_reports_by_county", language)})
    manifest = {
        "input_folder": "social_reports" if folder.exists() else "(none: corpus has no social_reports folder)",
        "input_files": files,
        "rows_read": int(rows_read),
        "accepted": int(len(reports)),
        "rejected": len(rejected),
        "rejected_rows": rejected,
        "pseudonymisation": {k: int(v) for k, v in pseudo_counts.items()},
        "code_origin": {k: int(v) for k, v in reports["code_origin"].value_counts().items()},
        "reports_by_county": {str(k): int(v) for k, v in reports["county_code"].astype(str).value_counts().sort_index().items()},
        "language": language,
        "warnings": list(rec.warnings),
        "seconds": round(rec.seconds(), 2),
    }
    rejected_table = pd.DataFrame(rejected, columns=["file", "row", "problem"])
    return rec.finish(manifest, tables={"reports": reports, "summary": summary, "rejected": rejected_table})
