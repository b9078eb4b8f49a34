"""Checks of the monitoring entries of ``recommendations.yaml`` (targets, baseline and target years).

Used by :mod:`review_tools.config`, the one loader of the review folder, on the raw YAML data.
A target is never derived: a monitoring entry without one is a warning (the report shows
"no target set"), a baseline or target year that cannot work is an error.
"""

from __future__ import annotations

FILE = "recommendations.yaml"


def _entries(raw: dict):
    """``(where, recommendation mapping, j, monitoring mapping)`` of every monitoring entry in the raw data."""
    recs = raw.get("recommendations") if isinstance(raw, dict) else None
    seq = recs.get("recommendations") if isinstance(recs, dict) else None
    for i, r in enumerate(seq if isinstance(seq, list) else []):
        if not isinstance(r, dict):
            continue
        mon = r.get("monitoring")
        for j, m in enumerate(mon if isinstance(mon, list) else []):
            if isinstance(m, dict):
                yield f"{FILE}: recommendations[{i}] (id '{r.get('id')}').monitoring[{j}]", r, j, m


def _better(raw: dict) -> dict:
    inds = raw.get("indicators") if isinstance(raw, dict) else None
    seq = inds.get("indicators") if isinstance(inds, dict) else None
    return {x.get("id"): x.get("better") for x in (seq if isinstance(seq, list) else []) if isinstance(x, dict)}


def _int(x):
    return x if isinstance(x, int) and not isinstance(x, bool) else None


def monitoring_problems(raw: dict) -> list[str]:
    """Errors: a target year not after the baseline year."""
    problems = []
    for where, _rec, _j, m in _entries(raw):
        by, ty = _int(m.get("baseline_year")), _int(m.get("target_year"))
        if by is not None and ty is not None and ty <= by:
            problems.append(f"{where}.target_year: {ty} is not after the baseline_year {by}; the target year must "
                            "come after the baseline year")
    return problems


def monitoring_warnings(raw: dict) -> list[str]:
    """Warnings: a monitoring entry without a target (naming the file and item), a target without a target
    year, a target on a context indicator, and the retired ``default_target_change``."""
    out = []
    recs = raw.get("recommendations")
    if isinstance(recs, dict) and "default_target_change" in recs:
        out.append(f"{FILE}: default_target_change: no longer used (targets are never derived from the baseline); "
                   "set target: for each monitoring entry and remove this key")
    better = _better(raw)
    for where, _rec, _j, m in _entries(raw):
        ind = m.get("indicator")
        if better.get(ind) == "context":
            if m.get("target") is not None:
                out.append(f"{where}.target: '{ind}' is a context indicator (no better direction); its target is "
                           "shown but not followed up")
            continue
        if m.get("target") is None and not m.get("region_targets"):
            out.append(f"{where}: no target set for '{ind}'; the report shows 'no target set' (add target: and "
                       "target_year:)")
        elif m.get("target_year") is None:  # a target (for every region or some) without a year
            out.append(f"{where}: target for '{ind}' has no target_year; progress is then judged by the direction "
                       "of change only")
    return out
