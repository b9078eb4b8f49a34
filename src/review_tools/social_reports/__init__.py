"""Social reports (SHL 7 §): pseudonymise, code into themes, summarise, link to indicators.

Reports are pseudonymised with the same :class:`~review_tools.pseudonymise.Pseudonymiser` as
interviews and coded with the same :func:`~review_tools.coding.suggest_codes`; human codes in
``welfare_codes`` are kept, and reports without them get the suggested codes (marked
``code_origin = "suggested"``). Summaries count reports by phenomenon, county, half-year and
affected group, and each phenomenon is shown beside the indicators of its themes for the same
county.

The region-independent stage ``04-social-reports`` (:mod:`review_tools.stages.social_reports`, run
once per batch) reads, validates, pseudonymises, codes and summarises every report with these
functions. The region-dependent stage ``06-regional-profile`` reads its ``social_reports.csv`` for
:func:`phenomena_with_indicators`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import Codebook, IndicatorSet
from ..errors import StageInputError
from ..identifiers import split_codes

__all__ = [
    "CODE_COLUMNS",
    "TEXT_COLUMNS",
    "half_year",
    "pseudonymise_reports",
    "code_reports",
    "summarise_reports",
    "phenomena_with_indicators",
]

#: Columns ``code_reports`` adds to the validated reports.
CODE_COLUMNS = ["suggested_codes", "suggestion_reasons", "codes", "code_origin", "suggestion_scores"]
#: Free-text columns that may contain identifiers.
TEXT_COLUMNS = ("phenomenon_title", "description", "affected_group", "causes", "consequences", "proposed_action",
                "service_area")


def half_year(dates: pd.Series) -> pd.Series:
    """Return ``"YYYY-H1"`` / ``"YYYY-H2"`` for ISO dates (blank for unparseable)."""
    d = pd.to_datetime(dates, errors="coerce")
    out = d.dt.year.astype("Int64").astype(str) + "-H" + np.where(d.dt.month <= 6, "1", "2")
    return out.where(d.notna(), "")


def pseudonymise_reports(reports: pd.DataFrame, pseudonymiser) -> tuple[pd.DataFrame, dict]:
    """Pseudonymise the free-text columns of the reports (returns a copy and counts per category)."""
    # not a cycle: stage 06 imports this module and must stay free of the pseudonymiser
    from ..pseudonymise import pseudonymise_frame

    cols = [c for c in TEXT_COLUMNS if c in reports.columns]
    return pseudonymise_frame(reports, cols, pseudonymiser, id_column="report_id")


def code_reports(
    reports: pd.DataFrame,
    codebook: Codebook,
    *,
    top_k: int = 3,
    min_score: float = 0.0,
    model=None,
) -> pd.DataFrame:
    """Code reports into codebook themes with the shared suggester.

    Parameters
    ----------
    reports : DataFrame
        Validated (and pseudonymised) reports.
    codebook : Codebook
        The review's codebook.
    top_k : int
        Suggestions kept per report.
    min_score : float
        Suggestions scoring below are dropped.
    model : CodeSuggester, optional
        A fitted model for :func:`~review_tools.coding.suggest_codes`.

    Returns
    -------
    DataFrame
        A copy with ``suggested_codes`` (``;``), ``suggestion_reasons``, ``suggestion_scores`` (``;``,
        in the order of the codes), ``codes`` (the human
        ``welfare_codes`` when given, else the suggestions) and ``code_origin``
        (``human``/``suggested``/``none``).
    """
    from ..coding import suggest_codes  # scikit-learn: loaded only when reports are coded

    text = reports[[c for c in ("phenomenon_title", "description", "causes", "consequences") if c in reports.columns]]
    units = pd.DataFrame(
        {
            "unit_id": reports["report_id"].astype(str),
            "text": text.fillna("").astype(str).agg("\n".join, axis=1),
            "language": reports.get("language", pd.Series("fi", index=reports.index)).astype(str),
        }
    )
    sugg = suggest_codes(units, codebook, top_k=top_k, model=model) if len(units) else pd.DataFrame(columns=["unit_id", "code", "score", "reason"])
    sugg = sugg[sugg["score"] >= min_score]
    joined = sugg.groupby("unit_id", sort=False).agg(
        suggested_codes=("code", ";".join), suggestion_reasons=("reason", lambda s: " | ".join(map(str, s))),
        suggestion_scores=("score", lambda s: ";".join(f"{v:.2f}" for v in s)),
    )
    out = reports.copy()
    out["suggested_codes"] = out["report_id"].astype(str).map(joined["suggested_codes"]).fillna("")
    out["suggestion_reasons"] = out["report_id"].astype(str).map(joined["suggestion_reasons"]).fillna("")
    out["suggestion_scores"] = out["report_id"].astype(str).map(joined["suggestion_scores"]).fillna("")
    human = out.get("welfare_codes", pd.Series("", index=out.index)).fillna("").astype(str).str.strip()
    out["codes"] = np.where(human != "", human, out["suggested_codes"])
    out["code_origin"] = np.where(human != "", "human", np.where(out["suggested_codes"] != "", "suggested", "none"))
    return out


def _sum_or_na(values) -> object:
    if values is None:
        return pd.NA
    total = pd.to_numeric(values, errors="coerce").sum(min_count=1)
    return pd.NA if pd.isna(total) else int(total)


def summarise_reports(reports: pd.DataFrame) -> pd.DataFrame:
    """Count reports by phenomenon, county, half-year and affected group.

    Returns
    -------
    DataFrame
        ``phenomenon, phenomenon_title, county_code, half_year, affected_group, n_reports,
        n_problem, n_good_practice, n_weak_signal, n_rising, n_high_urgency, clients_seen, codes``
        (codes of the group's reports, ``;``-joined, most frequent first).
    """
    need = ["phenomenon", "county_code", "submitted_at", "affected_group", "observation_type"]
    missing = [c for c in need if c not in reports.columns]
    if missing:
        raise StageInputError(f"summarise_reports: columns {missing} missing")
    d = reports.assign(half_year=half_year(reports["submitted_at"]))
    keys = ["phenomenon", "county_code", "half_year", "affected_group"]
    rows = []
    for k, g in d.groupby(keys, sort=True, dropna=False):
        codes = pd.Series([c for cs in g.get("codes", pd.Series("", index=g.index)).fillna("") for c in split_codes(cs)])
        rows.append(
            {
                **dict(zip(keys, k, strict=True)),
                "phenomenon_title": g["phenomenon_title"].iloc[0] if "phenomenon_title" in g else "",
                "n_reports": len(g),
                "n_problem": int((g["observation_type"] == "problem").sum()),
                "n_good_practice": int((g["observation_type"] == "good_practice").sum()),
                "n_weak_signal": int((g["observation_type"] == "weak_signal").sum()),
                "n_rising": int((g.get("trend", pd.Series("", index=g.index)) == "rising").sum()),
                "n_high_urgency": int((g.get("urgency", pd.Series("", index=g.index)) == "high").sum()),
                "clients_seen": _sum_or_na(g.get("clients_seen")),
                "codes": ";".join(codes.value_counts().index) if len(codes) else "",
            }
        )
    cols = ["phenomenon", "phenomenon_title", "county_code", "half_year", "affected_group", "n_reports", "n_problem",
            "n_good_practice", "n_weak_signal", "n_rising", "n_high_urgency", "clients_seen", "codes"]
    out = pd.DataFrame(rows, columns=cols)
    out["clients_seen"] = out["clients_seen"].astype("Int64")
    return out


def phenomena_with_indicators(reports: pd.DataFrame, profiles: dict[str, pd.DataFrame], indicator_set: IndicatorSet) -> pd.DataFrame:
    """Put each reported phenomenon beside the indicators of its themes for the same county.

    Parameters
    ----------
    reports : DataFrame
        Coded reports (``phenomenon, county_code, codes``).
    profiles : dict
        ``{county_code: profile}`` from :func:`~review_tools.indicators.profile.build_profile`.
    indicator_set : IndicatorSet
        Gives each indicator's themes.

    Returns
    -------
    DataFrame
        ``phenomenon, county_code, theme, n_reports, indicator_id, indicator, year, value,
        country_value, change, signal``; a theme matches an indicator theme when one is the
        other or its ancestor (``SW.SOC.COM`` matches ``SW.SOC.COM.LIV``). Phenomena whose
        themes have no indicator get one row with empty indicator columns.
    """
    themes_of = {i.id: list(i.themes) for i in indicator_set.indicators}

    def related(a: str, b: str) -> bool:
        return a == b or a.startswith(b + ".") or b.startswith(a + ".")

    rows = []
    for (phen, county), g in reports.groupby(["phenomenon", "county_code"], sort=True):
        codes = pd.Series([c for cs in g["codes"].fillna("") for c in split_codes(cs)])
        prof = profiles.get(str(county))
        for theme, n in codes.value_counts().items():
            if not theme.startswith("SW"):
                continue
            matched = False
            if prof is not None:
                for rec in prof.itertuples():
                    if any(related(theme, t) for t in themes_of.get(rec.indicator_id, [])):
                        matched = True
                        rows.append({"phenomenon": phen, "county_code": county, "theme": theme, "n_reports": int(n),
                                     "indicator_id": rec.indicator_id, "indicator": rec.indicator, "year": rec.year,
                                     "value": rec.value, "country_value": rec.country_value, "change": rec.change,
                                     "signal": rec.signal})
            if not matched:
                rows.append({"phenomenon": phen, "county_code": county, "theme": theme, "n_reports": int(n)})
    cols = ["phenomenon", "county_code", "theme", "n_reports", "indicator_id", "indicator", "year", "value",
            "country_value", "change", "signal"]
    return pd.DataFrame(rows, columns=cols)
