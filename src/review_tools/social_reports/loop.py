"""Social reporting as a loop: summaries, process indicators and feedback to the reporter groups.

Frames in, frames out (no file I/O). The stage ``04-social-reports`` writes them for every report; the
report computes them again for the run's region (:mod:`review_tools.synthesis.report_inputs`).

* :func:`breakdowns`: reports by SHL 11 § need category, municipality, half-year and processing status,
  each split by observation type.
* :func:`process_indicators`: per reporting unit (``service_area``) and half-year, the reports, the share
  processed (any status after ``received``) and the share fed back to the reporter (``feedback_at`` given).
  A share is missing (not zero) when the export has no processing status or no feedback date at all.
* :func:`feedback`: per reporter group (``reporter_role``), what was reported, what it was joined with
  (themes, indicators of those themes) and where it was used (recommendations citing the reports). Counts
  and controlled values only: no report text reaches it.
"""

from __future__ import annotations

import pandas as pd

from .._config_social_reports import ENUMS, MULTI_ENUMS
from ..config import IndicatorSet, RecommendationFramework
from ..identifiers import split_codes

__all__ = ["BREAKDOWN_COLUMNS", "PROCESS_COLUMNS", "FEEDBACK_COLUMNS", "DIMENSIONS", "FEEDBACK_KINDS", "STATUSES",
           "NEED_CATEGORIES", "breakdowns", "process_indicators", "feedback", "related_theme"]

BREAKDOWN_COLUMNS = ["dimension", "value", "n_reports", "n_problem", "n_good_practice", "n_weak_signal", "share"]
PROCESS_COLUMNS = ["unit", "half_year", "n_reports", "n_processed", "share_processed", "n_fed_back", "share_fed_back"]
FEEDBACK_COLUMNS = ["reporter_group", "kind", "item", "n_reports"]
#: The breakdowns, in the order they are shown.
DIMENSIONS = ("need_category", "municipality", "half_year", "processing_status")
#: What a feedback document lists per reporter group, in order.
FEEDBACK_KINDS = ("reports", "observation_type", "need_category", "phenomenon", "theme", "indicator",
                  "recommendation", "processing_status")
STATUSES = ENUMS["processing_status"]
NEED_CATEGORIES = MULTI_ENUMS["shl11_need_categories"]
_TYPES = ENUMS["observation_type"]
#: Statuses after which a report counts as processed.
PROCESSED = frozenset(STATUSES[1:])


def _col(reports: pd.DataFrame, name: str) -> pd.Series:
    return reports[name].fillna("").astype(str).str.strip() if name in reports.columns \
        else pd.Series("", index=reports.index, dtype=str)


def _half_year(dates: pd.Series) -> pd.Series:
    from . import (
        half_year,  # the stage's one definition (imported here: the package imports this module)
    )

    return half_year(dates) if len(dates) else pd.Series([], dtype=str)


def _count(dimension: str, keys: pd.Series, types: pd.Series, order: list[str], total: int) -> list[dict]:
    rows = []
    for value in order:
        hit = keys == value
        n = int(hit.sum())
        rows.append({"dimension": dimension, "value": value, "n_reports": n,
                     **{f"n_{t}": int((hit & (types == t)).sum()) for t in _TYPES},
                     "share": round(n / total, 4) if total else float("nan")})
    return rows


def breakdowns(reports: pd.DataFrame) -> pd.DataFrame:
    """Count reports by need category, municipality, half-year and processing status.

    Parameters
    ----------
    reports : DataFrame
        Validated reports (``shl11_need_categories``, ``municipality_code``, ``submitted_at``,
        ``processing_status``, ``observation_type``).

    Returns
    -------
    DataFrame
        :data:`BREAKDOWN_COLUMNS`, one row per dimension and value. ``value`` is a need category
        ``1``-``10``, a municipality code, ``YYYY-H1``/``YYYY-H2`` or a status; ``""`` counts the reports
        without one. A report with several need categories counts once in each, so those shares may sum
        above 1. Need categories and statuses are listed in full (zero counts kept); municipalities most
        reported first; half-years in time order.
    """
    total = len(reports)
    types = _col(reports, "observation_type")
    rows: list[dict] = []
    cats = _col(reports, "shl11_need_categories").map(split_codes)
    exploded = pd.DataFrame({"key": cats, "type": types}).explode("key")
    exploded["key"] = exploded["key"].fillna("")
    order = [*NEED_CATEGORIES, *([""] if (exploded["key"] == "").any() else [])]
    rows += _count("need_category", exploded["key"], exploded["type"], order, total)
    mun = _col(reports, "municipality_code")
    counts = mun.value_counts()
    order = sorted(counts.index, key=lambda m: (m == "", -counts[m], m))
    rows += _count("municipality", mun, types, order, total)
    half = _half_year(_col(reports, "submitted_at"))
    order = sorted(set(half), key=lambda h: (h == "", h))
    rows += _count("half_year", half, types, order, total)
    status = _col(reports, "processing_status")
    order = [*STATUSES, *([""] if (status == "").any() else [])]
    rows += _count("processing_status", status, types, order, total)
    return pd.DataFrame(rows, columns=BREAKDOWN_COLUMNS)


def _share(n: int, d: int) -> float:
    return round(n / d, 4) if d else float("nan")


def process_indicators(reports: pd.DataFrame) -> pd.DataFrame:
    """Reports per half-year per reporting unit, the share processed and the share fed back.

    Returns
    -------
    DataFrame
        :data:`PROCESS_COLUMNS`; ``unit`` is the ``service_area`` (``""``: not given) and the rows of
        ``unit == "all"`` total each half-year (``half_year == "all"``: the whole period). ``n_processed``
        and ``share_processed`` are missing when no report has a processing status, ``n_fed_back`` and
        ``share_fed_back`` when no report has a feedback date: the export did not record them.
    """
    unit = _col(reports, "service_area")
    half = _half_year(_col(reports, "submitted_at"))
    status = _col(reports, "processing_status")
    fed = _col(reports, "feedback_at")
    has_status, has_feedback = bool((status != "").any()), bool((fed != "").any())
    d = pd.DataFrame({"unit": unit, "half_year": half, "processed": status.isin(PROCESSED), "fed": fed != ""})
    groups = [(u, h, g) for (u, h), g in d.groupby(["unit", "half_year"], sort=True)]
    groups += [("all", h, g) for h, g in d.groupby("half_year", sort=True)]
    groups += [("all", "all", d)] if len(d) else []
    rows = []
    for u, h, g in groups:
        n, p, f = len(g), int(g["processed"].sum()), int(g["fed"].sum())
        rows.append({"unit": u, "half_year": h, "n_reports": n,
                     "n_processed": p if has_status else pd.NA, "share_processed": _share(p, n) if has_status else pd.NA,
                     "n_fed_back": f if has_feedback else pd.NA, "share_fed_back": _share(f, n) if has_feedback else pd.NA})
    out = pd.DataFrame(rows, columns=PROCESS_COLUMNS)
    for c in ("n_processed", "n_fed_back"):
        out[c] = out[c].astype("Int64")
    for c in ("share_processed", "share_fed_back"):
        out[c] = pd.to_numeric(out[c], errors="coerce")
    return out


def related_theme(a: str, b: str) -> bool:
    """Whether two codebook ids are the same theme or one is the other's ancestor."""
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def feedback(reports: pd.DataFrame, indicators: IndicatorSet | None = None,
             framework: RecommendationFramework | None = None) -> pd.DataFrame:
    """What each reporter group reported, what it was joined with and where it was used.

    Parameters
    ----------
    reports : DataFrame
        Coded reports (``report_id, reporter_role, observation_type, shl11_need_categories, phenomenon,
        codes, processing_status``).
    indicators : IndicatorSet, optional
        An indicator is joined with a report when one of its themes is a report theme or its ancestor or
        descendant (:func:`related_theme`).
    framework : RecommendationFramework, optional
        A recommendation uses a report when one of its evidence links is ``{type: report, ref: <report_id>}``.

    Returns
    -------
    DataFrame
        :data:`FEEDBACK_COLUMNS` in long form: per group (``""``: role not given) and :data:`FEEDBACK_KINDS`,
        each item (a value, a category, a phenomenon key, a codebook id, an indicator id or a
        recommendation id) with the number of the group's reports behind it, most first; kind
        ``reports`` gives the group's total.
    """
    group = _col(reports, "reporter_role")
    ids = _col(reports, "report_id")
    codes = _col(reports, "codes").map(split_codes)
    ind_themes = {i.id: list(i.themes) for i in (indicators.indicators if indicators else [])}
    inds = codes.map(lambda cs: sorted({i for i, ts in ind_themes.items() if any(related_theme(c, t) for c in cs for t in ts)}))
    used: dict[str, set[str]] = {}
    for rec in framework.recommendations if framework else []:
        for link in rec.evidence:
            if link.type == "report":
                used.setdefault(link.ref, set()).add(rec.id)
    recs = ids.map(lambda i: sorted(used.get(i, ())))
    lists = {
        "observation_type": _col(reports, "observation_type").map(lambda x: [x] if x else []),
        "need_category": _col(reports, "shl11_need_categories").map(split_codes),
        "phenomenon": _col(reports, "phenomenon").map(lambda x: [x] if x else []),
        "theme": codes, "indicator": inds, "recommendation": recs,
        "processing_status": _col(reports, "processing_status").map(lambda x: [x] if x else []),
    }
    rows = []
    for g in sorted(set(group), key=lambda x: (x == "", ENUMS["reporter_role"].index(x) if x in ENUMS["reporter_role"] else 99, x)):
        hit = group == g
        rows.append({"reporter_group": g, "kind": "reports", "item": "", "n_reports": int(hit.sum())})
        for kind, values in lists.items():
            counts = values[hit].explode().dropna().value_counts()
            order = sorted(counts.index, key=lambda k: (-counts[k], _order_key(kind, k)))
            rows += [{"reporter_group": g, "kind": kind, "item": str(k), "n_reports": int(counts[k])} for k in order]
    return pd.DataFrame(rows, columns=FEEDBACK_COLUMNS)


def _order_key(kind: str, item: str):
    if kind == "need_category" and str(item).isdigit():
        return (int(item), "")
    if kind == "processing_status" and item in STATUSES:
        return (STATUSES.index(item), "")
    return (0, str(item))
