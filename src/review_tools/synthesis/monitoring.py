"""The monitoring table: per recommendation and indicator the baseline, the target and its source."""

from __future__ import annotations

import pandas as pd

from ..config import IndicatorSet, Recommendation, RecommendationFramework
from .artefacts import Artefacts
from .links import NO_REGION_DATA, Problem, framework_entry
from .vocabulary import number, region_profile

__all__ = ["default_target", "monitoring_table"]


def default_target(baseline: float, better: str, change: float, unit: str = "") -> float | None:
    """The documented default target: ``baseline`` improved by the relative ``change``.

    Returns
    -------
    float or None
        ``baseline * (1 - change)`` when lower is better, ``baseline * (1 + change)`` (at most 100
        for ``%`` units) when higher is better, None for context indicators.
    """
    if better == "lower":
        return round(baseline * (1 - change), 3)
    if better == "higher":
        target = baseline * (1 + change)
        return round(min(target, 100.0) if unit.strip() == "%" else target, 3)
    return None


def monitoring_table(
    recommendations: list[Recommendation], framework: RecommendationFramework, indicators: IndicatorSet,
    artefacts: Artefacts, region: str, period: str, *, drafts: tuple[str, ...] = (),
) -> tuple[pd.DataFrame, list[Problem]]:
    """Build the monitoring table: one row per (recommendation, monitoring indicator).

    Parameters
    ----------
    recommendations : list of Recommendation
        Team recommendations first (in framework order), then drafts.
    framework : RecommendationFramework
        For ``default_target_change``.
    indicators : IndicatorSet
    artefacts : Artefacts
    region, period : str
    drafts : tuple of str
        Ids of the draft recommendations (their problems never block).

    Returns
    -------
    table : DataFrame
        ``recommendation_id, status, indicator, title, theme, sotkanet_id, unit, better, baseline_year,
        baseline_value, target, target_source, target_year, update_frequency, data_owner, breakdowns``.
    problems : list of Problem
        An indicator without data for the region (a warning of kind ``no_region_data``: the report says
        in a sentence that it is followed up once there are data), a target in the wrong direction (always
        blocking), a recommendation without monitoring (warning).
    """
    meta = {i.id: i for i in indicators.indicators}
    prof = region_profile(artefacts.table("06-regional-profile", "profile.csv"), region, period)
    base = {r["indicator_id"]: r for _, r in prof.iterrows()}
    rows, problems = [], []
    team_index = {r.id: i for i, r in enumerate(framework.recommendations)}
    for rec in recommendations:
        is_draft = rec.id in drafts
        where = framework_entry(team_index[rec.id], rec) if rec.id in team_index else f"draft {rec.id}"
        if not rec.monitoring:
            problems.append(Problem(where, "has no monitoring indicator", blocking=False))
        for j, m in enumerate(rec.monitoring):
            here = f"{where}.monitoring[{j}]"
            ind = meta.get(m.indicator)
            if ind is None:
                problems.append(Problem(here, f"indicator '{m.indicator}' is not in indicators.yaml"))
                continue
            r = base.get(m.indicator)
            baseline = None if r is None else float(r["value"])
            if r is None:
                problems.append(Problem(
                    here, f"indicator '{m.indicator}' has no data for region {region} in {period} "
                          "(06-regional-profile/profile.csv)",
                    blocking=False, kind=NO_REGION_DATA, subject=m.indicator))
            target, source = m.target, "framework"
            if target is not None and baseline is not None and ind.better in ("lower", "higher"):
                wrong = target >= baseline if ind.better == "lower" else target <= baseline
                if wrong:
                    problems.append(Problem(
                        here, f"target {number(target)} for '{m.indicator}' is not better than the baseline "
                              f"{number(baseline)} ({int(r['year'])}): {ind.better} is better for this indicator"))
            if target is None:
                target = None if baseline is None else default_target(
                    baseline, ind.better, framework.default_target_change, ind.unit)
                source = "default" if target is not None else ("context indicator" if ind.better == "context" else "")
            rows.append({
                "recommendation_id": rec.id, "status": "draft" if is_draft else "team",
                "indicator": m.indicator, "title": ind.title.get("en"), "theme": "; ".join(ind.themes),
                "sotkanet_id": ind.sotkanet_id if ind.sotkanet_id is not None else "",
                "unit": ind.unit, "better": ind.better,
                "baseline_year": "" if r is None else int(r["year"]),
                "baseline_value": "" if baseline is None else baseline,
                "target": "" if target is None else target, "target_source": source,
                "target_year": m.target_year or "", "update_frequency": ind.update_frequency,
                "data_owner": ind.data_owner, "breakdowns": "; ".join(ind.breakdowns),
            })
    cols = ["recommendation_id", "status", "indicator", "title", "theme", "sotkanet_id", "unit", "better",
            "baseline_year", "baseline_value", "target", "target_source", "target_year", "update_frequency",
            "data_owner", "breakdowns"]
    return pd.DataFrame(rows, columns=cols), problems
