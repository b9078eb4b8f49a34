"""Separate, correctly named indicator signals for one region (county, municipality or the whole country).

:func:`region_signals` gives one row per indicator with a signal per question, each named by what it tests:

``level_vs_country``
    the region's latest value against the whole country in the same year (better / worse / about the
    same, direction-aware; "about the same" within ``tolerance`` of the country's value);
``level_vs_county`` (municipalities)
    against the municipality's own wellbeing services county;
``level_vs_similar_counties`` (counties)
    against the population-weighted mean of the counties most alike in size and urbanisation;
``trend_over_period``
    the slope per year over the period with its confidence interval (improving / worsening when the
    interval excludes zero, else no clear trend). For an index (median region = 100) the slope is a
    change *relative to the median region*, and ``trend_measures`` says so;
``rank``
    among the 21 wellbeing services counties (Helsinki placed beside them, Åland never ranked;
    ``rank_kind`` and ``rank_note`` say which and why), or among the municipalities of the county.

References are computed at the region's own level, so units agree: an index of a municipality
(against the median municipality) is compared with the population-weighted mean of municipal
indexes of its county and of the whole country, never with a county index. A reference is given only when
the regions with a value hold at least half of its population (a survey answered in a few municipalities is not
the country's value). Frames in, frames out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import IndicatorSet
from ..errors import StageInputError
from ..regions import COUNTRY_CODE, RegionKey
from .comparison import (
    ALAND,
    ALAND_REASON,
    HELSINKI,
    HELSINKI_NOTE,
    MIN_COVERAGE,
    WELLBEING_COUNTIES,
    county_features,
    rank_counties,
    similar_counties,
    trend,
    weighted_reference,
)
from .definitions import age_group, breakdown_of, gender, unit_label

__all__ = ["SIGNAL_COLUMNS", "SIGNAL_NAMES", "to_review_ids", "classify_level", "classify_trend", "region_signals",
           "is_index"]

SIGNAL_COLUMNS = [
    "indicator_id", "indicator", "unit", "better", "region_code", "region_name", "region_level", "year", "value",
    "country_value", "level_vs_country", "county_value", "level_vs_county", "similar_counties",
    "similar_counties_value", "level_vs_similar_counties", "first_year", "trend_slope", "trend_ci_low",
    "trend_ci_high", "trend_years", "trend_measures", "trend_over_period", "rank", "n_ranked", "rank_kind",
    "rank_among", "rank_note", "breakdown_of", "age_group", "gender",
]
#: Reader-facing names of the signal columns.
SIGNAL_NAMES = {
    "level_vs_country": {"en": "Level against the whole country", "fi": "Taso koko maahan verrattuna",
                         "sv": "Nivå jämfört med hela landet"},
    "level_vs_county": {"en": "Level against its wellbeing services county", "fi": "Taso omaan hyvinvointialueeseen verrattuna",
                        "sv": "Nivå jämfört med det egna välfärdsområdet"},
    "level_vs_similar_counties": {"en": "Level against similar counties", "fi": "Taso samankaltaisiin alueisiin verrattuna",
                                  "sv": "Nivå jämfört med liknande välfärdsområden"},
    "trend_over_period": {"en": "Trend over the period (95 % confidence interval)", "fi": "Kehitys jaksolla (95 %:n luottamusväli)",
                          "sv": "Utveckling under perioden (95 % konfidensintervall)"},
    "rank": {"en": "Rank among the 21 wellbeing services counties", "fi": "Sija 21 hyvinvointialueen joukossa",
             "sv": "Placering bland de 21 välfärdsområdena"},
}


def is_index(indicator) -> bool:
    """True for an index relative to the median region (its trend is relative to that region)."""
    return "median region" in indicator.unit or "median region" in unit_label(indicator, "en")


def to_review_ids(raw: pd.DataFrame, indicator_set: IndicatorSet) -> pd.DataFrame:
    """Keep rows of the set's indicators, with the review's ids (by id, ``source_variable`` or Sotkanet id)."""
    mapping = {}
    for ind in indicator_set.indicators:
        mapping[ind.id] = ind.id
        if ind.source_variable:
            mapping[ind.source_variable] = ind.id
        if ind.sotkanet_id is not None:
            mapping[str(ind.sotkanet_id)] = ind.id
    ids = raw["indicator_id"].map(mapping)
    return raw[ids.notna()].assign(indicator_id=ids[ids.notna()]).reset_index(drop=True)


def classify_level(value: float, reference: float, better: str, tolerance: float = 0.05) -> str:
    """``better``, ``worse`` or ``about the same`` (within ``tolerance`` of the reference); for context
    indicators ``higher``/``lower``; ``no data`` when either is missing."""
    if value is None or reference is None or np.isnan(value) or np.isnan(reference):
        return "no data"
    if abs(value - reference) <= tolerance * abs(reference):
        return "about the same"
    higher = value > reference
    if better == "context":
        return "higher" if higher else "lower"
    return "better" if higher == (better == "higher") else "worse"


def classify_trend(ci_low: float, ci_high: float, better: str) -> str:
    """``improving``/``worsening`` when the interval excludes zero (direction-aware), else ``no clear trend``;
    ``rising``/``falling`` for context indicators; ``too few years`` without an interval."""
    if np.isnan(ci_low) or np.isnan(ci_high):
        return "too few years"
    if ci_low <= 0 <= ci_high:
        return "no clear trend"
    up = ci_low > 0
    if better == "context":
        return "rising" if up else "falling"
    return "improving" if up == (better == "higher") else "worsening"


def _pop_by_year(population: pd.DataFrame, level: str) -> dict[int, pd.Series]:
    p = population[population["region_level"] == level]
    out = {int(y): g.set_index("region_code")["population"] for y, g in p.groupby("year")}
    return out


def _pop_for(pops: dict[int, pd.Series], year: int) -> pd.Series:
    if year in pops:
        return pops[year]
    if not pops:
        return pd.Series(dtype=float)
    nearest = min(pops, key=lambda y: abs(y - year))
    return pops[nearest]


def region_signals(
    data: pd.DataFrame,
    population: pd.DataFrame,
    indicator_set: IndicatorSet,
    key: RegionKey,
    region: str,
    level: str,
    period: tuple[int, int],
    *,
    language: str = "en",
    tolerance: float = 0.05,
    n_similar: int = 4,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """The signals of one region on every indicator with data (see the module docstring).

    Parameters
    ----------
    data : DataFrame
        Tidy rows with the review's ids (:func:`to_review_ids`); county and municipality levels.
    population : DataFrame
        ``region_code, region_level, year, population`` (weights of the references).
    indicator_set : IndicatorSet
        The review's indicators (order kept; those without any row in ``data`` are left out).
    key : RegionKey
        Today's regions (county of each municipality, names).
    region, level : str
        A normalised code and its level: ``county``, ``municipality`` or ``country`` (``SSS``).
    period : tuple of int
        ``(Y1, Y2)``.
    language : str
        Of titles, names and notes.
    tolerance : float
        Relative difference counted as "about the same".
    n_similar : int
        Number of similar counties.
    confidence : float
        Level of the trend's interval.

    Returns
    -------
    DataFrame
        :data:`SIGNAL_COLUMNS`, one row per indicator with data in the period.

    Raises
    ------
    StageInputError
        When no indicator has data for the region in the period (naming the years the data cover).
    """
    y1, y2 = period
    d = data[data["year"].between(y1, y2) & data["gender"].isin(["total", ""])]
    own_level = "county" if level == "country" else level
    d = d[d["region_level"] == own_level]
    pops = _pop_by_year(population, own_level)
    county_of = key._county
    mun_pop = population[population["region_level"] == "municipality"]
    peers: list[str] = []
    if level == "county" and region in WELLBEING_COUNTIES + (HELSINKI,) and not mun_pop.empty:
        latest = mun_pop[mun_pop["year"] == mun_pop["year"].max()]
        peers = similar_counties(county_features(latest, county_of), region, n_similar)
    members = None
    if level == "municipality":
        cty = county_of.get(region)
        members = [m for m, c in county_of.items() if c == cty]
    lang = language if language in ("fi", "sv", "en") else "en"
    rows = []
    for ind in indicator_set.indicators:
        part = d[d["indicator_id"] == ind.id]
        if part.empty:
            continue
        by_year = {int(y): g.set_index("region_code")["value"] for y, g in part.groupby("year")}
        if level == "country":
            series = pd.Series({y: weighted_reference(v[v.index != ALAND], _pop_for(pops, y), mainland(_pop_for(pops, y), county_of),
                                                      min_coverage=MIN_COVERAGE) for y, v in by_year.items()})
        else:
            series = pd.Series({y: v.get(region, np.nan) for y, v in by_year.items()})
        series = series.dropna().sort_index()
        # a survey value repeated unchanged in later years (the panel carries the latest survey forward) is one
        # observation, dated by its first year
        series = series[series.diff().ne(0)]
        row = {"indicator_id": ind.id, "indicator": ind.title.get(lang), "unit": unit_label(ind, lang),
               "better": ind.better, "region_code": region, "region_name": _name(key, region, level, lang),
               "region_level": level, "breakdown_of": breakdown_of(ind), "age_group": age_group(ind),
               "gender": gender(ind), "trend_measures": "change relative to the median region" if is_index(ind)
               else "change of the value"}
        if series.empty:
            rows.append({**row, "level_vs_country": "no data", "trend_over_period": "no data", "rank_kind": ""})
            continue
        year, value = int(series.index[-1]), float(series.iloc[-1])
        vals = by_year[year]
        country = weighted_reference(vals[vals.index != ALAND], _pop_for(pops, year), mainland(_pop_for(pops, year), county_of),
                                     min_coverage=MIN_COVERAGE)
        t = trend(series.index.to_numpy(), series.to_numpy(), window=ind.moving_average_years, confidence=confidence)
        row.update(year=year, value=value, first_year=int(series.index[0]), trend_slope=t["slope"],
                   trend_ci_low=t["ci_low"], trend_ci_high=t["ci_high"], trend_years=t["n"],
                   trend_over_period=classify_trend(t["ci_low"], t["ci_high"], ind.better))
        if level != "country":
            row.update(country_value=country, level_vs_country=classify_level(value, country, ind.better, tolerance))
        else:
            row.update(country_value=value, level_vs_country="")
        if level == "county":
            row.update(_county_rank(vals, region, ind.better, lang))
            if peers:
                pv = weighted_reference(vals.reindex(peers), _pop_for(pops, year))
                row.update(similar_counties=";".join(peers), similar_counties_value=pv,
                           level_vs_similar_counties=classify_level(value, pv, ind.better, tolerance))
        elif level == "municipality":
            mv = vals.reindex(members).dropna()
            cv = weighted_reference(mv, _pop_for(pops, year), members, min_coverage=MIN_COVERAGE)
            # a rank among the few municipalities a survey reached is no rank in the county
            ranks = mv.rank(ascending=ind.better == "lower", method="min") if len(mv) * 2 >= len(members) else pd.Series(dtype=float)
            row.update(county_value=cv, level_vs_county=classify_level(value, cv, ind.better, tolerance),
                       rank=int(ranks[region]) if region in ranks else np.nan, n_ranked=len(mv) if len(ranks) else np.nan,
                       rank_kind="ranked" if region in ranks else "",
                       rank_among="municipalities of the county")
        rows.append(row)
    if not rows or all(pd.isna(r.get("value", np.nan)) for r in rows):
        rng = f"{int(data['year'].min())}-{int(data['year'].max())}" if len(data) else "none"
        why = ""
        if ALAND in (region, county_of.get(region)):
            why = " (" + ALAND_REASON["en"] + ")"
        raise StageInputError(f"no indicator data for region {region} in {y1}-{y2}; the data cover {rng}{why}")
    out = pd.DataFrame(rows).reindex(columns=SIGNAL_COLUMNS)
    for c in ("rank", "n_ranked", "year", "first_year", "trend_years"):
        out[c] = out[c].astype("Int64")
    return out


def mainland(population: pd.Series, county_of: dict) -> list[str]:
    """Codes of ``population`` outside Åland (county 91 and its municipalities): the whole country's
    references leave Åland out, the panel has no data for it."""
    return [c for c in population.index if c != ALAND and county_of.get(c) != ALAND]


def _county_rank(vals: pd.Series, region: str, better: str, language: str) -> dict:
    if region == ALAND:
        return {"rank": np.nan, "n_ranked": np.nan, "rank_kind": "not ranked", "rank_among": "",
                "rank_note": ALAND_REASON[language]}
    r = rank_counties(vals, better)
    if region not in r.index:
        return {"rank": np.nan, "n_ranked": np.nan, "rank_kind": "", "rank_among": "", "rank_note": ""}
    rec = r.loc[region]
    note = HELSINKI_NOTE[language] if region == HELSINKI else ""
    return {"rank": rec["rank"], "n_ranked": rec["n_ranked"], "rank_kind": rec["rank_kind"],
            "rank_among": "wellbeing services counties", "rank_note": note}


def _name(key: RegionKey, code: str, level: str, language: str) -> str:
    if level == "municipality":
        return key.municipality_names(language).get(code, code)
    return key.region_name(COUNTRY_CODE if level == "country" else code, language)
