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

__all__ = ["evidence_units", "suggestion_units", "coder_signals", "direction_streams", "DIRECTION_SIGNALS", "UNIT_COLUMNS", "unknown_codes", "stream_direction", "convergence", "overall_direction", "evidence_matrix"]


#: What a coder's direction of a unit means for the matrix (problem / worsening: worse; strength /
#: improvement: better).
DIRECTION_SIGNALS = {"problem": "worse", "worsening": "worse", "strength": "better", "improvement": "better"}
#: Columns of :func:`evidence_units`.
UNIT_COLUMNS = ["stream", "group", "unit_id", "code", "signal", "origin"]


def coder_signals(directions: pd.DataFrame | None, source_type: str) -> dict[str, str]:
    """unit -> worse / better / unclear from the coders' directions (``03-coding/directions.csv``).

    Coders who agree give the unit their signal; coders pointing opposite ways make it unclear.
    """
    if directions is None or directions.empty:
        return {}
    d = directions[directions["source_type"] == source_type]
    out: dict[str, str] = {}
    for unit, sub in d.groupby("unit_id"):
        signals = {DIRECTION_SIGNALS.get(str(x), "unclear") for x in sub["direction"]}
        out[str(unit)] = signals.pop() if len(signals) == 1 else "unclear"
    return out


def evidence_units(artefacts: Artefacts, codebook: Codebook, region: str, period: str, scope=None, *,
                   count_suggestions: bool = False) -> pd.DataFrame:
    """Return every evidence unit with its theme: the long form the matrix is built from.

    Only codings a coder made or confirmed are evidence (origins ``REVIEWED_ORIGINS``: added or
    accepted in the coding view or imported from a team's coding table, and a social report's own
    welfare codes given by its author); code suggestions (origin ``lexicon``, a report's suggested
    codes) are proposals and are left out, unless ``count_suggestions`` (the protocol's
    ``evidence: count_suggestions``), when they are kept with origin ``suggestion``.

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
    count_suggestions : bool
        Count unreviewed suggestions as evidence too.

    Returns
    -------
    DataFrame
        Columns ``stream, group, unit_id, code, signal, origin`` (signal: worse / better / unclear /
        none; origin: ``reviewed``, ``suggestion`` or ``computed`` for indicators), one row per distinct
        (stream, unit, code); a unit coded both ways counts as reviewed. Codes outside the codebook
        are left out (they are counted by :func:`unknown_codes`). Literature and interview units carry
        the direction their coders gave them (``03-coding/directions.csv``), else ``none``; a social
        report carries its coders' direction, else its ``observation_type``.
    """
    from .._config_evidence import REVIEWED_ORIGINS

    known = {c.id for c in codebook.codes}
    codings = artefacts.table("03-coding", "codings.csv")
    origin = codings["origin"] if "origin" in codings.columns else pd.Series("human", index=codings.index)
    is_reviewed = origin.isin(REVIEWED_ORIGINS)
    codings = codings.assign(_origin=is_reviewed.map({True: "reviewed", False: "suggestion"}))
    if not count_suggestions:
        codings = codings[is_reviewed]
    directions = artefacts.get("03-coding", "directions.csv")
    rows: list[dict] = []

    included = set(artefacts.table("02-screening", "included.csv")["record_id"].dropna())
    lit = codings[(codings["source_type"] == "literature") & codings["unit_id"].isin(included)]
    lit_signal = coder_signals(directions, "literature")
    rows += [
        {"stream": "literature", "group": "", "unit_id": u, "code": c, "signal": lit_signal.get(u, "none"), "origin": o}
        for u, c, o in zip(lit["unit_id"], lit["code"], lit["_origin"], strict=True)
    ]

    segments = segments_in_scope(artefacts.table("03-coding", "segments.csv"), scope, region)
    group_of = dict(zip(segments["segment_id"], segments["informant_group"].fillna("unknown"), strict=True))
    inter = codings[(codings["source_type"] == "interview") & codings["unit_id"].isin(group_of)]
    int_signal = coder_signals(directions, "interview")
    rows += [
        {"stream": "interviews", "group": group_of[u], "unit_id": u, "code": c, "signal": int_signal.get(u, "none"),
         "origin": o}
        for u, c, o in zip(inter["unit_id"], inter["code"], inter["_origin"], strict=True)
    ]

    reports = regional_reports(artefacts.table("04-social-reports", "social_reports.csv"), region, scope)
    rep_signal = coder_signals(directions, "social_report")
    signal_of = {
        rid: rep_signal.get(str(rid), observation_signal(obs))
        for rid, obs in zip(reports["report_id"], reports.get("observation_type", pd.Series([""] * len(reports))), strict=True)
    }
    rep = codings[(codings["source_type"] == "social_report") & codings["unit_id"].isin(signal_of)]
    pairs = dict(zip(zip(rep["unit_id"], rep["code"], strict=True), rep["_origin"], strict=True))
    own = reports.get("code_origin", pd.Series("human", index=reports.index)).fillna("")
    for rid, codes, human_codes, how in zip(reports["report_id"], reports["codes"],
                                            reports.get("welfare_codes", reports["codes"]), own, strict=True):
        # the author's own welfare codes are reviewed; suggested codes are proposals
        given = split_codes(human_codes) if how == "human" else []
        for c in given:
            pairs[(rid, c)] = "reviewed"
        if count_suggestions and how != "human":
            for c in split_codes(codes):
                pairs.setdefault((rid, c), "suggestion")
    rows += [
        {"stream": "social_reports", "group": "", "unit_id": u, "code": c, "signal": signal_of[u], "origin": o}
        for (u, c), o in sorted(pairs.items())
    ]

    prof = region_profile(artefacts.table("06-regional-profile", "profile.csv"), region, period)
    for _, r in prof.iterrows():
        for c in split_codes(r["theme"]):
            rows.append(
                {"stream": "indicators", "group": "", "unit_id": r["indicator_id"], "code": c,
                 "signal": indicator_signal(r["signal"]), "origin": "computed"}
            )
    units = pd.DataFrame(rows, columns=UNIT_COLUMNS)
    units = units[units["code"].isin(known)]
    # a unit coded both by a coder and by a suggestion counts as reviewed
    units = units.sort_values("origin", key=lambda o: o.map({"reviewed": 0, "computed": 0}).fillna(1), kind="stable")
    units = units.drop_duplicates(["stream", "unit_id", "code"]).sort_index()
    return units.reset_index(drop=True)


def suggestion_units(artefacts: Artefacts, codebook: Codebook, region: str, scope=None) -> pd.DataFrame:
    """The code suggestions no coder has confirmed: the proposals of the report's appendix.

    Returns
    -------
    DataFrame
        ``stream, unit_id, code, score, reason``: interview segments and included studies with a
        lexicon coding above the threshold (score and reason from ``03-coding/suggestions.csv``), and
        the region's social reports with suggested codes (no welfare codes of their own).
    """
    known = {c.id for c in codebook.codes}
    codings = artefacts.table("03-coding", "codings.csv")
    sugg = artefacts.get("03-coding", "suggestions.csv")
    score = {} if sugg is None else {(str(u), c): (v, r) for u, c, v, r in
                                     zip(sugg["unit_id"], sugg["code"], sugg["score"], sugg["reason"], strict=True)}
    from .._config_evidence import REVIEWED_ORIGINS

    origin = codings["origin"] if "origin" in codings.columns else pd.Series("human", index=codings.index)
    reviewed_pairs = set(zip(codings.loc[origin.isin(REVIEWED_ORIGINS), "unit_id"],
                             codings.loc[origin.isin(REVIEWED_ORIGINS), "code"], strict=True))
    included = set(artefacts.table("02-screening", "included.csv")["record_id"].dropna())
    rows = []
    for r in codings[~origin.isin(REVIEWED_ORIGINS)].itertuples(index=False):
        if (r.unit_id, r.code) in reviewed_pairs or (r.source_type == "literature" and r.unit_id not in included):
            continue
        stream = {"interview": "interviews", "literature": "literature"}.get(r.source_type, "social_reports")
        v, why = score.get((str(r.unit_id), r.code), (float("nan"), ""))
        rows.append({"stream": stream, "unit_id": r.unit_id, "code": r.code, "score": v, "reason": why})
    reports = regional_reports(artefacts.table("04-social-reports", "social_reports.csv"), region, scope)
    if "suggested_codes" in reports.columns:
        for _, rep in reports[reports.get("code_origin", "") == "suggested"].iterrows():
            reasons = str(rep.get("suggestion_reasons") or "").split(" | ")
            scores = [float(x) for x in str(rep.get("suggestion_scores") or "").split(";") if x.strip()]
            for k, c in enumerate(split_codes(rep["suggested_codes"])):
                rows.append({"stream": "social_reports", "unit_id": rep["report_id"], "code": c,
                             "score": scores[k] if k < len(scores) else float("nan"),
                             "reason": reasons[k] if k < len(reasons) else ""})
    out = pd.DataFrame(rows, columns=["stream", "unit_id", "code", "score", "reason"])
    out = out[out["code"].isin(known)].drop_duplicates(["stream", "unit_id", "code"])
    return out.sort_values(["stream", "unit_id", "score"], ascending=[True, True, False]).reset_index(drop=True)


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

    Only the streams that carry a direction (worse / better / mixed; not ``none``) take part.

    Parameters
    ----------
    directions : mapping
        stream -> direction (worse / better / mixed / none), only for streams with at least one unit.

    Returns
    -------
    str
        One of ``CONVERGENCE_LABELS``: **no evidence** (no stream has a unit), **no direction**
        (evidence, but no stream carries a direction), **single stream** (one stream carries a
        direction), then by the rule in the package docstring over the streams carrying one.
    """
    if not directions:
        return "no evidence"
    values = [d for d in directions.values() if d != "none"]
    if not values:
        return "no direction"
    if len(values) == 1:
        return "single stream"
    if "worse" in values and "better" in values:
        return "conflict"
    leaning = max(values.count("worse"), values.count("better"))
    if leaning >= 2 and "mixed" not in values:
        return "agree"
    return "partly"


def direction_streams(directions: Mapping[str, str]) -> list[str]:
    """The streams whose direction took part in the convergence label (those carrying one), in stream order."""
    return [s for s in STREAMS if directions.get(s, "none") != "none"]


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
        convergence, direction_streams`` (the streams carrying a direction, ``;``-joined). A unit counts for its theme and every ancestor, once per theme.
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
        row["direction_streams"] = ";".join(direction_streams(directions))
        out.append(row)
    return pd.DataFrame(out)
