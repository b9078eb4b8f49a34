"""The indicators stage end to end: corpus folder + indicator set -> data, profile, signals.

Used by the ``04-indicators`` notebook and by ``review-tools indicators profile``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml
from pydantic import ValidationError

from ..config import Codebook, IndicatorSet, _pydantic_problems
from ..errors import ConfigError
from ..readers.indicator_tables import read_indicator_folder
from .profile import (
    build_profile,
    indicator_citations,
    parse_period,
    prepare_indicator_data,
    theme_signals,
)
from .regions import RegionKey, build_region_key

__all__ = ["IndicatorStage", "load_indicator_set", "load_codebook", "region_key_from_folder", "run_indicator_stage"]

CURRENT_KEY_YEAR = 2025


def _load_yaml_model(path: Path, model):
    if not path.exists():
        raise ConfigError([f"{path.name}: file missing from the review folder {path.parent}"])
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_pydantic_problems(path.name, exc, data)) from exc


def load_codebook(review_dir) -> Codebook:
    """Load and validate ``codebook.yaml`` alone."""
    return _load_yaml_model(Path(review_dir) / "codebook.yaml", Codebook)


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


def region_key_from_folder(folder: dict, key_year: int = CURRENT_KEY_YEAR) -> RegionKey:
    """Build the :class:`RegionKey` from :func:`read_indicator_folder` output."""
    keys = folder["keys"]
    if key_year not in keys:
        raise ConfigError([f"indicators/regions: municipality_key_{key_year}.csv missing (counties are defined by it)"])
    return build_region_key(keys[key_year], keys, folder["mergers"], key_year=key_year)


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


def run_indicator_stage(corpus_dir, review_dir, region: str, period: str | None, *, language: str = "en") -> IndicatorStage:
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
    """
    t0 = time.perf_counter()
    inds = load_indicator_set(review_dir)
    folder = read_indicator_folder(Path(corpus_dir) / "indicators")
    key = region_key_from_folder(folder)
    code, _ = key.check_region(region)
    span = parse_period(period)
    data = prepare_indicator_data(folder["data"], inds, key, data_key=folder["keys"][min(folder["keys"])])
    if span is None:
        span = (int(data["year"].min()), int(data["year"].max()))
    prof = build_profile(data, inds, key, code, span, language=language)
    return IndicatorStage(
        indicator_set=inds, key=key, data=data, profile=prof, theme_signals=theme_signals(prof),
        citations=indicator_citations(inds, data, language=language), grid=folder["grid"], region=code,
        period=span, files=folder["files"], seconds=time.perf_counter() - t0,
    )
