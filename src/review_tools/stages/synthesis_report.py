"""Stage 07-synthesis-report: the synthesis of every stream, the recommendations report and the follow-up.

Its artefacts go to ``RUN/artefacts/07-synthesis/``; the runner renders the notebook's output (the
report's sections) into ``RUN/report.html``. The stage also records the run's monitoring values
(``monitoring_values.csv``), compares them with those of the earlier finished runs in the same
outputs folder (``follow_up.csv``, ``follow_up.png``) and writes the welfare-report part on a page of
its own (``welfare_report.html``).
"""

from __future__ import annotations

import dataclasses
import warnings
from pathlib import Path

import pandas as pd

from .. import writers
from ..config import ReviewConfig
from ..errors import ReviewToolsWarning, StageInputError
from ..pipeline import StageRecorder, StageResult, read_artefact
from ..run_folders import finished_runs
from ..synthesis.artefacts import (
    OPTIONAL,
    REQUIRED,
    STAGES,
    WHEN_CONFIGURED,
    Artefacts,
    check_columns,
)

STAGE = "07-synthesis-report"

__all__ = ["STAGE", "cerqual_events", "confirm_finding", "earlier_values", "load_artefacts", "run"]


def load_artefacts(run_dir: str | Path) -> Artefacts:
    """Read the artefacts of stages 01-06 from ``run_dir`` (through :mod:`review_tools.writers`).

    Parameters
    ----------
    run_dir : str or Path
        The run folder (``RUN``) whose ``artefacts/`` the earlier notebooks wrote.

    Returns
    -------
    Artefacts

    Raises
    ------
    StageInputError
        When a required artefact is missing (naming the stage that writes it) or lacks a column.
    """
    tables: dict[str, pd.DataFrame] = {}
    missing: list[str] = []
    for (stage, name), cols in REQUIRED.items():
        try:
            df = writers.read_table(run_dir, stage, name, dtype=str)
        except FileNotFoundError as exc:
            raise StageInputError(str(exc)) from exc
        check_columns(df, cols, f"{stage}/{name}")
        tables[f"{stage}/{name}"] = df
    for stage, name in OPTIONAL:
        try:
            tables[f"{stage}/{name}"] = writers.read_table(run_dir, stage, name, dtype=str)
        except FileNotFoundError:
            missing.append(f"{stage}/{name}")
    for stage, name in WHEN_CONFIGURED:
        try:
            tables[f"{stage}/{name}"] = writers.read_table(run_dir, stage, name, dtype=str)
        except FileNotFoundError:
            pass
    prisma = None
    try:
        prisma = writers.read_json(run_dir, "02-screening", "prisma.json")
    except FileNotFoundError:
        missing.append("02-screening/prisma.json")
    stopping = None
    try:
        stopping = writers.read_json(run_dir, "02-screening", "stopping.json")
    except FileNotFoundError:
        missing.append("02-screening/stopping.json")
    image = None
    for ext, mime in (("svg", "image/svg+xml"), ("png", "image/png")):
        try:
            image = (mime, writers.read_bytes(run_dir, "02-screening", f"prisma.{ext}"))
            break
        except FileNotFoundError:
            continue
    if image is None:
        missing.append("02-screening/prisma.svg")
    manifests = {}
    for stage in STAGES:
        try:
            manifests[stage] = writers.read_json(run_dir, stage, "stage_manifest.json")
        except FileNotFoundError:
            pass
    try:
        manifest = writers.read_run_json(run_dir, "manifest.json")
    except FileNotFoundError:
        manifest = None
    return Artefacts(tables, prisma, image, manifests, manifest, tuple(missing), stopping)


def earlier_values(run_dir) -> list[tuple[str, object]]:
    """``(run name, monitoring_values.csv)`` of every earlier finished run beside ``run_dir``, oldest first
    (runs without the table, e.g. made before it existed, are skipped; one that cannot be read is left out
    with a warning naming it)."""
    run_dir = Path(run_dir)
    out = []
    for r in finished_runs(run_dir.parent, exclude=run_dir.name):
        try:
            df = read_artefact(r["path"], "07-synthesis-report/monitoring_values.csv", optional=True, dtype=str,
                               need=("indicator", "region", "year", "value", "baseline_year", "baseline"))
        except (StageInputError, ValueError, OSError) as exc:
            warnings.warn(f"the monitoring values of the earlier run '{r['name']}' cannot be read ({exc}); it is left "
                          "out of the follow-up", ReviewToolsWarning, stacklevel=2)
            continue
        if df is not None:
            out.append((r["name"], df))
    return out


def cerqual_events(cfg: ReviewConfig):
    """The team's GRADE-CERQual confirmations in the review database (None when it does not exist yet)."""
    from .. import db
    from ..extraction import assessment_events

    path = cfg.database_path
    if not db.exists(path):
        return None
    conn = db.connect(path, readonly=True)
    try:
        return assessment_events(conn, "cerqual") if db.schema_version(conn) >= 2 else None
    finally:
        conn.close()


def confirm_finding(cfg: ReviewConfig, finding_id: str, reviewer: str, *, methodological_limitations: str,
                    coherence: str, adequacy: str, relevance: str, overall: str, explanation: str = "",
                    database: str = "") -> list[int]:
    """Save the team's confirmed GRADE-CERQual assessment of a finding in the review database (one transaction).

    It replaces the tool's proposal in the report from the next run on (a later confirmation replaces an
    earlier one). Levels: ``no_or_very_minor``, ``minor``, ``moderate``, ``serious``; ``overall``: ``high``,
    ``moderate``, ``low``, ``very_low``.

    Raises
    ------
    ValueError
        An unknown finding, reviewer or level, naming the valid ones; nothing is saved then.
    """
    from .. import db
    from ..extraction import add_assessment_events
    from ..extraction.tables import check_cerqual

    reviewers = [r.id for r in cfg.protocol.reviewers]
    if reviewer not in reviewers:
        raise ValueError(f"reviewer '{reviewer}' is not in the protocol; valid: {', '.join(reviewers)}")
    ids = [f.id for f in cfg.findings.findings] if cfg.findings else []
    values = dict(methodological_limitations=methodological_limitations, coherence=coherence, adequacy=adequacy,
                  relevance=relevance, overall=overall, explanation=explanation)
    events = [{"kind": "cerqual", "subject_id": finding_id, "field": k, "value": check_cerqual(ids, finding_id, k, v),
               "reviewer": reviewer} for k, v in values.items()]
    return add_assessment_events(db.connect(db.locate(database) if database else cfg.database_path), events)


def run(cfg: ReviewConfig, corpus_dir, run_dir, *, region: str = "5", period: str = "2011-2020", language: str = "en",
        parameters: dict | None = None) -> StageResult:
    """Synthesise the artefacts of stages 01-06, follow up the monitoring indicators, build the report's sections.

    Parameters
    ----------
    cfg : ReviewConfig
        The review (recommendation framework, codebook, indicators).
    corpus_dir, run_dir : path-like
        The corpus (hashed for the provenance appendix when the run has no manifest) and this run's folder.
    region, period, language : str
        The run's region, period and report language.
    parameters : dict, optional
        The parameters shown in the report's description (default: the folders and these three).

    Returns
    -------
    StageResult
        Tables ``evidence_matrix``, ``recommendations``, ``monitoring``, ``monitoring_values``, ``follow_up``
        (and ``findings``); ``extra``: ``synthesis`` (the SynthesisResult), ``artefacts`` and ``sections`` (the
        report, for ``report.display_sections``).
    """
    from .. import report, synthesis
    from .._config_region_scope import scope_key_records
    from ..scopes import run_scope

    rec = StageRecorder(STAGE, run_dir)
    artefacts = load_artefacts(run_dir)
    with rec.capture():
        indicator_data = rec.read("05-indicator-data/indicator_data.csv", optional=True, dtype=str,
                                  need=("indicator_id", "region_code", "year", "value"))
        history = earlier_values(run_dir)
    # the municipality key tells which county a municipality-scoped item belongs to
    scope = run_scope(region, scope_key_records(corpus_dir))
    result = synthesis.synthesise(cfg.recommendations, cfg.codebook, cfg.indicators, artefacts, region, period, language,
                                  scope=scope, indicator_data=indicator_data, history=history,
                                  count_suggestions=cfg.protocol.evidence.count_suggestions)
    if cfg.findings is not None:
        from ..synthesis.findings import run_findings

        # the findings of this run's region, its county's and national ones (region scope, issue 13 part 5)
        shown = cfg.findings.model_copy(update={"findings": [f for f in cfg.findings.findings if scope.shows(f.region)]})
        result = dataclasses.replace(result, findings=run_findings(
            shown, result.units, artefacts, region, period, region_name=result.region_name,
            checklist=cfg.appraisal_checklist(), events=cerqual_events(cfg)))
    tables = {"evidence_matrix": result.matrix, "recommendations": result.recommendations_table(language),
              "monitoring": result.monitoring, "monitoring_values": result.values, "follow_up": result.follow_up}
    if result.findings is not None:
        tables["findings"] = result.findings.table(language)
    for name, table in tables.items():
        rec.write(table, f"{name}.csv")
    if parameters is None:
        parameters = dict(review_dir=str(cfg.root), corpus_dir=str(corpus_dir), run_dir=str(run_dir), region=region,
                          period=period, language=language)
    fig = report.follow_up_figure(result, cfg, language)
    if fig is not None:
        rec.write_figure(fig, "follow_up", formats=("png",), alt=report.follow_up_alt(result, cfg, language))
    provenance = report.collect_provenance(artefacts, cfg.root, corpus_dir)
    sections = report.build_sections(cfg, artefacts, result, language=language, parameters=parameters,
                                     provenance=provenance, municipality_names=_municipality_names(corpus_dir, language))
    rec.write(report.render_welfare_page(cfg, result, language=language), "welfare_report.html")
    # the reporter groups' feedback pages: this run's region's reports only (a batch shares stage 04, not these)
    from ..report.social_loop import feedback_file, feedback_pages

    pages = {g: rec.write(html, feedback_file(g))
             for g, html in feedback_pages(cfg, result.inputs.reports, language).items()}
    return rec.finish(None, tables=tables, extra={"synthesis": result, "artefacts": artefacts, "sections": sections,
                                                  "feedback_pages": pages})


def _municipality_names(corpus_dir, language: str) -> dict[str, str]:
    """Municipality code -> name of the corpus's region key (empty when the corpus has no key)."""
    if not (Path(corpus_dir) / "indicators" / "regions").is_dir():
        return {}
    from ..readers.reference_tables import read_region_key

    return read_region_key(corpus_dir).municipality_names(language)
