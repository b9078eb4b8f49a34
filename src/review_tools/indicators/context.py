"""What the signals need beside them: series breaks, period overlap, breakdowns, chosen phenomenon links.

Frames in, frames out. :func:`breaks_in_period` lists the series breaks (``review/series_breaks.yaml``) that
fall inside a period, per indicator, and :func:`mark_breaks` adds them to a signal table (the figures draw a
line at each year). :func:`period_overlap_warnings` warns where social reports or interviews are dated
outside the indicator years. :func:`breakdown_table` puts the age groups (and genders) of one indicator side
by side and says where the data publish none. :func:`phenomena_beside_indicators` joins each reported
phenomenon with the indicators the team chose for it (``review/phenomenon_indicators.yaml``), never by theme.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from ..config import IndicatorSet
from .definitions import PhenomenonLinks, SeriesBreaks, age_group, breakdown_of, gender

__all__ = ["breaks_in_period", "mark_breaks", "period_overlap_warnings", "breakdown_table",
           "phenomena_beside_indicators", "GENDER_NOT_PUBLISHED"]

GENDER_NOT_PUBLISHED = {"en": "not published by gender in this data", "fi": "ei julkaistu sukupuolen mukaan tässä aineistossa",
                        "sv": "inte publicerat efter kön i dessa data"}


def _theme_match(theme: str, themes: Iterable[str]) -> bool:
    return any(t == theme or t.startswith(theme + ".") for t in themes)


def breaks_in_period(breaks: SeriesBreaks, indicator_set: IndicatorSet, period: tuple[int, int], *,
                     language: str = "en") -> pd.DataFrame:
    """Series breaks whose year lies inside the period (after its first year, up to its last).

    Returns
    -------
    DataFrame
        ``indicator_id, break_id, year, title, note``, one row per affected indicator and break.
    """
    y1, y2 = period
    rows = []
    for b in breaks.breaks:
        if not (y1 < b.year <= y2):
            continue
        for ind in indicator_set.indicators:
            if ind.id in b.indicators or any(_theme_match(t, ind.themes) for t in b.themes):
                rows.append({"indicator_id": ind.id, "break_id": b.id, "year": b.year, "title": b.title.get(language),
                             "note": b.note.get(language) if b.note else ""})
    return pd.DataFrame(rows, columns=["indicator_id", "break_id", "year", "title", "note"])


def mark_breaks(signals: pd.DataFrame, in_period: pd.DataFrame) -> pd.DataFrame:
    """Add ``series_breaks`` ("2017: Basic social assistance moved to Kela ..."; ``; ``-joined) to a signal table.

    The trend over a break compares values recorded under different rules; the table says so beside the
    trend instead of hiding it.
    """
    text: dict[str, list[str]] = {}
    for ind, year, title in zip(in_period["indicator_id"], in_period["year"], in_period["title"], strict=True):
        text.setdefault(ind, []).append(f"{year}: {title}")
    return signals.assign(series_breaks=[("; ".join(text.get(i, []))) for i in signals["indicator_id"]])


def _span(dates) -> tuple[int, int] | None:
    years = sorted({d.year for d in dates if isinstance(d, dt.date)})
    return (years[0], years[-1]) if years else None


_OVERLAP = {
    "en": ("social reports", "interviews", "The {what} are dated {dates} but the indicators cover {covered}: they do not "
           "overlap (a gap of {gap} {years}); read the indicators as the background before the {what}, not as the same "
           "period.", "moving averages reach {reach}", ("year", "years")),
    "fi": ("sosiaaliset raportit", "haastattelut", "{What} ovat vuosilta {dates}, mutta indikaattorit kattavat vuodet "
           "{covered}: ajanjaksot eivät kohtaa ({gap} {years} väli); lue indikaattorit taustana ennen kuin "
           "{what} on laadittu, ei saman ajan kuvana.", "liukuvat keskiarvot ulottuvat vuoteen {reach}", ("vuoden", "vuoden")),
    "sv": ("sociala rapporterna", "intervjuerna", "De {what} är från {dates} men indikatorerna gäller {covered}: perioderna "
           "möts inte ({gap} {years} mellanrum); läs indikatorerna som bakgrund före {what}, inte som samma period.",
           "glidande medelvärden når {reach}", ("års", "års")),
}


def period_overlap_warnings(period: tuple[int, int], *, report_dates=(), interview_dates=(), window: int = 1,
                            language: str = "en") -> list[str]:
    """Warn where social reports or interviews are dated outside the indicator years.

    Parameters
    ----------
    period : tuple of int
        The indicator years shown.
    report_dates, interview_dates : iterable of date
        Dates of the social reports and interviews of the run (missing dates are ignored).
    window : int
        The longest moving average of the indicators: year Y then covers up to Y + (window - 1) // 2.
    language : str
        ``en``, ``fi`` or ``sv``.

    Returns
    -------
    list of str
        One sentence per stream that does not overlap (none when the years overlap).
    """
    rep, inter, template, reach_text, unit = _OVERLAP.get(language, _OVERLAP["en"])
    y1, y2 = period
    reach = y2 + (window - 1) // 2
    out = []
    for what, dates in ((rep, report_dates), (inter, interview_dates)):
        span = _span(dates)
        if span is None:
            continue
        a, b = span
        if a > reach or b < y1:
            gap = a - reach if a > reach else y1 - b
            covered = f"{y1}–{y2}" + (f" ({reach_text.format(reach=reach)})" if reach != y2 else "")
            out.append(template.format(what=what, What=what[:1].upper() + what[1:], dates=f"{a}–{b}" if a != b else str(a),
                                       covered=covered, gap=gap, years=unit[gap != 1]))
    return out


def breakdown_table(signals: pd.DataFrame, indicator_set: IndicatorSet, *, language: str = "en") -> pd.DataFrame:
    """Breakdowns side by side: one row per indicator group and age group or gender.

    Returns
    -------
    DataFrame
        ``group, breakdown, category, indicator_id, year, value, level_vs_country, trend_over_period``;
        for each group a ``gender`` row saying the data publish no breakdown by gender when none is defined.
    """
    rows = []
    groups: dict[str, list] = {}
    for ind in indicator_set.indicators:
        if breakdown_of(ind):
            groups.setdefault(breakdown_of(ind), []).append(ind)
    sig = signals.set_index("indicator_id")
    for group, members in groups.items():
        for ind in members:
            kind = "age" if age_group(ind) else "gender"
            rec = sig.loc[ind.id] if ind.id in sig.index else None
            rows.append({"group": group, "breakdown": kind, "category": age_group(ind) or gender(ind),
                         "indicator_id": ind.id, "year": rec["year"] if rec is not None else pd.NA,
                         "value": rec["value"] if rec is not None else float("nan"),
                         "level_vs_country": rec["level_vs_country"] if rec is not None else "no data",
                         "trend_over_period": rec["trend_over_period"] if rec is not None else "no data"})
        if not any(gender(i) for i in members):
            rows.append({"group": group, "breakdown": "gender", "category": GENDER_NOT_PUBLISHED.get(language, GENDER_NOT_PUBLISHED["en"]),
                         "indicator_id": "", "year": pd.NA, "value": float("nan"), "level_vs_country": "",
                         "trend_over_period": ""})
    return pd.DataFrame(rows, columns=["group", "breakdown", "category", "indicator_id", "year", "value",
                                       "level_vs_country", "trend_over_period"])


def phenomena_beside_indicators(reports: pd.DataFrame, links: PhenomenonLinks | None, signals: pd.DataFrame, *,
                                language: str = "en") -> pd.DataFrame:
    """Each reported phenomenon beside the indicators chosen for it in ``phenomenon_indicators.yaml``.

    Parameters
    ----------
    reports : DataFrame
        Coded social reports of the run's region (``phenomenon``).
    links : PhenomenonLinks or None
        The team's choice; None: every phenomenon is shown without indicators, and says why.
    signals : DataFrame
        The region's signals (:func:`~review_tools.indicators.signals.region_signals`).

    Returns
    -------
    DataFrame
        ``phenomenon, n_reports, indicator_id, indicator, year, value, level_vs_country, trend_over_period,
        link_reason``; a phenomenon without a chosen indicator has one row whose ``link_reason`` says so.
    """
    chosen = {lk.phenomenon: lk for lk in links.links} if links is not None else {}
    sig = signals.set_index("indicator_id")
    rows = []
    counts = reports["phenomenon"].value_counts() if len(reports) else pd.Series(dtype=int)
    for phen, n in counts.sort_index().items():
        link = chosen.get(phen)
        base = {"phenomenon": phen, "n_reports": int(n)}
        if link is None or not link.indicators:
            why = (link.reason.get(language) if link is not None and link.reason else
                   "no indicator chosen for this phenomenon in phenomenon_indicators.yaml")
            rows.append({**base, "link_reason": why})
            continue
        for ind_id in link.indicators:
            rec = sig.loc[ind_id] if ind_id in sig.index else None
            rows.append({**base, "indicator_id": ind_id,
                         "indicator": rec["indicator"] if rec is not None else ind_id,
                         "year": rec["year"] if rec is not None else pd.NA,
                         "value": rec["value"] if rec is not None else float("nan"),
                         "level_vs_country": rec["level_vs_country"] if rec is not None else "no data",
                         "trend_over_period": rec["trend_over_period"] if rec is not None else "no data",
                         "link_reason": link.reason.get(language) if link.reason else ""})
    return pd.DataFrame(rows, columns=["phenomenon", "n_reports", "indicator_id", "indicator", "year", "value",
                                       "level_vs_country", "trend_over_period", "link_reason"])
