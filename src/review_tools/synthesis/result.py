"""The synthesis of one run and region, and its three tables (``07-synthesis/``)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..config import Codebook, IndicatorSet, Recommendation, RecommendationFramework, ReviewConfig
from ..errors import StageInputError
from .artefacts import Artefacts
from .drafts import draft_recommendations
from .evidence import evidence_matrix, evidence_units, unknown_codes
from .links import NO_REGION_DATA, Problem, resolve_evidence, resolve_link
from .monitoring import monitoring_table
from .report_inputs import ReportInputs, report_inputs
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
    findings : FindingsResult or None
        The team's findings with their GRADE-CERQual assessment (``synthesis.findings.run_findings``).
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
    #: :class:`~review_tools.synthesis.findings.FindingsResult` when the review has findings (set by stage 07)
    findings: object = None

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
            })
        return pd.DataFrame(rows, columns=[
            "recommendation_id", "status", "theme", "statement", "actor", "timeframe", "resources", "risks",
            "evidence", "n_evidence", "unresolved", "allow_without_evidence", "warnings"])


def synthesise(
    framework: RecommendationFramework, codebook: Codebook, indicators: IndicatorSet, artefacts: Artefacts,
    region: str, period: str, language: str = "en",
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

    Returns
    -------
    SynthesisResult

    Raises
    ------
    StageInputError
        Listing every blocking problem, each naming its framework entry.
    """
    units = evidence_units(artefacts, codebook, region, period)
    matrix = evidence_matrix(units, codebook, language)
    evidence, problems = resolve_evidence(framework, artefacts, codebook, indicators, region, period, matrix)
    drafts = draft_recommendations(matrix, units, framework, codebook, artefacts)
    draft_ids = tuple(d.id for d in drafts)
    for d in drafts:
        for j, link in enumerate(d.evidence):
            res = resolve_link(link, artefacts, codebook, indicators, region, period, matrix)
            evidence.loc[len(evidence)] = {"recommendation_id": d.id, "position": j, **res}
            if not res["ok"]:
                problems.append(Problem(f"draft {d.id}.evidence[{j}]", res["problem"], blocking=False,
                                        kind=NO_REGION_DATA if res["no_region_data"] else "",
                                        subject=link.ref if res["no_region_data"] else ""))
    recs = [*framework.recommendations, *drafts]
    monitoring, mproblems = monitoring_table(recs, framework, indicators, artefacts, region, period, drafts=draft_ids)
    problems += mproblems
    blocking = [p for p in problems if p.blocking]
    if blocking:
        n = len(blocking)
        raise StageInputError(
            f"The recommendation framework has {n} problem{'s' if n != 1 else ''} for region {region}, {period}:\n"
            + "\n".join(f"  - {p}" for p in blocking)
        )
    unknown = unknown_codes(artefacts, codebook)
    warnings = [p for p in problems if not p.blocking]
    if unknown:
        warnings.append(Problem("03-coding/codings.csv", f"codes not in the codebook were left out: {', '.join(unknown)}",
                                blocking=False))
    return SynthesisResult(
        region=normalise_region(region), region_name=region_name(artefacts.table("06-regional-profile", "profile.csv"), region),
        period=period, units=units, matrix=matrix, recommendations=tuple(recs), drafts=draft_ids,
        evidence=evidence, monitoring=monitoring, warnings=tuple(warnings),
        inputs=report_inputs(artefacts, units, region, period),
    )


def synthesise_review(cfg: ReviewConfig, artefacts: Artefacts, region: str, period: str,
                      language: str = "en") -> SynthesisResult:
    """:func:`synthesise` with the framework, codebook and indicators of a loaded review (``load_review``)."""
    return synthesise(cfg.recommendations, cfg.codebook, cfg.indicators, artefacts, region, period, language)


def _local(text, language: str) -> str:
    """A review-folder text in ``language`` (a translated text or a plain string; "" for None)."""
    if text is None:
        return ""
    return text.get(language) if hasattr(text, "get") else str(text)
