"""The region-dependent part of the indicators: one region's figures and phenomena beside indicators.

Everything that does not depend on the region (reading the corpus, harmonising municipalities,
aggregating counties, profiling every county and the whole country, citations) is done once per
batch by the stage ``05-indicator-data``. The stage ``06-regional-profile``
(:mod:`review_tools.stages.regional_profile`) reads those artefacts and the coded reports of
``04-social-reports``, and uses the functions here (frames in, frames out) to select the region,
put each reported phenomenon beside the indicators of its themes, and draw the region's figures.

It imports neither scipy.stats nor the profiling module, the pseudonymiser or the lemmatiser, and
matplotlib only when it draws.
"""

from __future__ import annotations

import pandas as pd

from ..errors import StageInputError

__all__ = ["PHENOMENA_COLUMNS", "normalise_period", "coerce_profiles", "coerce_indicator_data", "regional_figures",
           "regional_phenomena"]

PHENOMENA_COLUMNS = ["phenomenon", "county_code", "theme", "n_reports", "indicator_id", "indicator", "year", "value",
                     "country_value", "change", "signal"]


def regional_phenomena(phenomena: pd.DataFrame, region: str) -> pd.DataFrame:
    """The phenomena-beside-indicators rows of the region's county (all rows for the whole country)."""
    if region == "SSS" or phenomena.empty:
        return phenomena
    return phenomena[phenomena["county_code"].astype(str) == region].reset_index(drop=True)


def coerce_indicator_data(data: pd.DataFrame) -> pd.DataFrame:
    """``05-indicator-data/indicator_data.csv`` as read, with the types the figures expect."""
    data["gender"] = data["gender"].fillna("")
    data["computed"] = data["computed"].astype(str).str.lower().eq("true")
    return data


def coerce_profiles(profiles: pd.DataFrame) -> pd.DataFrame:
    """``05-indicator-data/profiles.csv`` as read, with integer years and ranks."""
    for c in ("year", "rank", "n_regions", "first_year"):
        if c in profiles.columns:
            profiles[c] = profiles[c].astype("Int64")
    return profiles


def normalise_period(period) -> str | None:
    """``"Y1-Y2"`` normalised (None when empty).

    Raises
    ------
    StageInputError
        When it is not two years.
    """
    if period is None or str(period).strip() == "":
        return None
    try:
        y1, y2 = (int(p) for p in str(period).split("-"))
    except ValueError:
        raise StageInputError(f"period '{period}': expected years Y1-Y2, e.g. 2000-2012") from None
    return f"{y1}-{y2}"


def regional_figures(in_period: pd.DataFrame, inds, key, grid, code: str, profile: pd.DataFrame,
                     signals_all: pd.DataFrame, span: tuple[int, int], language: str = "en") -> tuple[dict, dict]:
    """Draw the region's figures: ``trends``, ``heat_table`` and, with a tile grid, the two tile maps.

    Parameters
    ----------
    in_period : DataFrame
        The tidy indicator data of the period.
    inds : IndicatorSet
        The review's indicators.
    key : RegionKey
        Today's counties.
    grid : DataFrame or None
        The tile grid of the counties.
    code : str
        The region.
    profile : DataFrame
        The region's profile.
    signals_all : DataFrame
        Theme signals of every region.
    span : tuple of int
        The period.
    language : str
        Labels.

    Returns
    -------
    tuple of dict
        ``{name: Figure}`` and ``{name: alternative text}``.
    """
    from . import figures  # matplotlib: only when the stage draws

    y1, y2 = span
    code, level = key.check_region(code)
    area = key.county_of(code) if level == "municipality" else code  # a municipality: its county on the maps
    figs = {"trends": figures.trend_small_multiples(in_period, inds, key, code, (y1, y2), language=language),
            "heat_table": figures.heat_table(in_period, inds, key, highlight=area, language=language)}
    first_theme = next((t for i in inds.indicators for t in i.themes), None)
    if first_theme is not None and grid is not None:
        theme = signals_all[(signals_all["theme"] == first_theme) & (signals_all["region_code"] != "SSS")]
        sig = theme.set_index("region_code")["signal"].reindex([str(c) for c in key.counties["county_code"]]).fillna("no data")
        figs["tile_map_theme"] = figures.tile_map(sig, grid, key, title=f"{first_theme}: {y1}–{y2}", highlight=area,
                                                  language=language)
    lead = next((i for i in inds.indicators if i.better != "context"), None)
    if lead is not None and grid is not None:
        county_rows = in_period[(in_period["indicator_id"] == lead.id) & (in_period["region_level"] == "county")]
        row = {"year": county_rows["year"].max() if len(county_rows) else pd.NA}
        if level != "municipality":
            row = profile.set_index("indicator_id").loc[lead.id]
        vals = county_rows[county_rows["year"] == row["year"]].set_index("region_code")["value"] if pd.notna(row["year"]) \
            else pd.Series(dtype=float)
        figs["tile_map_indicator"] = figures.tile_map(vals.astype(float), grid, key, title=f"{lead.title.get(language)} ({row['year']})",
                                                      better=lead.better, highlight=area, language=language,
                                                      decimals=lead.decimals if lead.decimals is not None else 1)
    name, years = key.region_name(code, language), f"{y1}–{y2}"
    alt = {"trends": f"Trends {years} of {len(inds.indicators)} indicators: {name}, "
                     + (f"{key.region_name(area, language)} and the whole country" if level == "municipality"
                        else "the whole country and the municipalities"),
           "heat_table": f"Every county and indicator {years}, coloured by the difference from the whole country",
           "tile_map_theme": f"Map of the counties coloured by the indicator signal of theme {first_theme}, {years}",
           "tile_map_indicator": f"Map of the counties coloured by {lead.title.get(language) if lead else ''}"}
    return figs, alt
