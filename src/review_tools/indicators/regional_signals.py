"""Entry points for stages 05/06 and the report: every signal table of a run, frames in and frames out.

:func:`all_county_signals` (stage ``05-indicator-data``, once per batch) stacks the signals of the 21 wellbeing
services counties, Helsinki and the whole country. :func:`region_signal_tables` (stage ``06-regional-profile``)
gives one region's signals with its series breaks marked, its age/gender breakdowns, its reported phenomena
beside the indicators chosen for them, and the warnings a reader must see (periods that do not overlap).
:func:`reader_table` turns signals into the table a report shows: headings that say what each signal tests,
the unit ("index, median region = 100") in every row, the trend with its interval, and ranks with Helsinki
beside the counties and Åland's reason.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import IndicatorSet
from ..regions import COUNTRY_CODE, RegionKey
from .comparison import ALAND, ALAND_REASON, HELSINKI, WELLBEING_COUNTIES
from .context import (
    breakdown_table,
    breaks_in_period,
    mark_breaks,
    period_overlap_warnings,
    phenomena_beside_indicators,
)
from .definitions import PhenomenonLinks, SeriesBreaks
from .signals import SIGNAL_NAMES, region_signals

__all__ = ["all_county_signals", "region_signal_tables", "reader_table", "VALUE_TEXT"]

#: Signal values in the report's languages.
VALUE_TEXT = {
    "fi": {"better": "parempi", "worse": "huonompi", "about the same": "suunnilleen sama", "improving": "paranee",
           "worsening": "heikkenee", "no clear trend": "ei selvää suuntaa", "too few years": "liian vähän vuosia",
           "no data": "ei tietoa", "higher": "korkeampi", "lower": "matalampi", "rising": "nousee", "falling": "laskee"},
    "sv": {"better": "bättre", "worse": "sämre", "about the same": "ungefär samma", "improving": "förbättras",
           "worsening": "försämras", "no clear trend": "ingen klar riktning", "too few years": "för få år",
           "no data": "uppgift saknas", "higher": "högre", "lower": "lägre", "rising": "stiger", "falling": "sjunker"},
}
_HEAD = {
    "indicator": {"en": "Indicator", "fi": "Indikaattori", "sv": "Indikator"},
    "unit": {"en": "Unit", "fi": "Yksikkö", "sv": "Enhet"},
    "year": {"en": "Year", "fi": "Vuosi", "sv": "År"},
    "value": {"en": "Value", "fi": "Arvo", "sv": "Värde"},
    "country_value": {"en": "Whole country", "fi": "Koko maa", "sv": "Hela landet"},
    "county_value": {"en": "Its county", "fi": "Oma hyvinvointialue", "sv": "Eget välfärdsområde"},
    "similar_counties_value": {"en": "Similar counties", "fi": "Samankaltaiset alueet", "sv": "Liknande områden"},
    "trend_slope": {"en": "Change per year (95 % CI)", "fi": "Muutos vuodessa (95 %:n lv.)", "sv": "Förändring per år (95 % KI)"},
    "series_breaks": {"en": "Series breaks", "fi": "Sarjakatkot", "sv": "Seriebrott"},
}


def all_county_signals(data: pd.DataFrame, population: pd.DataFrame, indicator_set: IndicatorSet, key: RegionKey,
                       period: tuple[int, int], *, language: str = "en") -> pd.DataFrame:
    """Signals of the 21 counties, Helsinki (beside them) and the whole country, stacked (``region_code``).

    Åland has no data in the panel and is left out; a report on Åland says why it is not ranked
    (:data:`~review_tools.indicators.comparison.ALAND_REASON`).
    """
    frames = [region_signals(data, population, indicator_set, key, c, "county", period, language=language)
              for c in (*WELLBEING_COUNTIES, HELSINKI)]
    frames.append(region_signals(data, population, indicator_set, key, COUNTRY_CODE, "country", period, language=language))
    return pd.concat(frames, ignore_index=True)


def region_signal_tables(
    data: pd.DataFrame,
    population: pd.DataFrame,
    indicator_set: IndicatorSet,
    key: RegionKey,
    region: str,
    level: str,
    period: tuple[int, int],
    *,
    breaks: SeriesBreaks | None = None,
    links: PhenomenonLinks | None = None,
    reports: pd.DataFrame | None = None,
    report_dates=(),
    interview_dates=(),
    language: str = "en",
) -> dict:
    """Everything the regional profile shows for one region.

    Returns
    -------
    dict
        ``signals`` (:data:`~review_tools.indicators.signals.SIGNAL_COLUMNS` plus ``series_breaks``),
        ``breakdowns``, ``breaks`` (the breaks inside the period), ``phenomena`` (empty without reports),
        ``warnings`` (sentences for readers).
    """
    warnings: list[str] = []
    if region == ALAND:
        warnings.append(ALAND_REASON.get(language, ALAND_REASON["en"]))
    sig = region_signals(data, population, indicator_set, key, region, level, period, language=language)
    inside = breaks_in_period(breaks, indicator_set, period, language=language) if breaks is not None else \
        pd.DataFrame(columns=["indicator_id", "break_id", "year", "title", "note"])
    sig = mark_breaks(sig, inside)
    window = max((i.moving_average_years for i in indicator_set.indicators), default=1)
    warnings += period_overlap_warnings(period, report_dates=report_dates, interview_dates=interview_dates, window=window,
                                        language=language)
    phen = phenomena_beside_indicators(reports, links, sig, language=language) if reports is not None and len(reports) \
        else pd.DataFrame()
    return {"signals": sig, "breakdowns": breakdown_table(sig, indicator_set, language=language), "breaks": inside,
            "phenomena": phen, "warnings": warnings}


def _fmt(x, decimals: int) -> str:
    return "" if x is None or (isinstance(x, float) and np.isnan(x)) or x is pd.NA else f"{x:.{decimals}f}"


def _rank_text(r, language: str) -> str:
    if r.get("rank_kind") == "not ranked":
        return str(r.get("rank_note") or ALAND_REASON.get(language, ALAND_REASON["en"]))
    if pd.isna(r.get("rank")):
        return ""
    rank, n = int(r["rank"]), int(r["n_ranked"])
    if r.get("rank_kind") == "beside":
        return {"fi": f"rinnalla: sija {rank} / {n} hyvinvointialueen joukossa",
                "sv": f"bredvid: plats {rank} av {n} välfärdsområden"}.get(
            language, f"beside the counties: place {rank} of {n}")
    if r.get("region_level") == "municipality":
        return {"fi": f"{rank} / {n} alueen kunnista", "sv": f"{rank} av {n} kommuner i området"}.get(
            language, f"{rank} of {n} municipalities of the county")
    return f"{rank} / {n}"


def reader_table(signals: pd.DataFrame, indicator_set: IndicatorSet, *, language: str = "en") -> pd.DataFrame:
    """The signal table as readers see it: one column per signal under a heading naming what it tests."""
    lang = language if language in ("fi", "sv", "en") else "en"
    dec = {i.id: (i.decimals if i.decimals is not None else 1) for i in indicator_set.indicators}
    level = signals["region_level"].iloc[0] if len(signals) else "county"
    value = (lambda v: VALUE_TEXT[lang].get(v, v)) if lang in VALUE_TEXT else (lambda v: v)
    rows = []
    for r in signals.to_dict("records"):
        d = dec.get(r["indicator_id"], 1)
        row = {_HEAD["indicator"][lang]: r["indicator"], _HEAD["unit"][lang]: r["unit"],
               _HEAD["year"][lang]: "" if pd.isna(r["year"]) else str(int(r["year"])),
               _HEAD["value"][lang]: _fmt(r["value"], d)}
        if level != "country":
            row[_HEAD["country_value"][lang]] = _fmt(r["country_value"], d)
            row[SIGNAL_NAMES["level_vs_country"][lang]] = value(r["level_vs_country"])
        if level == "municipality":
            row[_HEAD["county_value"][lang]] = _fmt(r["county_value"], d)
            row[SIGNAL_NAMES["level_vs_county"][lang]] = value(r["level_vs_county"])
        if level == "county":
            row[_HEAD["similar_counties_value"][lang]] = _fmt(r["similar_counties_value"], d)
            row[SIGNAL_NAMES["level_vs_similar_counties"][lang]] = value(r["level_vs_similar_counties"] or "no data") \
                if isinstance(r["level_vs_similar_counties"], str) else value("no data")
        slope = "" if pd.isna(r["trend_slope"]) else \
            f"{r['trend_slope']:+.1f} ({r['trend_ci_low']:+.1f} … {r['trend_ci_high']:+.1f})"
        row[_HEAD["trend_slope"][lang]] = slope
        row[SIGNAL_NAMES["trend_over_period"][lang]] = value(r["trend_over_period"])
        if level in ("county", "municipality"):
            row[SIGNAL_NAMES["rank"][lang] if level == "county" else {"en": "Rank in its county", "fi": "Sija alueella",
                                                                      "sv": "Placering i området"}[lang]] = _rank_text(r, lang)
        row[_HEAD["series_breaks"][lang]] = r.get("series_breaks", "")
        rows.append(row)
    return pd.DataFrame(rows)
