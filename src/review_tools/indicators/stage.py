"""The region-independent indicators stage: corpus folder + indicator set -> data, profiles, signals.

Used by the ``05-indicator-data`` notebook (:func:`run_data_stage`, once per batch: the period is the
same for every region) and by ``review-tools indicators profile`` (:func:`run_indicator_stage`).
The region-dependent stage ``06-regional-profile`` (:mod:`review_tools.indicators.regional`) selects
one region's rows from this stage's artefacts and draws its figures.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml
from pydantic import ValidationError

from ..config import Codebook, IndicatorSet, InformantSet, _pydantic_problems
from ..errors import ConfigError
from ..readers.indicator_tables import read_indicator_folder
from ..readers.reference_tables import read_region_key
from ..regions import RegionKey, region_key_from_folder

# .profile (scipy) is imported inside the functions that profile: stage 06-regional-profile imports this
# module only for loading the indicator set and the region key

__all__ = [
    "IndicatorStage",
    "load_indicator_set",
    "load_codebook",
    "load_informants",
    "read_region_key",
    "region_key_from_folder",
    "IndicatorData",
    "all_theme_signals",
    "profile_all_regions",
    "run_data_stage",
    "run_indicator_stage",
]

def _load_yaml_model(path: Path, model):
    if not path.exists():
        raise ConfigError([f"{path.name}: file missing from the review folder {path.parent}"])
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_pydantic_problems(path.name, exc, data)) from exc


def load_codebook(review_dir) -> Codebook:
    """Load and validate ``codebook.yaml`` alone."""
    return _load_yaml_model(Path(review_dir) / "codebook.yaml", Codebook)


def load_informants(review_dir) -> InformantSet | None:
    """Load and validate ``informants.yaml`` alone (None when the review has none)."""
    path = Path(review_dir) / "informants.yaml"
    return _load_yaml_model(path, InformantSet) if path.exists() else None


def load_indicator_set(review_dir) -> IndicatorSet:
    """Load and validate ``indicators.yaml`` (themes checked against ``codebook.yaml``).

    Raises
    ------
    ConfigError
        Listing every problem, as :func:`review_tools.config.load_review` does.
    """
    inds = _load_yaml_model(Path(review_dir) / "indicators.yaml", IndicatorSet)
    problems = []
    cb_path = Path(review_dir) / "codebook.yaml"
    codes = {c.id for c in load_codebook(review_dir).codes} if cb_path.exists() else None
    ids = set()
    for i, ind in enumerate(inds.indicators):
        if ind.id in ids:
            problems.append(f"indicators.yaml: indicators[{i}].id: duplicate indicator id '{ind.id}'")
        ids.add(ind.id)
        if ind.source == "sotkanet" and ind.sotkanet_id is None:
            problems.append(f"indicators.yaml: indicators[{i}].sotkanet_id: required for a Sotkanet indicator")
        for j, t in enumerate(ind.themes):
            if codes is not None and t not in codes:
                problems.append(f"indicators.yaml: indicators[{i}].themes[{j}]: unknown code '{t}'; must be a codebook id")
    if inds.population_indicator and inds.population_indicator not in ids:
        problems.append(f"indicators.yaml: population_indicator: unknown indicator '{inds.population_indicator}'")
    if problems:
        raise ConfigError(problems)
    return inds


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


def run_indicator_stage(corpus_dir, review_dir, region: str, period: str | None, *, language: str = "en",
                        all_counties: bool = False) -> IndicatorStage:
    """Read ``corpus_dir/indicators``, prepare the data and profile ``region`` over ``period``.

    Parameters
    ----------
    corpus_dir, review_dir : path-like
        The corpus (read-only) and review folders.
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
    inds = load_indicator_set(review_dir)
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


STAGE = "05-indicator-data"


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


@dataclass
class IndicatorData:
    """What the region-independent stage ``05-indicator-data`` produced and wrote.

    ``profiles`` and ``theme_signals`` hold every county and the whole country (``region_code``).
    """

    data: pd.DataFrame
    profiles: pd.DataFrame
    theme_signals: pd.DataFrame
    citations: pd.DataFrame
    period: tuple[int, int]
    manifest: dict
    written: list

    def signal_overview(self) -> pd.DataFrame:
        """Region x theme table of the theme signals (rows in key order, the whole country last)."""
        ts = self.theme_signals
        wide = ts.pivot(index="region_code", columns="theme", values="signal")
        return wide.reindex(index=list(dict.fromkeys(ts["region_code"])), columns=list(dict.fromkeys(ts["theme"])))


def run_data_stage(review_dir, corpus_dir, run_dir, *, period: str | None = "2000-2012",
                   language: str = "en") -> IndicatorData:
    """Run the region-independent stage ``05-indicator-data`` and write its artefacts.

    Reads ``corpus_dir/indicators/``, prepares the tidy data (municipalities mapped onto today's
    borders, counties published or computed), profiles every county and the whole country over
    ``period`` (the rank needs all counties anyway) and writes, through :mod:`review_tools.writers`,
    ``indicator_data.csv``, ``profiles.csv``, ``theme_signals_all.csv``, ``citations.csv`` and
    ``stage_manifest.json`` (with the period, which ``06-regional-profile`` checks). A batch runs it once.

    Parameters
    ----------
    review_dir, corpus_dir, run_dir : path-like
        The review folder, the corpus (read-only) and this run's folder.
    period : str, optional
        ``"Y1-Y2"``; None for all years with data.
    language : str
        ``en`` or ``fi`` (titles and names).

    Returns
    -------
    IndicatorData

    Raises
    ------
    ConfigError
        When ``indicators.yaml`` is invalid or the region key is missing.
    StageInputError
        When the period is invalid or has no data.
    """
    import warnings as _warnings

    from .. import writers
    from ..errors import ReviewToolsWarning
    from .profile import indicator_citations, parse_period, prepare_indicator_data

    t0 = time.perf_counter()
    inds = load_indicator_set(review_dir)
    folder = read_indicator_folder(Path(corpus_dir) / "indicators")
    key = region_key_from_folder(folder)
    with _warnings.catch_warnings(record=True) as caught:
        _warnings.simplefilter("always", ReviewToolsWarning)
        data = prepare_indicator_data(folder["data"], inds, key, data_key=folder["keys"][min(folder["keys"])])
        span = parse_period(period) or (int(data["year"].min()), int(data["year"].max()))
        profiles = profile_all_regions(data, inds, key, span, language=language)
    signals = all_theme_signals(profiles)
    cit = indicator_citations(inds, data, language=language)
    written = [
        writers.write_table(data, run_dir, STAGE, "indicator_data.csv"),
        writers.write_table(profiles, run_dir, STAGE, "profiles.csv"),
        writers.write_table(signals, run_dir, STAGE, "theme_signals_all.csv"),
        writers.write_table(cit, run_dir, STAGE, "citations.csv"),
    ]
    manifest = {
        "period": f"{span[0]}-{span[1]}",
        "language": language,
        "indicators": len(inds.indicators),
        "regions": int(profiles["region_code"].nunique()),
        "rows": int(len(data)),
        "rows_by_level": {k: int(v) for k, v in data["region_level"].value_counts().items()},
        "computed_county_rows": int(((data["region_level"] == "county") & data["computed"]).sum()),
        "published_county_rows": int(((data["region_level"] == "county") & ~data["computed"]).sum()),
        "input_files": folder["files"],
        "warnings": [str(w.message) for w in caught if issubclass(w.category, ReviewToolsWarning)],
        "seconds": round(time.perf_counter() - t0, 2),
    }
    written.append(writers.write_json(manifest, run_dir, STAGE, "stage_manifest.json"))
    return IndicatorData(data, profiles, signals, cit, span, manifest, written)
