"""The monitoring table: per recommendation and indicator the baseline, the target, the latest value
and the progress status (:func:`~review_tools.synthesis.follow_up.progress_status`).

Targets come only from the review folder (``monitoring[].target`` in ``recommendations.yaml``, or the
region's own in ``monitoring[].region_targets``); a missing target is never filled in: the row says
"no target set" and a warning names the file and item. A region's own target that is not better than
its baseline stops the run; a target for every region that a region has already reached is a warning.

The baseline is, in this order:

1. the region's value in ``monitoring[].baseline_year`` (from the run's indicator series);
2. the baseline the earliest earlier run of the same region recorded (``monitoring_values.csv`` of a
   run in the same outputs folder): the follow-up keeps the baseline the cycle started from;
3. this run's latest value (this run starts the cycle; there is nothing to follow up yet).
"""

from __future__ import annotations

import pandas as pd

from ..config import IndicatorSet, Recommendation, RecommendationFramework
from .artefacts import Artefacts
from .follow_up import progress_status
from .links import NO_REGION_DATA, Problem, framework_entry
from .vocabulary import normalise_region, number, period_years, region_profile

__all__ = ["MONITORING_COLUMNS", "monitoring_table", "region_series"]

MONITORING_COLUMNS = [
    "recommendation_id", "status", "indicator", "title", "theme", "sotkanet_id", "unit", "better", "baseline_year",
    "baseline_value", "baseline_source", "baseline_run", "target", "target_source", "target_year", "latest_year",
    "latest_value", "progress", "update_frequency", "data_owner", "breakdowns"]


def region_series(indicator_data: pd.DataFrame | None, region: str) -> pd.DataFrame:
    """The region's yearly values ``indicator_id, year, value, retrieval_date`` (totals: rows without a gender,
    or ``total``) from ``05-indicator-data/indicator_data.csv``; empty when the table is missing."""
    cols = ["indicator_id", "year", "value", "retrieval_date"]
    if indicator_data is None or not len(indicator_data):
        return pd.DataFrame(columns=cols)
    df = indicator_data[indicator_data["region_code"].map(normalise_region) == normalise_region(region)]
    if "gender" in df.columns:
        g = df["gender"].fillna("").astype(str).str.lower()
        df = df[g.isin(["", "total", "nan", "yhteensä"])]
    out = pd.DataFrame({"indicator_id": df["indicator_id"].astype(str),
                        "year": pd.to_numeric(df["year"], errors="coerce"),
                        "value": pd.to_numeric(df["value"], errors="coerce"),
                        "retrieval_date": df["retrieval_date"].fillna("").astype(str) if "retrieval_date" in df.columns
                        else ""}).dropna(subset=["year", "value"])
    return out.drop_duplicates(["indicator_id", "year"]).reset_index(drop=True)


def _earliest_baseline(history, indicator: str, region: str):
    """``(run, baseline, baseline_year)`` the earliest earlier run recorded for the indicator, or None."""
    for name, df in history or ():
        sub = df[(df["indicator"].astype(str) == indicator)
                 & (df["region"].astype(str).map(normalise_region) == normalise_region(region))]
        sub = sub[pd.to_numeric(sub["baseline"], errors="coerce").notna()]
        if len(sub):
            return name, float(sub["baseline"].iloc[0]), int(float(sub["baseline_year"].iloc[0]))
    return None


def monitoring_table(
    recommendations: list[Recommendation], framework: RecommendationFramework, indicators: IndicatorSet,
    artefacts: Artefacts, region: str, period: str, *, drafts: tuple[str, ...] = (),
    series: pd.DataFrame | None = None, history: list | None = None,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Build the monitoring table: one row per (recommendation, monitoring indicator).

    Parameters
    ----------
    recommendations : list of Recommendation
        Team recommendations first (in framework order), then drafts.
    framework : RecommendationFramework
        Names the team's recommendations (their framework entries in problems).
    indicators : IndicatorSet
    artefacts : Artefacts
    region, period : str
    drafts : tuple of str
        Ids of the draft recommendations (their problems never block).
    series : DataFrame, optional
        :func:`region_series` of the run (for ``baseline_year``).
    history : list of (str, DataFrame), optional
        Earlier runs' ``monitoring_values.csv``, oldest first (for the baseline of the cycle).

    Returns
    -------
    table : DataFrame
        :data:`MONITORING_COLUMNS`; ``baseline_source`` is ``review`` (the baseline year set in the
        review folder), ``earlier run`` (``baseline_run`` names it) or ``this run``; ``target_source``
        ``framework``, ``region`` (``region_targets``), ``no target set`` or ``context indicator``; ``progress`` one of
        :data:`~review_tools.synthesis.follow_up.STATUSES`.
    problems : list of Problem
        An indicator without data for the region (a warning of kind ``no_region_data``: the report says in
        a sentence that it is followed up once there are data; its progress is "no data"), a region's
        own target in the wrong direction (blocking; a general target the region has reached: a
        warning); warnings: a recommendation without
        monitoring, a monitoring entry without a target, a baseline year without a value.
    """
    meta = {i.id: i for i in indicators.indicators}
    prof = region_profile(artefacts.table("06-regional-profile", "profile.csv"), region, period)
    latest = {r["indicator_id"]: r for _, r in prof.iterrows()}
    series = series if series is not None else region_series(None, region)
    y1, y2 = period_years(period)
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
            r = latest.get(m.indicator)
            if r is None:  # not in the profile (e.g. a municipality's own series): the latest year of its series
                own = series[(series["indicator_id"] == m.indicator) & series["year"].between(y1, y2)]
                r = None if own.empty else own.sort_values("year").iloc[-1]
            found = _earliest_baseline(history, m.indicator, region)
            if r is None:  # a region may lack a series (or a year) another has: its progress is "no data"
                problems.append(Problem(
                    here, f"indicator '{m.indicator}' has no data for region {region} in {period} "
                          "(06-regional-profile/profile.csv)", blocking=False, kind=NO_REGION_DATA, subject=m.indicator))
            value, year = (None, None) if r is None else (float(r["value"]), int(r["year"]))
            base, base_year, base_source, base_run = value, year, "this run", ""
            if m.baseline_year is not None:
                hit = series[(series["indicator_id"] == m.indicator) & (series["year"] == m.baseline_year)]
                base, base_year, base_source = (float(hit["value"].iloc[0]) if len(hit) else None), m.baseline_year, "review"
                if not len(hit):
                    problems.append(Problem(here, f"indicator '{m.indicator}' has no value for region {region} in "
                                                  f"the baseline year {m.baseline_year}", blocking=False))
            elif found is not None:
                base_run, base, base_year = found
                base_source = "earlier run"
            own = {normalise_region(str(k)): v for k, v in m.region_targets.items()}.get(normalise_region(region))
            target, source = (own, "region") if own is not None else (m.target, "framework")
            if target is not None and base is not None and ind.better in ("lower", "higher"):
                wrong = target >= base if ind.better == "lower" else target <= base
                if wrong and source == "region":  # the region's own target: a mistake, it stops the run
                    problems.append(Problem(
                        here, f"target {number(target)} for '{m.indicator}' in region {region} (region_targets) is not "
                              f"better than the baseline {number(base)} ({base_year}): {ind.better} is better for "
                              "this indicator"))
                elif wrong:  # a target for every region that this region has already reached
                    problems.append(Problem(
                        here, f"target {number(target)} for {ind.title.get('en')} is not better than region {region}'s "
                              f"baseline {number(base)} ({base_year}): {ind.better} is better for this indicator, so the "
                              "region has reached it (give the region a target of its own)", blocking=False))
            if target is None:
                source = "context indicator" if ind.better == "context" else "no target set"
                if ind.better != "context" and not is_draft:
                    problems.append(Problem(here, f"no target set for '{m.indicator}' (add target: and target_year: "
                                                  "to this monitoring entry)", blocking=False))
            rows.append({
                "recommendation_id": rec.id, "status": "draft" if is_draft else "team",
                "indicator": m.indicator, "title": ind.title.get("en"), "theme": "; ".join(ind.themes),
                "sotkanet_id": ind.sotkanet_id if ind.sotkanet_id is not None else "",
                "unit": ind.unit, "better": ind.better,
                "baseline_year": "" if base is None else base_year, "baseline_value": "" if base is None else base,
                "baseline_source": base_source, "baseline_run": base_run,
                "target": "" if target is None else target, "target_source": source,
                "target_year": m.target_year or "", "latest_year": "" if year is None else year,
                "latest_value": "" if value is None else value,
                "progress": progress_status(ind.better, base, base_year, value, year, target, m.target_year),
                "update_frequency": ind.update_frequency, "data_owner": ind.data_owner,
                "breakdowns": "; ".join(ind.breakdowns),
            })
    return pd.DataFrame(rows, columns=MONITORING_COLUMNS), problems
