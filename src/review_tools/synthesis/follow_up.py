"""Follow-up of the monitoring indicators across runs: progress status, the run's record, the comparison.

The welfare report (hyvinvointikertomus, Act 612/2021 §6-7) is reported on every year: each run of
the review records its monitoring values (:func:`monitoring_values`, written by stage 07 as
``monitoring_values.csv``) and a later run compares its values with the baseline, the target and the
values earlier runs recorded (:func:`follow_up_table`). Frames in, frames out: no file I/O here.

Progress status (:func:`progress_status`), direction-aware (``better`` lower or higher):

* **no data**: no value for the region, no baseline, or no value of a year after the baseline year
  (the run that sets the baseline has nothing to follow up yet);
* with a target: **on track** when the target is reached, or when the improvement from the baseline
  is at least the share of the way to the target that the years elapsed call for (a straight path
  from the baseline year to the target year); **off track** otherwise (also when the target year has
  passed without reaching it). Without a target year the improvement must only be positive;
* without a target (the report says "no target set"): **on track** when the value improved on the
  baseline, **off track** when it stayed the same or got worse;
* a context indicator (no better direction) is **not assessed**.

A recommendation (:func:`recommendation_status`) is off track when any of its indicators is, on
track when at least one is on track and none off track, and has no data otherwise.
"""

from __future__ import annotations

import math

import pandas as pd

__all__ = ["STATUSES", "VALUE_COLUMNS", "FOLLOW_UP_COLUMNS", "progress_status", "monitoring_values",
           "follow_up_table", "recommendation_status", "change_direction"]

#: The progress statuses, in the order the report lists them.
STATUSES = ("on track", "off track", "no data", "not assessed")
#: Columns of ``monitoring_values.csv`` (one row per recommendation and monitoring indicator).
VALUE_COLUMNS = ("recommendation_id", "indicator", "region", "better", "year", "value", "baseline_year",
                 "baseline", "baseline_source", "target", "target_year", "status", "data_vintage", "retrieved")
#: Columns of :func:`follow_up_table`.
FOLLOW_UP_COLUMNS = ("recommendation_id", "indicator", "region", "better", "baseline_year", "baseline",
                     "baseline_source", "target", "target_year", "year", "value", "status", "previous_run",
                     "previous_year", "previous_value", "change", "runs")


def _num(x) -> float | None:
    """``x`` as a float, None for missing values ("" , None, NaN, text)."""
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _year(x) -> int | None:
    f = _num(x)
    return None if f is None else int(f)


def progress_status(better: str, baseline, baseline_year, value, year, target=None, target_year=None) -> str:
    """The progress of one indicator (see the module's documentation for the rule).

    Parameters
    ----------
    better : str
        ``lower``, ``higher`` or ``context``.
    baseline, baseline_year : float, int or None
        The baseline value and its year.
    value, year : float, int or None
        The latest value and its year.
    target, target_year : float, int or None
        The target and the year it should be reached by (None: not set).

    Returns
    -------
    str
        One of :data:`STATUSES`.
    """
    if better not in ("lower", "higher"):
        return "not assessed"
    b, v, y, yb = _num(baseline), _num(value), _year(year), _year(baseline_year)
    if b is None or v is None or y is None or yb is None or y <= yb:
        return "no data"
    sign = -1.0 if better == "lower" else 1.0
    improvement = sign * (v - b)
    eps = 1e-9 * max(1.0, abs(b))
    t, ty = _num(target), _year(target_year)
    if t is None:
        return "on track" if improvement > eps else "off track"
    needed = sign * (t - b)
    if improvement >= needed - eps:
        return "on track"
    if ty is None or ty <= yb:
        return "on track" if improvement > eps else "off track"
    if y >= ty:
        return "off track"
    share = (y - yb) / (ty - yb)
    return "on track" if improvement >= share * needed - eps and improvement > eps else "off track"


def change_direction(better: str, before, after) -> str:
    """``better``, ``worse`` or ``unchanged`` from ``before`` to ``after`` ("" when either is missing or
    the indicator has no better direction)."""
    a, b = _num(before), _num(after)
    if a is None or b is None or better not in ("lower", "higher"):
        return ""
    if math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12):
        return "unchanged"
    return "better" if (b < a) == (better == "lower") else "worse"


def monitoring_values(monitoring: pd.DataFrame, region: str, series: pd.DataFrame | None = None) -> pd.DataFrame:
    """The run's record of its monitoring values (``monitoring_values.csv``).

    Parameters
    ----------
    monitoring : DataFrame
        :func:`~review_tools.synthesis.monitoring_table` (with ``latest_year``, ``latest_value`` and
        ``progress``).
    region : str
        The run's region code.
    series : DataFrame, optional
        The region's yearly values (:func:`~review_tools.synthesis.monitoring.region_series`): the data
        vintage of an indicator is the last year its data reach (``data_vintage``) and the date they
        were retrieved (``retrieved``, when the source gives one).

    Returns
    -------
    DataFrame
        :data:`VALUE_COLUMNS`.
    """
    vintage: dict = {}
    if series is not None and len(series):
        for iid, sub in series.groupby("indicator_id"):
            dates = sorted({str(d) for d in sub.get("retrieval_date", pd.Series(dtype=str)).dropna() if str(d)})
            vintage[iid] = (int(sub["year"].max()), dates[-1] if dates else "")
    rows = [{
        "recommendation_id": m.recommendation_id, "indicator": m.indicator, "region": region, "better": m.better,
        "year": m.latest_year, "value": m.latest_value, "baseline_year": m.baseline_year,
        "baseline": m.baseline_value, "baseline_source": m.baseline_source, "target": m.target,
        "target_year": m.target_year, "status": m.progress,
        "data_vintage": vintage.get(m.indicator, ("", ""))[0], "retrieved": vintage.get(m.indicator, ("", ""))[1],
    } for m in monitoring.itertuples(index=False)]
    return pd.DataFrame(rows, columns=list(VALUE_COLUMNS))


def follow_up_table(current: pd.DataFrame, earlier: list[tuple[str, pd.DataFrame]]) -> pd.DataFrame:
    """Compare this run's monitoring values with those earlier runs recorded.

    Parameters
    ----------
    current : DataFrame
        This run's :func:`monitoring_values`.
    earlier : list of (str, DataFrame)
        ``(run name, its monitoring_values.csv)``, oldest first; rows of other regions are ignored.

    Returns
    -------
    DataFrame
        :data:`FOLLOW_UP_COLUMNS`: per recommendation and indicator the baseline, target, latest value and
        status (recomputed with :func:`progress_status`), the latest earlier run that has a value
        (``previous_*``), the ``change`` since it (better/worse/unchanged) and ``runs``, the number of
        earlier runs with a value.
    """
    rows = []
    for m in current.itertuples(index=False):
        hist = []
        for name, df in earlier:
            sub = df[(df["indicator"].astype(str) == str(m.indicator)) & (df["region"].astype(str) == str(m.region))]
            sub = sub[pd.to_numeric(sub["value"], errors="coerce").notna()]
            if len(sub):
                hist.append((name, _year(sub["year"].iloc[0]), _num(sub["value"].iloc[0])))
        prev = hist[-1] if hist else ("", None, None)
        rows.append({
            "recommendation_id": m.recommendation_id, "indicator": m.indicator, "region": m.region,
            "better": m.better, "baseline_year": m.baseline_year, "baseline": m.baseline,
            "baseline_source": m.baseline_source, "target": m.target, "target_year": m.target_year,
            "year": m.year, "value": m.value,
            "status": progress_status(m.better, m.baseline, m.baseline_year, m.value, m.year, m.target, m.target_year),
            "previous_run": prev[0], "previous_year": prev[1], "previous_value": prev[2],
            "change": change_direction(m.better, prev[2], m.value), "runs": len(hist),
        })
    return pd.DataFrame(rows, columns=list(FOLLOW_UP_COLUMNS))


def recommendation_status(follow_up: pd.DataFrame) -> pd.DataFrame:
    """The status of each recommendation from its indicators' statuses (rule in the module documentation).

    Returns
    -------
    DataFrame
        ``recommendation_id, status, on_track, off_track, no_data`` (counts of indicators), in the
        order of ``follow_up``.
    """
    rows = []
    for rid, sub in follow_up.groupby("recommendation_id", sort=False):
        counts = {s: int((sub["status"] == s).sum()) for s in STATUSES}
        status = ("off track" if counts["off track"] else "on track" if counts["on track"] else "no data")
        rows.append({"recommendation_id": rid, "status": status, "on_track": counts["on track"],
                     "off_track": counts["off track"], "no_data": counts["no data"] + counts["not assessed"]})
    return pd.DataFrame(rows, columns=["recommendation_id", "status", "on_track", "off_track", "no_data"])
