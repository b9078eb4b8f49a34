"""What the report shows beside the evidence: computed once here, formatted by :mod:`review_tools.report`.

The report never reads an artefact or recomputes a figure itself: the region's profile, its social
reports counted by half-year (:func:`review_tools.social_reports.half_year`, the stage's own
definition), the interview sample and the screening status all come from :func:`report_inputs`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..regions import regional_reports
from ..scopes import run_scope
from ..social_reports import half_year
from ..social_reports.loop import breakdowns, process_indicators
from .artefacts import Artefacts
from .scope import evidence_locality, segments_in_scope
from .vocabulary import region_profile

__all__ = ["ScreeningStatus", "ReportInputs", "screening_status", "report_periods", "interview_sample", "report_inputs"]


@dataclass(frozen=True)
class ScreeningStatus:
    """How far screening got: records awaiting a decision and the stopping rule's estimate.

    Attributes
    ----------
    known : bool
        False when ``02-screening/prisma.json`` is missing (nothing can be said).
    records : int
        Records screened on title and abstract (after duplicates were removed).
    awaiting_ta, awaiting_ft : int
        Records awaiting a title/abstract decision, and full texts awaiting a decision.
    stopping : dict or None
        ``02-screening/stopping.json`` (``recall_estimate``, ``recall_lower_bound``, ``confidence``,
        ``recall_target``, ``stop``, ``n_screened``, ``n_total``), None when missing.
    """

    known: bool
    records: int = 0
    awaiting_ta: int = 0
    awaiting_ft: int = 0
    stopping: dict | None = None

    @property
    def rule_says_stop(self) -> bool | None:
        """The statistical stopping rule's verdict (None when there is no estimate)."""
        return None if self.stopping is None else bool(self.stopping.get("stop"))

    @property
    def unfinished(self) -> bool:
        """True when a full text awaits a decision, or records await a title/abstract decision and the
        stopping rule does not say stop (the rule may end title/abstract screening early; nothing else may)."""
        return self.awaiting_ft > 0 or (self.awaiting_ta > 0 and not self.rule_says_stop)


def screening_status(prisma: dict | None, stopping: dict | None) -> ScreeningStatus:
    """The :class:`ScreeningStatus` from ``prisma.json`` and ``stopping.json`` (either may be None)."""
    if not prisma:
        return ScreeningStatus(False, stopping=stopping)

    def count(key: str) -> int:
        try:
            return int(prisma.get(key) or 0)
        except (TypeError, ValueError):
            return 0

    return ScreeningStatus(True, count("screened"), count("awaiting_ta"), count("awaiting_ft"), stopping)


def report_periods(reports: pd.DataFrame) -> pd.DataFrame | None:
    """Social reports by half-year (rows, ``YYYY-H1``/``YYYY-H2``; ``""`` for a missing or unreadable
    date) and observation type (columns); None without ``submitted_at`` and ``observation_type``."""
    if not len(reports) or not {"submitted_at", "observation_type"} <= set(reports.columns):
        return None
    return pd.crosstab(half_year(reports["submitted_at"]), reports["observation_type"].fillna(""))


def interview_sample(segments: pd.DataFrame, coded: set) -> pd.DataFrame:
    """Per informant group: documents, coded segments and languages of the interviews."""
    rows = []
    for group, sub in segments.groupby(segments["informant_group"].fillna("unknown"), sort=True):
        langs = ", ".join(sorted(sub["language"].dropna().unique())) if "language" in sub.columns else ""
        rows.append({"informant_group": group, "documents": sub["document_id"].nunique(),
                     "segments": int(sub["segment_id"].isin(coded).sum()), "languages": langs})
    return pd.DataFrame(rows, columns=["informant_group", "documents", "segments", "languages"])


@dataclass(frozen=True)
class ReportInputs:
    """The report's material beside the evidence matrix and the recommendations.

    Attributes
    ----------
    artefacts : Artefacts
        The artefacts as loaded (tables shown as they are: sources, agreement, reliability, quotes,
        included studies, citations, the PRISMA figure, the stage manifests).
    profile : DataFrame
        The region's profile rows (latest year within the period per indicator).
    reports : DataFrame
        The region's social reports; ``n_reports`` counts all of them.
    periods : DataFrame or None
        :func:`report_periods` of the region's reports.
    sample : DataFrame
        :func:`interview_sample`; ``n_documents`` interviews, ``n_coded_segments`` coded segments.
    screening : ScreeningStatus
    locality : DataFrame or None
        Interview segments and social reports counted, by relation to the run's region
        (:func:`~review_tools.synthesis.scope.evidence_locality`).
    loop_breakdowns, loop_process : DataFrame or None
        The region's reports by need category, municipality, half-year and processing status, and the
        reporting loop's process indicators (:mod:`review_tools.social_reports.loop`); None without reports.
    """

    artefacts: Artefacts
    profile: pd.DataFrame
    reports: pd.DataFrame
    n_reports: int
    periods: pd.DataFrame | None
    sample: pd.DataFrame
    n_documents: int
    n_coded_segments: int
    screening: ScreeningStatus
    locality: pd.DataFrame | None = None
    loop_breakdowns: pd.DataFrame | None = None
    loop_process: pd.DataFrame | None = None


def report_inputs(artefacts: Artefacts, units: pd.DataFrame, region: str, period: str, scope=None) -> ReportInputs:
    """Compute the :class:`ReportInputs` of a run from its artefacts and the evidence units (``scope``: the run's
    :class:`~review_tools.scopes.RunScope`, default from ``region``)."""
    scope = scope or run_scope(region)
    all_reports = artefacts.table("04-social-reports", "social_reports.csv")
    reports = regional_reports(all_reports, region, scope)
    segments = segments_in_scope(artefacts.table("03-coding", "segments.csv"), scope)
    coded = set(units.loc[units["stream"] == "interviews", "unit_id"])
    return ReportInputs(
        artefacts=artefacts,
        profile=region_profile(artefacts.table("06-regional-profile", "profile.csv"), region, period),
        reports=reports, n_reports=len(all_reports), periods=report_periods(reports),
        sample=interview_sample(segments, coded), n_documents=segments["document_id"].nunique(),
        n_coded_segments=len(coded), screening=screening_status(artefacts.prisma, artefacts.stopping),
        locality=evidence_locality(units, segments, reports, scope),
        loop_breakdowns=breakdowns(reports) if len(reports) else None,
        loop_process=process_indicators(reports) if len(reports) else None,
    )
