"""The review's indicator set applied to regional data: tidy data, regional profile, theme signals.

:func:`prepare_indicator_data` turns raw tidy rows (source ids, historical borders) into the
``indicator_data.csv`` table (review ids; today's municipalities, counties and the whole
country; computed-vs-published flag, aggregation method and the 2023 reform break).
:func:`build_profile` gives one row per indicator for a county, a municipality (against its county and the
whole country) or ``SSS``: latest value,
change and trend over the period, gap to the whole country, rank among the counties, spread
between the county's municipalities and a direction-aware signal. :func:`theme_signals`
summarises signals per theme.
"""

from __future__ import annotations

import warnings
from collections.abc import Collection

import numpy as np
import pandas as pd
from scipy import special

from ..config import IndicatorSet
from ..errors import ReviewToolsWarning, StageInputError
from ..identifiers import split_codes
from ..parameters import parse_period as _parse_period
from ..readers.indicator_tables import COUNTRY_CODE
from .regions import (
    AGG_COLUMNS,
    REFORM_YEAR,
    RegionKey,
    aggregate_regions,
    combine_published,
    harmonise_municipalities,
    population_table,
    published_as_county,
    region_equivalents,
)
from .sotkanet import citation

__all__ = [
    "PROFILE_COLUMNS",
    "SIGNALS",
    "parse_period",
    "map_to_review_ids",
    "prepare_indicator_data",
    "build_profile",
    "build_profiles",
    "theme_signals",
    "indicator_citations",
    "indicator_table",
]

PROFILE_COLUMNS = [
    "indicator_id", "indicator", "theme", "region_code", "region_name", "year", "value",
    "country_value", "gap", "change", "trend_slope", "rank", "n_regions", "spread", "signal",
    "unit", "better", "first_year", "trend_p", "computed", "method", "reform_break", "county_value",
]
SIGNALS = ("better", "worse", "no clear change", "context", "no data")


def parse_period(period: str | None) -> tuple[int, int] | None:
    """Parse ``"Y1-Y2"`` (or ``"Y"``) into ``(Y1, Y2)``; ``None`` or ``""`` gives ``None``.

    The parsing is :func:`review_tools.parameters.parse_period` (one implementation).

    Raises
    ------
    StageInputError
        When the text is not of that form or Y1 > Y2.
    """
    if period in (None, ""):
        return None
    return _parse_period(period, error=StageInputError)


def map_to_review_ids(raw: pd.DataFrame, indicator_set: IndicatorSet) -> pd.DataFrame:
    """Keep rows of the set's indicators and replace source ids by the review's ids.

    A row matches an indicator when its ``indicator_id`` is the review id, or when it is the
    Sotkanet id of a Sotkanet indicator. Indicators of the set without any row are named in a
    warning.
    """
    mapping = {}
    for ind in indicator_set.indicators:
        mapping[ind.id] = ind.id
        if ind.sotkanet_id is not None:
            mapping[str(ind.sotkanet_id)] = ind.id
        if ind.source_variable:
            mapping[ind.source_variable] = ind.id
    ids = raw["indicator_id"].map(mapping)
    out = raw[ids.notna()].assign(indicator_id=ids[ids.notna()])
    present = set(out["indicator_id"].unique())
    missing = [i.id for i in indicator_set.indicators if i.id not in present]
    if missing:
        warnings.warn(f"no data for indicators {missing} of the indicator set", ReviewToolsWarning, stacklevel=2)
    return out.reset_index(drop=True)


def prepare_indicator_data(raw: pd.DataFrame, indicator_set: IndicatorSet, key: RegionKey, *, data_key: pd.DataFrame | None = None) -> pd.DataFrame:
    """Build the tidy ``indicator_data`` table on today's borders.

    Parameters
    ----------
    raw : DataFrame
        Tidy rows from the readers; a ``file`` column (if present) separates inputs published
        on different borders, which are harmonised separately.
    indicator_set : IndicatorSet
        Gives review ids, aggregation methods and the population indicator.
    key : RegionKey
        Today's regions and the crosswalk of historical codes.
    data_key : DataFrame, optional
        The municipality key on whose borders regional (maakunta) rows were published; where a
        region equals one county, its published values become the county's (``computed=False``).

    Returns
    -------
    DataFrame
        :data:`~review_tools.indicators.regions.AGG_COLUMNS`: municipality (today's codes),
        county and country rows.
    """
    data = map_to_review_ids(raw, indicator_set)
    if "file" not in data.columns:
        data = data.assign(file="")
    methods = {i.id: i.aggregation for i in indicator_set.indicators}
    pop_id = indicator_set.population_indicator
    municipal, newest = [], []
    for fname, part in data.groupby("file", sort=True):
        weights = population_table(part, pop_id) if pop_id else None
        if weights is not None and weights.empty:
            weights = None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ReviewToolsWarning) if part["region_level"].ne("municipality").all() else None
            h = harmonise_municipalities(part, key, methods, weights) if (part["region_level"] == "municipality").any() else None
        if h is not None and not h.empty:
            municipal.append(h.assign(_rank=int(part["year"].max())))
            newest.append(fname)
    if municipal:
        mun = pd.concat(municipal, ignore_index=True).sort_values("_rank", ascending=False, kind="stable")
        mun = mun.drop_duplicates(["indicator_id", "region_code", "year", "gender"]).drop(columns="_rank")
    else:
        mun = pd.DataFrame(columns=AGG_COLUMNS)
    mun = mun.assign(region_level="municipality")
    pop = population_table(mun, pop_id) if pop_id else pd.DataFrame(columns=["region_code", "year", "population"])
    if any(m == "population_weighted_mean" for m in methods.values()) and pop.empty:
        raise StageInputError(f"rates are weighted by population, but there are no rows of the population indicator {pop_id!r}")
    computed = aggregate_regions(mun, key, methods, pop)
    published = data[data["region_level"].isin(["county", "country"])]
    if data_key is not None:
        published = pd.concat([published, published_as_county(data, region_equivalents(key, data_key))], ignore_index=True)
    regional = combine_published(computed, published) if not published.empty else computed
    out = pd.concat([mun.reindex(columns=AGG_COLUMNS), regional.reindex(columns=AGG_COLUMNS)], ignore_index=True)
    out["year"] = out["year"].astype(int)
    out["computed"] = out["computed"].astype(bool)
    out["reform_break"] = out["reform_break"].astype(bool)
    out["method"] = out["method"].fillna("")
    level_order = {"country": 0, "county": 1, "municipality": 2}
    out = out.assign(_l=out["region_level"].map(level_order)).sort_values(["indicator_id", "_l", "region_code", "year", "gender"], kind="stable")
    return out.drop(columns="_l").reset_index(drop=True)


def _trend(years: np.ndarray, values: np.ndarray) -> tuple[float, float]:
    """Least-squares slope per year and its two-sided p-value (t test, n - 2 df)."""
    n = len(values)
    if n < 3 or np.ptp(years) == 0:
        return (float(values[-1] - values[0]) / float(years[-1] - years[0]) if n == 2 else np.nan), np.nan
    x = years - years.mean()
    sxx = float((x * x).sum())
    slope = float((x * (values - values.mean())).sum() / sxx)
    resid = values - values.mean() - slope * x
    s2 = float((resid * resid).sum()) / (n - 2)
    if s2 == 0:
        return slope, (0.0 if slope != 0 else 1.0)
    t = slope / np.sqrt(s2 / sxx)
    return slope, float(2 * special.stdtr(n - 2, -abs(t)))  # two-sided t test; scipy.stats costs ~1 s to import


def _signal(better: str, slope: float, p: float, change: float, n: int, alpha: float) -> str:
    if better == "context":
        return "context"
    if n == 0:
        return "no data"
    if n < 3 or np.isnan(p) or p >= alpha or slope == 0:
        return "no clear change"
    up = slope > 0
    good = up if better == "higher" else not up
    return "better" if good else "worse"


def build_profile(
    data: pd.DataFrame,
    indicator_set: IndicatorSet,
    key: RegionKey,
    region: str,
    period: str | tuple[int, int] | None = None,
    *,
    language: str = "en",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Profile one county (or the whole country) on every indicator of the set.

    Parameters
    ----------
    data : DataFrame
        Output of :func:`prepare_indicator_data`.
    indicator_set : IndicatorSet
        The review's indicators (order kept).
    key : RegionKey
        Today's regions.
    region : str
        County code of the current key (leading zeros accepted), municipality code (three digits) or ``SSS``.
    period : str or tuple, optional
        ``"Y1-Y2"``; default all years.
    language : str
        Language of indicator titles and region names.
    alpha : float
        Significance level of the trend test behind ``signal``.

    Returns
    -------
    DataFrame
        :data:`PROFILE_COLUMNS`, one row per indicator. ``value`` is the region's value in the
        latest year of the period with data (``year``); ``change`` is that value minus the value
        in the first year with data (``first_year``); ``trend_slope`` is the least-squares slope
        per year and ``trend_p`` its p-value; ``gap`` is value minus ``country_value`` in the same
        year; ``rank`` is 1 for the best county in that year (for ``better: context``, 1 = highest
        value) among ``n_regions`` counties with a value; ``spread`` is the range (max - min)
        between the region's municipalities that year (between counties for ``SSS``); for a
        municipality ``rank`` and ``n_regions`` are among the municipalities of its county with a value,
        ``spread`` is between them and ``county_value`` is its county's value in the same year;
        ``signal`` is ``better``/``worse`` when the trend is significant at ``alpha`` in the
        good/bad direction, else ``no clear change`` (``context`` for context indicators);
        ``reform_break`` is True when the region's series in the period spans the 2023 county
        reform.

    Raises
    ------
    StageInputError
        For an unknown region code, an invalid period, or a period in which no indicator has data.
    """
    code, _ = key.check_region(region)
    return build_profiles(data, indicator_set, key, [code], period, language=language, alpha=alpha)[code]


def build_profiles(
    data: pd.DataFrame,
    indicator_set: IndicatorSet,
    key: RegionKey,
    regions,
    period: str | tuple[int, int] | None = None,
    *,
    language: str = "en",
    alpha: float = 0.05,
    warn: bool | Collection[str] = True,
) -> dict[str, pd.DataFrame]:
    """Profile several regions at once (see :func:`build_profile`); returns ``{code: profile}``.

    The data are split by indicator, level and region once, so profiling all 23 counties costs
    little more than profiling one. ``warn`` (True, False, or the codes to warn for) controls the
    warning that names a region's indicators without data.
    """
    checked = [key.check_region(r) for r in regions]
    muns = {c for c, lvl in checked if lvl == "municipality"}
    mun_counties = {key._county[c] for c in muns if c in key._county}
    y1, y2 = parse_period(period) if isinstance(period, str | type(None)) else period
    if y1 is None:
        y1, y2 = int(data["year"].min()), int(data["year"].max())
    d = data[(data["gender"].isin(["total", ""])) & (data["year"] >= y1) & (data["year"] <= y2)]
    if d.empty:
        rng = f"{int(data['year'].min())}-{int(data['year'].max())}" if len(data) else "none"
        raise StageInputError(f"no indicator data in {y1}-{y2}; the data cover {rng}")
    county_of = key._county
    prepared = {}
    for ind_id, part in d.groupby("indicator_id", sort=False):
        part = part.sort_values("year", kind="stable")
        lv = part["region_level"].to_numpy()
        series = {(lvl, c): g for (lvl, c), g in part[lv != "municipality"].groupby(["region_level", "region_code"], sort=False)}
        mun = part[lv == "municipality"]
        if muns:
            series.update({("municipality", c): g for c, g in mun[mun["region_code"].isin(muns)].groupby("region_code", sort=False)})
        mun = mun.assign(county=mun["region_code"].map(county_of))
        peers = {cy: g.set_index("region_code")["value"]
                 for cy, g in mun[mun["county"].isin(mun_counties)].groupby(["county", "year"])} if muns else {}
        mg = mun.groupby(["county", "year"])["value"].agg(["max", "min", "count"])
        mun_spread = (mg["max"] - mg["min"]).where(mg["count"] >= 2)
        counties = part[lv == "county"]
        county_by_year = {y: g.set_index("region_code")["value"] for y, g in counties.groupby("year")}
        country = part[lv == "country"].set_index("year")["value"]
        prepared[ind_id] = (series, mun_spread, county_by_year, country, int(counties["region_code"].nunique()), peers)
    result = {}
    for code, level in checked:
        rows, no_data = [], []
        for ind in indicator_set.indicators:
            row = {
                "indicator_id": ind.id, "indicator": ind.title.get(language), "theme": ";".join(ind.themes),
                "region_code": code, "region_name": key.region_name(code, language), "unit": ind.unit,
                "better": ind.better,
            }
            prep = prepared.get(ind.id)
            own = prep[0].get((level, code)) if prep else None
            if own is None or own.empty:
                no_data.append(ind.id)
                row.update(signal=_signal(ind.better, np.nan, np.nan, np.nan, 0, alpha), n_regions=0)
                rows.append(row)
                continue
            _, mun_spread, county_by_year, country, n_counties, peers = prep
            years, values = own["year"].to_numpy(int), own["value"].to_numpy(float)
            year, value = int(years[-1]), float(values[-1])
            slope, p = _trend(years.astype(float), values)
            cv = float(country.get(year, np.nan))
            same_year = county_by_year.get(year, pd.Series(dtype=float))
            n_regions = int(len(same_year))
            rank = np.nan
            county_value = np.nan
            if level == "municipality":
                cty = county_of.get(code, "")
                county_value = float(same_year.get(cty, np.nan))
                same_year = peers.get((cty, year), pd.Series(dtype=float))
                n_regions = int(len(same_year))
                rank = float(same_year.rank(ascending=ind.better == "lower", method="min").get(code, np.nan)) \
                    if n_regions else np.nan
                spread = float(mun_spread.get((cty, year), np.nan))
            elif level == "county" and n_regions:
                ranks = same_year.rank(ascending=ind.better == "lower", method="min")
                rank = float(ranks.get(code, np.nan))
                spread = float(mun_spread.get((code, year), np.nan))
            else:
                spread = float(same_year.max() - same_year.min()) if n_regions >= 2 else np.nan
            last = own.iloc[-1]
            row.update(
                year=year, value=value, country_value=cv, gap=value - cv if not np.isnan(cv) else np.nan,
                change=float(values[-1] - values[0]) if len(values) > 1 else np.nan, trend_slope=slope,
                rank=rank, n_regions=n_regions if level != "country" else n_counties, county_value=county_value,
                spread=spread, signal=_signal(ind.better, slope, p, values[-1] - values[0], len(values), alpha),
                first_year=int(years[0]), trend_p=p, computed=bool(last["computed"]), method=str(last["method"]),
                reform_break=bool(level == "county" and years[0] < REFORM_YEAR <= years[-1]),
            )
            rows.append(row)
        if len(no_data) == len(indicator_set.indicators):
            raise StageInputError(f"none of the indicators has data for region {code} in {y1}-{y2}")
        if no_data and (warn is True or (not isinstance(warn, bool) and code in warn)):
            warnings.warn(f"region {code}, {y1}-{y2}: no data for {no_data}", ReviewToolsWarning, stacklevel=2)
        out = pd.DataFrame(rows).reindex(columns=PROFILE_COLUMNS)
        for c in ("year", "rank", "n_regions", "first_year"):
            out[c] = out[c].astype("Int64")
        result[code] = out
    return result


def theme_signals(profile: pd.DataFrame) -> pd.DataFrame:
    """Summarise indicator signals per theme.

    Returns
    -------
    DataFrame
        ``theme, signal, n_better, n_worse, n_unclear``; ``signal`` is ``better`` or ``worse``
        when that count is strictly larger than the other, ``mixed`` when both are equal and
        positive, ``no clear change`` otherwise. Context indicators and indicators without data
        are not counted.
    """
    rows = {}
    for rec in profile.itertuples():
        if rec.signal in ("context", "no data") or not rec.theme:
            continue
        for theme in split_codes(rec.theme):
            r = rows.setdefault(theme, {"theme": theme, "n_better": 0, "n_worse": 0, "n_unclear": 0})
            key = {"better": "n_better", "worse": "n_worse"}.get(rec.signal, "n_unclear")
            r[key] += 1
    out = []
    for r in rows.values():
        if r["n_better"] > r["n_worse"]:
            sig = "better"
        elif r["n_worse"] > r["n_better"]:
            sig = "worse"
        elif r["n_better"] > 0:
            sig = "mixed"
        else:
            sig = "no clear change"
        out.append({**r, "signal": sig})
    return pd.DataFrame(out, columns=["theme", "signal", "n_better", "n_worse", "n_unclear"])


def indicator_citations(indicator_set: IndicatorSet, data: pd.DataFrame, *, language: str = "en") -> pd.DataFrame:
    """Return ``indicator_id, citation`` for every indicator (Sotkanet's CC BY 4.0 form).

    The reference date is the latest ``retrieval_date`` of the indicator's rows, when known.
    """
    rows = []
    dated = data[["indicator_id", "retrieval_date"]].dropna()
    dated = dated.assign(retrieval_date=dated["retrieval_date"].astype(str))
    latest = dated[dated["retrieval_date"] != ""].groupby("indicator_id")["retrieval_date"].max().to_dict()
    for ind in indicator_set.indicators:
        ref = latest.get(ind.id)
        title = ind.title.get(language)
        if ind.source == "sotkanet" and ind.sotkanet_id is not None:
            text = citation(ind.sotkanet_id, title, referenced=ref, language=language)
        else:
            text = f"{ind.data_owner}. {title}." + (f" Referenced on {ref}." if ref else "")
        rows.append({"indicator_id": ind.id, "citation": text})
    return pd.DataFrame(rows, columns=["indicator_id", "citation"])


def indicator_table(indicator_set: IndicatorSet, *, language: str = "en") -> pd.DataFrame:
    """Return the indicator set as a table (id, title, themes, unit, better, aggregation, source id)."""
    return pd.DataFrame(
        [
            {
                "indicator_id": i.id, "indicator": i.title.get(language), "themes": ";".join(i.themes),
                "unit": i.unit, "better": i.better, "aggregation": i.aggregation,
                "sotkanet_id": i.sotkanet_id, "data_owner": i.data_owner, "update_frequency": i.update_frequency,
            }
            for i in indicator_set.indicators
        ]
    )


def country_code() -> str:
    """Return the code of the whole country (``SSS``)."""
    return COUNTRY_CODE
