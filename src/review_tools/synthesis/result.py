"""The synthesis of one run and region, and its three tables (``07-synthesis/``)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..config import Codebook, IndicatorSet, Recommendation, RecommendationFramework, ReviewConfig
from ..errors import StageInputError
from ..scopes import RunScope, run_scope
from .artefacts import Artefacts
from .drafts import draft_recommendations
from .evidence import evidence_matrix, evidence_units, suggestion_units, unknown_codes
from .follow_up import follow_up_table, monitoring_values
from .links import NO_REGION_DATA, Problem, resolve_evidence, resolve_link
from .monitoring import monitoring_table, region_series
from .report_inputs import ReportInputs, report_inputs
from .scope import recommendation_relation
from .vocabulary import normalise_region, region_name

__all__ = ["STAGE", "SynthesisResult", "synthesise", "synthesise_review"]

STAGE = "07-synthesis"


@dataclass(frozen=True)
class SynthesisResult:
    """Everything the synthesis computed for one run (and region).

    Attributes
    ----------
    region, region_name, period : str
    units : DataFrame
        :func:`evidence_units`.
    matrix : DataFrame
        :func:`evidence_matrix`.
    recommendations : list of Recommendation
        Team recommendations (framework order) followed by drafts.
    drafts : tuple of str
        Ids of the drafts.
    evidence : DataFrame
        Resolved links of all recommendations (:func:`resolve_link` fields).
    monitoring : DataFrame
        :func:`monitoring_table`.
    warnings : tuple of Problem
        Non-blocking problems, printed in the report.
    inputs : ReportInputs
        What the report shows beside the synthesis: the artefacts as loaded, the region's profile,
        social reports and their half-years, the interview sample and the screening status.
    scope : RunScope or None
        The run's region scope: which recommendations, interviews and social reports it shows.
    n_other_region : int
        Team recommendations written for other regions (not shown).
    values : DataFrame
        The run's monitoring values (:func:`~review_tools.synthesis.follow_up.monitoring_values`).
    follow_up : DataFrame
        :func:`~review_tools.synthesis.follow_up.follow_up_table` against ``history``.
    history : tuple of (str, DataFrame)
        Earlier runs' monitoring values, oldest first.
    series : DataFrame
        The region's yearly values of the monitoring indicators (``indicator_id, year, value``).
    findings : FindingsResult or None
        The team's findings with their GRADE-CERQual assessment (``synthesis.findings.run_findings``).
    suggestions : DataFrame or None
        :func:`suggestion_units`: the code suggestions no coder confirmed (the report's appendix).
    count_suggestions : bool
        Whether the protocol opted in to counting them as evidence (the report then says so).
    """

    region: str
    region_name: str
    period: str
    units: pd.DataFrame
    matrix: pd.DataFrame
    recommendations: tuple[Recommendation, ...]
    drafts: tuple[str, ...]
    evidence: pd.DataFrame
    monitoring: pd.DataFrame
    warnings: tuple[Problem, ...]
    inputs: ReportInputs
    scope: RunScope | None = None
    n_other_region: int = 0
    values: pd.DataFrame | None = None
    follow_up: pd.DataFrame | None = None
    history: tuple = ()
    series: pd.DataFrame | None = None
    #: :class:`~review_tools.synthesis.findings.FindingsResult` when the review has findings (set by stage 07)
    findings: object = None
    suggestions: pd.DataFrame | None = None
    count_suggestions: bool = False

    def relation(self, rec: Recommendation) -> str:
        """``local``, ``county`` or ``national``: whom a shown recommendation is written for, seen from this run
        (a draft is drafted from this run's evidence: local)."""
        if rec.id in self.drafts:
            return "local"
        return recommendation_relation(rec, self.scope or run_scope(self.region)) or "local"

    def recommendations_table(self, language: str = "en") -> pd.DataFrame:
        """One row per recommendation, as written to ``recommendations.csv``."""
        rows = []
        for rec in self.recommendations:
            ev = self.evidence[self.evidence["recommendation_id"] == rec.id]
            ok = ev[ev["ok"].astype(bool)]
            warn = [p.message for p in self.warnings if f"(id '{rec.id}')" in p.where or p.where == f"draft {rec.id}"]
            rows.append({
                "recommendation_id": rec.id, "status": "draft" if rec.id in self.drafts else "team",
                "theme": rec.theme, "statement": rec.statement.get(language),
                "actor": "" if rec.id in self.drafts else "; ".join(rec.actor),
                "timeframe": "" if rec.id in self.drafts else rec.timeframe,
                "resources": _local(rec.resources, language), "risks": _local(rec.risks, language),
                "evidence": "; ".join(f"{t}:{i}" for t, i in zip(ok["type"], ok["resolved_id"], strict=True)),
                "n_evidence": len(ok), "unresolved": "; ".join(ev.loc[~ev["ok"].astype(bool), "ref"]),
                "allow_without_evidence": rec.allow_without_evidence, "warnings": " | ".join(warn),
                "region": "" if rec.id in self.drafts else str((self.scope or run_scope(self.region)).parse(rec.region)), "relation": self.relation(rec),
            })
        return pd.DataFrame(rows, columns=[
            "recommendation_id", "status", "theme", "statement", "actor", "timeframe", "resources", "risks",
            "evidence", "n_evidence", "unresolved", "allow_without_evidence", "warnings", "region", "relation"])


def synthesise(
    framework: RecommendationFramework, codebook: Codebook, indicators: IndicatorSet, artefacts: Artefacts,
    region: str, period: str, language: str = "en", scope: RunScope | None = None, *,
    indicator_data: pd.DataFrame | None = None, history: list | None = None, count_suggestions: bool = False,
) -> SynthesisResult:
    """Run the whole synthesis: units, matrix, evidence resolution, drafts, monitoring.

    Parameters
    ----------
    framework, codebook, indicators
        From the review configuration (``load_review(...).recommendations`` etc.).
    artefacts : Artefacts
        From :func:`review_tools.stages.synthesis_report.load_artefacts` (or built in memory).
    region : str
        Region code of the run (``SSS`` for the whole country).
    period : str
        ``"Y1-Y2"``.
    language : str
        Language of labels in the matrix.
    scope : RunScope, optional
        The run's region scope (:func:`review_tools.scopes.run_scope` with the municipality key; default from
        ``region`` alone). Only the recommendations, interviews and social reports of the run's own region, of the
        county of a municipal run and national ones are shown and counted.
    indicator_data : DataFrame, optional
        ``05-indicator-data/indicator_data.csv`` (the baseline years' values and the data vintage).
    history : list of (str, DataFrame), optional
        Earlier runs' ``monitoring_values.csv`` (same outputs folder), oldest first.
    count_suggestions : bool
        Count unreviewed code suggestions as evidence (the protocol's ``evidence: count_suggestions``).

    Returns
    -------
    SynthesisResult

    Raises
    ------
    StageInputError
        Listing every blocking problem, each naming its framework entry.
    """
    scope = scope or run_scope(region)
    units = evidence_units(artefacts, codebook, region, period, scope=scope, count_suggestions=count_suggestions)
    matrix = evidence_matrix(units, codebook, language)
    team = [r for r in framework.recommendations if recommendation_relation(r, scope) is not None]
    shown = {r.id for r in team}
    evidence, problems = resolve_evidence(framework, artefacts, codebook, indicators, region, period, matrix, only=shown)
    # a theme is covered by the recommendations this run shows; another region's do not cover it here
    drafts = draft_recommendations(matrix, units, framework.model_copy(update={"recommendations": team}), codebook,
                                   artefacts)
    draft_ids = tuple(d.id for d in drafts)
    for d in drafts:
        for j, link in enumerate(d.evidence):
            res = resolve_link(link, artefacts, codebook, indicators, region, period, matrix)
            evidence.loc[len(evidence)] = {"recommendation_id": d.id, "position": j, **res}
            if not res["ok"]:
                problems.append(Problem(f"draft {d.id}.evidence[{j}]", res["problem"], blocking=False,
                                        kind=NO_REGION_DATA if res["no_region_data"] else "",
                                        subject=link.ref if res["no_region_data"] else ""))
    recs = [*team, *drafts]
    series = region_series(indicator_data, region)
    history = [(name, df) for name, df in (history or ())]
    monitoring, mproblems = monitoring_table(recs, framework, indicators, artefacts, region, period, drafts=draft_ids,
                                             series=series, history=history)
    problems += mproblems
    blocking = [p for p in problems if p.blocking]
    if blocking:
        n = len(blocking)
        raise StageInputError(
            f"The recommendation framework has {n} problem{'s' if n != 1 else ''} for region {region}, {period}:\n"
            + "\n".join(f"  - {p}" for p in blocking)
        )
    values = monitoring_values(monitoring, normalise_region(region), series)
    unknown = unknown_codes(artefacts, codebook)
    warnings = [p for p in problems if not p.blocking]
    if unknown:
        warnings.append(Problem("03-coding/codings.csv", f"codes not in the codebook were left out: {', '.join(unknown)}",
                                blocking=False))
    return SynthesisResult(
        region=normalise_region(region), region_name=region_name(artefacts.table("06-regional-profile", "profile.csv"), region),
        period=period, units=units, matrix=matrix, recommendations=tuple(recs), drafts=draft_ids,
        evidence=evidence, monitoring=monitoring, warnings=tuple(warnings),
        inputs=report_inputs(artefacts, units, region, period, scope), scope=scope,
        n_other_region=len(framework.recommendations) - len(team),
        values=values,
        follow_up=follow_up_table(values, history), history=tuple(history),
        series=series[series["indicator_id"].isin(set(monitoring["indicator"]))].reset_index(drop=True),
        suggestions=suggestion_units(artefacts, codebook, region, scope), count_suggestions=count_suggestions,
    )


def synthesise_review(cfg: ReviewConfig, artefacts: Artefacts, region: str, period: str,
                      language: str = "en", scope: RunScope | None = None) -> SynthesisResult:
    """:func:`synthesise` with the framework, codebook and indicators of a loaded review (``load_review``)."""
    return synthesise(cfg.recommendations, cfg.codebook, cfg.indicators, artefacts, region, period, language, scope,
                      count_suggestions=cfg.protocol.evidence.count_suggestions)


def _local(text, language: str) -> str:
    """A review-folder text in ``language`` (a translated text or a plain string; "" for None)."""
    if text is None:
        return ""
    return text.get(language) if hasattr(text, "get") else str(text)
