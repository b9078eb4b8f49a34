"""Indicator data of a corpus folder: the region key, the tidy data, the profiles of every region.

Used by the stage ``05-indicator-data`` (:mod:`review_tools.stages.indicator_data`, once per batch:
the period is the same for every region) and by ``review-tools indicators profile``
(:func:`run_indicator_stage`). The indicator set comes from the review's configuration
(:func:`review_tools.config.load_review` is the only loader of the review folder).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..config import IndicatorSet, ReviewConfig
from ..readers.indicator_tables import read_indicator_folder
from ..regions import RegionKey, region_key_from_folder

# .profile (scipy) is imported inside the functions that profile: stage 06-regional-profile imports this
# module only for the region key

__all__ = [
    "IndicatorStage",
    "signal_overview",
    "all_theme_signals",
    "profile_all_regions",
    "run_indicator_stage",
]

@dataclass
class IndicatorStage:
    """Everything the indicators stage produces (tables are DataFrames)."""

    indicator_set: IndicatorSet
    key: RegionKey
    data: pd.DataFrame
    profile: pd.DataFrame
    theme_signals: pd.DataFrame
    citations: pd.DataFrame
    grid: pd.DataFrame | None
    region: str
    period: tuple[int, int]
    files: list[str] = field(default_factory=list)
    seconds: float = 0.0
    county_profiles: dict = field(default_factory=dict)

    def manifest(self) -> dict:
        """Return the stage manifest (counts, region, period, inputs, timing)."""
        d = self.data
        return {
            "region": self.region,
            "period": f"{self.period[0]}-{self.period[1]}",
            "indicators": len(self.indicator_set.indicators),
            "rows": int(len(d)),
            "rows_by_level": {k: int(v) for k, v in d["region_level"].value_counts().items()},
            "computed_county_rows": int(((d["region_level"] == "county") & d["computed"]).sum()),
            "published_county_rows": int(((d["region_level"] == "county") & ~d["computed"]).sum()),
            "signals": {k: int(v) for k, v in self.profile["signal"].value_counts().items()},
            "input_files": self.files,
            "seconds": round(self.seconds, 2),
        }


def run_indicator_stage(cfg: ReviewConfig, corpus_dir, region: str, period: str | None, *, language: str = "en",
                        all_counties: bool = False) -> IndicatorStage:
    """Read ``corpus_dir/indicators``, prepare the data and profile ``region`` over ``period``.

    Parameters
    ----------
    cfg : ReviewConfig
        The review (its indicator set).
    corpus_dir : path-like
        The corpus (read-only).
    region : str
        County code (2025 key) or ``SSS``.
    period : str
        ``"Y1-Y2"``.
    language : str
        ``en`` or ``fi`` (titles and names).
    all_counties : bool
        Also profile every county (``county_profiles``), in the same pass as ``region``.
    """
    from .profile import (
        build_profile,
        build_profiles,
        indicator_citations,
        parse_period,
        prepare_indicator_data,
        theme_signals,
    )

    t0 = time.perf_counter()
    inds = cfg.indicators
    folder = read_indicator_folder(Path(corpus_dir) / "indicators")
    key = region_key_from_folder(folder)
    code, _ = key.check_region(region)
    span = parse_period(period)
    data = prepare_indicator_data(folder["data"], inds, key, data_key=folder["keys"][min(folder["keys"])])
    if span is None:
        span = (int(data["year"].min()), int(data["year"].max()))
    if all_counties:
        counties = [str(c) for c in key.counties["county_code"]]
        profiles = build_profiles(data, inds, key, list(dict.fromkeys([code, *counties])), span, language=language,
                                  warn=[code])
        prof, county_profiles = profiles[code], {c: profiles[c] for c in counties}
    else:
        prof, county_profiles = build_profile(data, inds, key, code, span, language=language), {}
    return IndicatorStage(
        indicator_set=inds, key=key, data=data, profile=prof, theme_signals=theme_signals(prof),
        citations=indicator_citations(inds, data, language=language), grid=folder["grid"], region=code,
        period=span, files=folder["files"], seconds=time.perf_counter() - t0, county_profiles=county_profiles,
    )


def profile_all_regions(data: pd.DataFrame, indicator_set: IndicatorSet, key: RegionKey, period: tuple[int, int], *,
                        language: str = "en") -> pd.DataFrame:
    """Profile every county of the key and the whole country over ``period`` in one pass.

    Parameters
    ----------
    data : DataFrame
        From :func:`~review_tools.indicators.profile.prepare_indicator_data`.
    indicator_set : IndicatorSet
        The review's indicators.
    key : RegionKey
        Today's counties.
    period : tuple of int
        ``(Y1, Y2)``.
    language : str
        Language of titles and names.

    Returns
    -------
    DataFrame
        The profiles of all counties, then ``SSS``, stacked (column ``region_code`` tells them apart).
    """
    from ..readers.indicator_tables import COUNTRY_CODE
    from .profile import build_profiles

    codes = [str(c) for c in key.counties["county_code"]] + [COUNTRY_CODE]
    profiles = build_profiles(data, indicator_set, key, codes, period, language=language, warn=False)
    return pd.concat([profiles[c] for c in codes], ignore_index=True)


def all_theme_signals(profiles: pd.DataFrame) -> pd.DataFrame:
    """Theme signals (:func:`~review_tools.indicators.profile.theme_signals`) of every region of ``profiles``.

    Returns
    -------
    DataFrame
        ``region_code, theme, signal, n_better, n_worse, n_unclear``.
    """
    from .profile import theme_signals

    frames = [theme_signals(p).assign(region_code=code) for code, p in profiles.groupby("region_code", sort=False)]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["theme", "signal", "region_code"])
    return out[["region_code", *[c for c in out.columns if c != "region_code"]]]


def signal_overview(theme_signals: pd.DataFrame) -> pd.DataFrame:
    """Region x theme table of :func:`all_theme_signals` (rows in key order, the whole country last)."""
    ts = theme_signals
    wide = ts.pivot(index="region_code", columns="theme", values="signal")
    return wide.reindex(index=list(dict.fromkeys(ts["region_code"])), columns=list(dict.fromkeys(ts["theme"])))
