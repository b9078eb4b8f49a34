"""Stage 04-social-reports: read, validate, pseudonymise, code and summarise the social reports (region-independent).

Besides the reports and their summary it closes the reporting loop: breakdowns by need category,
municipality, half-year and processing status (tables and figures), process indicators and what each reporter
group reported (counts). The feedback page of each reporter group holds the reports of a run's region only, so
the region-dependent report stage writes it (``07-synthesis/feedback_<group>.html``); this stage is shared by
the runs of a batch.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..config import ReviewConfig
from ..pipeline import StageRecorder, StageResult
from ..report.i18n import t
from ..report.social_loop import breakdown_figures, phenomenon_labels
from ..social_reports import CODE_COLUMNS, code_reports, pseudonymise_reports, summarise_reports
from ..social_reports.loop import breakdowns, feedback, process_indicators

STAGE = "04-social-reports"


def run(cfg: ReviewConfig, corpus_dir, run_dir, *, report_top_k: int = 3, language: str = "en") -> StageResult:
    """Run the social-report stage and write ``RUN/artefacts/04-social-reports/``.

    Reads every export in ``corpus_dir/social_reports/`` (exports with other column names through the
    review's ``social_report_columns.yaml``) and validates it field by field against
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
        ``en``, ``fi`` or ``sv`` (figure labels, phenomenon labels).

    Returns
    -------
    StageResult
        Tables ``reports``, ``summary``, ``rejected`` (``file, row, problem``), ``breakdowns``, ``process``,
        ``feedback``; figures ``reports_by_county`` and ``reports_by_<dimension>``; ``extra``:
        ``phenomenon_labels`` (phenomenon key -> label in ``language``).

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
                                               codes=[c.id for c in codebook.codes], columns=cfg.social_report_columns)
            files, rows_read, rejected = export.files, export.rows_read, export.rejected
            pseudo = review_pseudonymiser(cfg.root, informants=cfg.informants, corpus_dir=corpus_dir)
            reports, pseudo_counts = pseudonymise_reports(export.reports, pseudo)
            pseudo.save_key()
            reports = code_reports(reports, codebook, top_k=report_top_k)
        else:
            reports = pd.DataFrame(columns=[*REPORT_COLUMNS, *CODE_COLUMNS])
        summary = summarise_reports(reports)
        loop_tables = {"breakdowns": breakdowns(reports), "process": process_indicators(reports),
                       "feedback": feedback(reports, cfg.indicators, cfg.recommendations)}
    names = key.municipality_names(language)
    figs = {"reports_by_county": reports_by_county(reports, key, language=language)}
    alt = {"reports_by_county": t("fig_reports_by_county", language)}
    for dim, fig in breakdown_figures(loop_tables["breakdowns"], language, names).items():
        title = t(f"loop_by_{dim}", language)
        figs[f"reports_by_{dim}"], alt[f"reports_by_{dim}"] = fig, t("loop_fig_alt", language, title=title)
    rec.write(reports, "social_reports.csv")
    rec.write(summary, "social_report_summary.csv")
    for name, table in loop_tables.items():
        rec.write(table, f"social_report_{name}.csv")
    rec.save_figures(figs, alt=alt)
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
        "share_processed": _whole(loop_tables["process"], "share_processed"),
        "share_fed_back": _whole(loop_tables["process"], "share_fed_back"),
        "language": language,
        "warnings": list(rec.warnings),
        "seconds": round(rec.seconds(), 2),
    }
    rejected_table = pd.DataFrame(rejected, columns=["file", "row", "problem"])
    return rec.finish(manifest, tables={"reports": reports, "summary": summary, "rejected": rejected_table, **loop_tables},
                      extra={"phenomenon_labels": phenomenon_labels(cfg, reports, language)})


def _whole(process: pd.DataFrame, column: str) -> float | None:
    """The whole period's value of a process indicator (None when not recorded)."""
    hit = process[(process["unit"] == "all") & (process["half_year"] == "all")]
    return None if hit.empty or pd.isna(hit[column].iloc[0]) else float(hit[column].iloc[0])


def feedback_labels(cfg: ReviewConfig, language: str) -> dict[str, dict[str, str]]:
    """``{kind: {item: label}}`` of the feedback items in ``language``: themes (codebook labels), indicators
    (titles) and recommendations (statements)."""
    return {"theme": {c.id: c.label.get(language) for c in cfg.codebook.codes},
            "indicator": {i.id: i.title.get(language) for i in cfg.indicators.indicators},
            "recommendation": {r.id: r.statement.get(language) for r in cfg.recommendations.recommendations}}


def report_coding_view(cfg: ReviewConfig, result: StageResult, coder: str = "", database: str = "", *,
                       language: str = "en"):
    """The coding view on the social reports: mark what a report describes (its direction in the synthesis,
    instead of the form's observation type), confirm suggested codes or add codes, as for interview segments.

    ``coder`` empty: ``REVIEW_TOOLS_CODER``, else a note listing the protocol's coders (as in batch runs).
    The events go to the review database; stage 03 of the next run reads them.
    """
    from ..coding.widget import coding_view as view
    from ..db import locate

    reports = result.tables["reports"]
    texts = reports[[c for c in ("phenomenon_title", "description") if c in reports.columns]].fillna("").astype(str)
    units = pd.DataFrame({"unit_id": reports["report_id"].astype(str), "unit_type": "report",
                          "text": texts.agg("\n".join, axis=1) if len(texts.columns) else ""})
    rows = []
    for rid, codes, scores, reasons in zip(reports["report_id"], reports["suggested_codes"],
                                           reports.get("suggestion_scores", pd.Series("", index=reports.index)),
                                           reports["suggestion_reasons"], strict=True):
        score = [float(x) for x in str(scores or "").split(";") if x.strip()]
        why = str(reasons or "").split(" | ")
        for k, code in enumerate(c for c in str(codes or "").split(";") if c):
            rows.append({"unit_id": str(rid), "code": code, "score": score[k] if k < len(score) else 0.0,
                         "reason": why[k] if k < len(why) else ""})
    suggestions = pd.DataFrame(rows, columns=["unit_id", "code", "score", "reason"])
    return view(cfg, units, suggestions, coder, locate(database) if database else None, language=language)
