"""The evidence units of the four streams and the theme x stream evidence matrix.

See :mod:`review_tools.synthesis` for the streams, the direction of a stream and the convergence rule.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..config import Codebook
from ..identifiers import split_codes
from ..regions import regional_reports
from .artefacts import Artefacts
from .scope import segments_in_scope
from .vocabulary import STREAMS, ancestors, indicator_signal, observation_signal, region_profile

__all__ = ["evidence_units", "unknown_codes", "stream_direction", "convergence", "overall_direction", "evidence_matrix"]


def evidence_units(artefacts: Artefacts, codebook: Codebook, region: str, period: str, scope=None) -> pd.DataFrame:
    """Return every evidence unit with its theme: the long form the matrix is built from.

    Parameters
    ----------
    artefacts : Artefacts
    codebook : Codebook
    region : str
        Region code of the run (social reports and indicators are the region's).
    period : str
        ``"Y1-Y2"``; indicators take their latest year within it.
    scope : RunScope, optional
        The run's region scope (default: from ``region``): interviews and social reports of other regions are
        left out (:mod:`review_tools.synthesis.scope`).

    Returns
    -------
    DataFrame
        Columns ``stream, group, unit_id, code, signal`` (signal: worse / better / unclear / none),
        one row per distinct (stream, unit, code); codes outside the codebook are left out (they are
        counted by :func:`unknown_codes`).
    """
    known = {c.id for c in codebook.codes}
    codings = artefacts.table("03-coding", "codings.csv")
    rows: list[dict] = []

    included = set(artefacts.table("02-screening", "included.csv")["record_id"].dropna())
    lit = codings[(codings["source_type"] == "literature") & codings["unit_id"].isin(included)]
    rows += [
        {"stream": "literature", "group": "", "unit_id": u, "code": c, "signal": "none"}
        for u, c in zip(lit["unit_id"], lit["code"], strict=True)
    ]

    segments = segments_in_scope(artefacts.table("03-coding", "segments.csv"), scope, region)
    group_of = dict(zip(segments["segment_id"], segments["informant_group"].fillna("unknown"), strict=True))
    inter = codings[(codings["source_type"] == "interview") & codings["unit_id"].isin(group_of)]
    rows += [
        {"stream": "interviews", "group": group_of[u], "unit_id": u, "code": c, "signal": "none"}
        for u, c in zip(inter["unit_id"], inter["code"], strict=True)
    ]

    reports = regional_reports(artefacts.table("04-social-reports", "social_reports.csv"), region, scope)
    signal_of = {
        rid: observation_signal(obs)
        for rid, obs in zip(reports["report_id"], reports.get("observation_type", pd.Series([""] * len(reports))), strict=True)
    }
    rep = codings[(codings["source_type"] == "social_report") & codings["unit_id"].isin(signal_of)]
    pairs = set(zip(rep["unit_id"], rep["code"], strict=True))
    for rid, codes in zip(reports["report_id"], reports["codes"], strict=True):
        pairs |= {(rid, c) for c in split_codes(codes)}
    rows += [
        {"stream": "social_reports", "group": "", "unit_id": u, "code": c, "signal": signal_of[u]}
        for u, c in sorted(pairs)
    ]

    prof = region_profile(artefacts.table("06-regional-profile", "profile.csv"), region, period)
    for _, r in prof.iterrows():
        for c in split_codes(r["theme"]):
            rows.append(
                {"stream": "indicators", "group": "", "unit_id": r["indicator_id"], "code": c,
                 "signal": indicator_signal(r["signal"])}
            )
    units = pd.DataFrame(rows, columns=["stream", "group", "unit_id", "code", "signal"])
    units = units[units["code"].isin(known)].drop_duplicates(["stream", "unit_id", "code"])
    return units.reset_index(drop=True)


def unknown_codes(artefacts: Artefacts, codebook: Codebook) -> list[str]:
    """Return codes used in ``codings.csv`` that are not in the codebook (shown as a warning)."""
    known = {c.id for c in codebook.codes}
    used = set(artefacts.table("03-coding", "codings.csv")["code"].dropna())
    return sorted(used - known)


# --------------------------------------------------------------------------------------- matrix


def stream_direction(n_worse: int, n_better: int) -> str:
    """Direction of one stream from its counts of worse and better units.

    Returns
    -------
    str
        ``"worse"`` if ``n_worse > n_better``, ``"better"`` if ``n_better > n_worse``,
        ``"mixed"`` if equal and non-zero, ``"none"`` if both are zero.
    """
    if n_worse > n_better:
        return "worse"
    if n_better > n_worse:
        return "better"
    return "mixed" if n_worse > 0 else "none"


def convergence(directions: Mapping[str, str]) -> str:
    """Convergence label of a theme from the directions of the streams that have evidence.

    Parameters
    ----------
    directions : mapping
        stream -> direction (worse / better / mixed / none), only for streams with at least one unit.

    Returns
    -------
    str
        One of ``CONVERGENCE_LABELS``, by the rule in the module docstring.
    """
    values = list(directions.values())
    if not values:
        return "no evidence"
    if len(values) == 1:
        return "single stream"
    if "worse" in values and "better" in values:
        return "conflict"
    leaning = max(values.count("worse"), values.count("better"))
    if leaning >= 2 and "mixed" not in values:
        return "agree"
    return "partly"


def overall_direction(directions: Mapping[str, str]) -> str:
    """Overall direction of a theme: worse / better (no stream against), conflict, mixed or none."""
    values = set(directions.values())
    if {"worse", "better"} <= values:
        return "conflict"
    if "worse" in values:
        return "worse"
    if "better" in values:
        return "better"
    return "mixed" if "mixed" in values else "none"


def evidence_matrix(units: pd.DataFrame, codebook: Codebook, language: str = "en") -> pd.DataFrame:
    """Build the theme x stream evidence matrix with amounts, directions and convergence.

    Parameters
    ----------
    units : DataFrame
        From :func:`evidence_units`.
    codebook : Codebook
    language : str
        Language of the theme labels.

    Returns
    -------
    DataFrame
        One row per codebook theme (codebook order): ``theme, label, depth``; per stream
        ``<stream>_n, <stream>_worse, <stream>_better, <stream>_direction``; one
        ``interviews:<group>`` count column per informant group; ``n_streams, direction,
        convergence``. A unit counts for its theme and every ancestor, once per theme.
    """
    chains = ancestors(codebook)
    rolled = []
    for rec in units.itertuples(index=False):
        for theme in chains.get(rec.code, [rec.code]):
            rolled.append((rec.stream, rec.group, rec.unit_id, theme, rec.signal))
    long = pd.DataFrame(rolled, columns=["stream", "group", "unit_id", "theme", "signal"])
    long = long.drop_duplicates(["stream", "unit_id", "theme"])
    groups = sorted(g for g in long.loc[long["stream"] == "interviews", "group"].unique() if g)
    out = []
    for code in codebook.codes:
        sub = long[long["theme"] == code.id]
        row: dict = {"theme": code.id, "label": code.label.get(language), "depth": len(chains[code.id]) - 1}
        directions = {}
        for stream in STREAMS:
            s = sub[sub["stream"] == stream]
            n, worse, better = len(s), int((s["signal"] == "worse").sum()), int((s["signal"] == "better").sum())
            row[f"{stream}_n"], row[f"{stream}_worse"], row[f"{stream}_better"] = n, worse, better
            row[f"{stream}_direction"] = stream_direction(worse, better) if n else ""
            if n:
                directions[stream] = row[f"{stream}_direction"]
            if stream == "interviews":
                for g in groups:
                    row[f"interviews:{g}"] = int((s["group"] == g).sum())
        row["n_streams"] = len(directions)
        row["direction"] = overall_direction(directions)
        row["convergence"] = convergence(directions)
        out.append(row)
    return pd.DataFrame(out)
