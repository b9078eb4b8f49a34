"""Which interviews and social reports a run counts, by region scope, and how much of its evidence is local.

A run's :class:`~review_tools.scopes.RunScope` decides: an interview counts when its informant's ``region`` is
the run's own region (or part of it), the county of a municipal run, or national (no region); a social report
when the municipality or county it comes from is. :func:`evidence_locality` counts the units of each stream by
their relation to the run (``local``, ``county``, ``national``) for the report's sentence on local evidence.
"""

from __future__ import annotations

import pandas as pd

from ..scopes import RunScope, run_scope

__all__ = ["LOCALITY_COLUMNS", "segment_relations", "segments_in_scope", "recommendation_relation", "evidence_locality"]

#: Columns of :func:`evidence_locality`.
LOCALITY_COLUMNS = ["stream", "local", "county", "national", "total"]


def segment_relations(segments: pd.DataFrame, scope: RunScope) -> pd.Series:
    """Per interview segment, its relation to the run (from the informant's ``region``; None: not counted)."""
    if "region" not in segments.columns:
        return pd.Series(["national"] * len(segments), index=segments.index, dtype=object)
    cache: dict = {}

    def rel(value):
        key = "" if value is None or (isinstance(value, float) and value != value) else str(value)
        if key not in cache:
            try:
                cache[key] = scope.relation(key)
            except ValueError:  # a region that is not a code: the informant's region is unknown, as national
                cache[key] = "national"
        return cache[key]

    return segments["region"].map(rel)


def segments_in_scope(segments: pd.DataFrame, scope: RunScope | None, region: str = "SSS") -> pd.DataFrame:
    """The interview segments a run counts (every segment for the whole country)."""
    scope = scope or run_scope(region)
    return segments[segment_relations(segments, scope).notna()]


def recommendation_relation(rec, scope: RunScope) -> str | None:
    """A recommendation's relation to the run (None: written for another region, not shown)."""
    return scope.relation(getattr(rec, "region", None))


def evidence_locality(units: pd.DataFrame, segments: pd.DataFrame, reports: pd.DataFrame,
                      scope: RunScope) -> pd.DataFrame:
    """Distinct interview segments and social reports counted as evidence, by relation to the run.

    Returns
    -------
    DataFrame
        :data:`LOCALITY_COLUMNS`, one row for ``interviews`` and one for ``social_reports``.
    """
    from ..regions import report_region_column
    from ..scopes import scope_of_report

    rows = []
    seg_rel = dict(zip(segments["segment_id"], segment_relations(segments, scope), strict=True))
    col = report_region_column(reports)
    rep_rel = {}
    for _, r in reports.iterrows():
        county = r.get(col) if col else None
        rep_rel[r["report_id"]] = scope.relation(scope_of_report(county, r.get("municipality_code")), county)
    for stream, relations in (("interviews", seg_rel), ("social_reports", rep_rel)):
        ids = set(units.loc[units["stream"] == stream, "unit_id"])
        counts = pd.Series([relations.get(u) for u in ids], dtype=object).value_counts()
        row = {"stream": stream, **{k: int(counts.get(k, 0)) for k in ("local", "county", "national")}}
        row["total"] = row["local"] + row["county"] + row["national"]
        rows.append(row)
    return pd.DataFrame(rows, columns=LOCALITY_COLUMNS)
