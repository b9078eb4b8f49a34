"""The indicators stage end to end: corpus folder + indicator set -> data, profile, signals.

Used by the ``05-indicators`` notebook (:func:`run_stage`) and by ``review-tools indicators profile``
(:func:`run_indicator_stage`). The stage depends on the region; the social reports it puts beside
the indicators are read, pseudonymised and coded once per run by the region-independent stage
``04-social-reports`` (:func:`review_tools.social_reports.run_stage`), whose artefacts it reads.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml
from pydantic import ValidationError

from ..config import Codebook, IndicatorSet, InformantSet, _pydantic_problems
from ..errors import ConfigError, StageInputError
from ..readers.indicator_tables import read_indicator_folder, read_region_folder
from .profile import (
    build_profile,
    build_profiles,
    indicator_citations,
    parse_period,
    prepare_indicator_data,
    theme_signals,
)
from .regions import RegionKey, build_region_key

__all__ = [
    "IndicatorStage",
    "IndicatorRun",
    "load_indicator_set",
    "load_codebook",
    "load_informants",
    "read_region_key",
    "region_key_from_folder",
    "run_indicator_stage",
    "run_stage",
]

CURRENT_KEY_YEAR = 2025


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


def region_key_from_folder(folder: dict, key_year: int = CURRENT_KEY_YEAR) -> RegionKey:
    """Build the :class:`RegionKey` from :func:`read_indicator_folder` output."""
    keys = folder["keys"]
    if key_year not in keys:
        raise ConfigError([f"indicators/regions: municipality_key_{key_year}.csv missing (counties are defined by it)"])
    return build_region_key(keys[key_year], keys, folder["mergers"], key_year=key_year)


def read_region_key(corpus_dir, key_year: int = CURRENT_KEY_YEAR) -> RegionKey:
    """Build the :class:`RegionKey` from ``corpus_dir/indicators/regions/`` alone (no indicator data).

    Parameters
    ----------
    corpus_dir : path-like
        The corpus folder.
    key_year : int
        The year of the key that defines today's counties.

    Raises
    ------
    CorpusFormatError
        When the region folder, its keys or the merger table is missing.
    ConfigError
        When the key of ``key_year`` is missing.
    """
    return region_key_from_folder(read_region_folder(Path(corpus_dir) / "indicators" / "regions"), key_year)


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


STAGE = "05-indicators"
REPORTS_STAGE = "04-social-reports"


@dataclass
class IndicatorRun:
    """What :func:`run_stage` produced and wrote (tables, figures, manifest).

    ``figures`` maps a name to the :class:`~review_tools.indicators.figures.SavedFigure` written
    (a notebook shows it from the file); ``reports`` are the coded social reports read from
    ``04-social-reports``.
    """

    stage: IndicatorStage
    reports: pd.DataFrame
    phenomena: pd.DataFrame
    figures: dict
    manifest: dict
    written: list

    def figure(self, name: str):
        """Return the saved figure ``name`` (None when the stage could not draw it, e.g. no tile grid)."""
        return self.figures.get(name)

    def regional_phenomena(self) -> pd.DataFrame:
        """The phenomena-beside-indicators rows of the run's county (all rows for the whole country)."""
        if self.stage.region == "SSS" or self.phenomena.empty:
            return self.phenomena
        return self.phenomena[self.phenomena["county_code"].astype(str) == self.stage.region].reset_index(drop=True)


def read_coded_reports(run_dir) -> pd.DataFrame:
    """Read the pseudonymised, coded social reports written by stage ``04-social-reports``.

    Raises
    ------
    StageInputError
        When the artefact is missing (the stage was not run) or lacks ``report_id``,
        ``county_code``, ``phenomenon`` or ``codes``.
    """
    from .. import writers

    try:
        reports = writers.read_table(run_dir, REPORTS_STAGE, "social_reports.csv",
                                     dtype={"county_code": str, "municipality_code": str, "report_id": str, "codes": str})
    except FileNotFoundError as exc:
        raise StageInputError(str(exc)) from exc
    missing = [c for c in ("report_id", "county_code", "phenomenon", "codes") if c not in reports.columns]
    if missing:
        raise StageInputError(f"{REPORTS_STAGE}/social_reports.csv: missing column(s) {', '.join(missing)}; "
                              "re-run the notebook of stage 04-social-reports")
    return reports


def run_stage(review_dir, corpus_dir, run_dir, *, region: str = "5", period: str | None = "2000-2012",
              language: str = "en") -> IndicatorRun:
    """Run the region-dependent indicators stage and write ``RUN/artefacts/05-indicators/``.

    Reads ``corpus_dir/indicators/`` and the coded social reports of ``04-social-reports``
    (:func:`read_coded_reports`); profiles ``region`` over ``period``, profiles every county for
    the tile map and for the reports' counties, and puts each reported phenomenon beside the
    indicators of its themes in its county. Loads neither the pseudonymiser nor the lemmatiser.

    Writes ``indicator_data.csv``, ``profile.csv``, ``theme_signals.csv``, ``citations.csv``,
    ``phenomena_indicators.csv``, the figures (PNG: the report draws its own, so no SVG) and
    ``stage_manifest.json`` through :mod:`review_tools.writers`.

    Parameters
    ----------
    review_dir, corpus_dir, run_dir : path-like
        The review folder, the corpus (read-only) and this run's folder.
    region : str
        County code (2025 key) or ``SSS``.
    period : str
        ``"Y1-Y2"``.
    language : str
        ``en`` or ``fi``.

    Returns
    -------
    IndicatorRun

    Raises
    ------
    StageInputError
        When ``04-social-reports/social_reports.csv`` is missing, or the region or period is invalid.
    """
    import warnings as _warnings

    from .. import writers
    from ..errors import ReviewToolsWarning
    from ..social_reports import phenomena_with_indicators
    from . import figures

    t0 = time.perf_counter()
    reports = read_coded_reports(run_dir)
    with _warnings.catch_warnings(record=True) as w:
        _warnings.simplefilter("always", ReviewToolsWarning)
        st = run_indicator_stage(corpus_dir, review_dir, region, period, language=language, all_counties=True)
        all_profiles = st.county_profiles
        profiles = {c: all_profiles[c] for c in sorted(set(reports["county_code"].astype(str))) if c in all_profiles}
        phen = phenomena_with_indicators(reports, profiles, st.indicator_set) if len(reports) else pd.DataFrame(
            columns=["phenomenon", "county_code", "theme", "n_reports", "indicator_id", "indicator", "year", "value",
                     "country_value", "change", "signal"])
        caught = [str(x.message) for x in w if issubclass(x.category, ReviewToolsWarning)]
    in_period = st.data[(st.data["year"] >= st.period[0]) & (st.data["year"] <= st.period[1])]
    figs = {"trends": figures.trend_small_multiples(st.data, st.indicator_set, st.key, st.region, st.period, language=language),
            "heat_table": figures.heat_table(in_period, st.indicator_set, st.key, highlight=st.region, language=language)}
    first_theme = next((t for i in st.indicator_set.indicators for t in i.themes), None)
    if first_theme is not None and st.grid is not None:
        sig = pd.Series({c: theme_signals(p).set_index("theme")["signal"].get(first_theme, "no data")
                         for c, p in all_profiles.items()})
        figs["tile_map_theme"] = figures.tile_map(sig, st.grid, st.key, title=f"{first_theme}: {st.period[0]}–{st.period[1]}",
                                                  highlight=st.region, language=language)
    lead = next((i for i in st.indicator_set.indicators if i.better != "context"), None)
    if lead is not None and st.grid is not None:
        row = st.profile.set_index("indicator_id").loc[lead.id]
        vals = in_period[(in_period["indicator_id"] == lead.id) & (in_period["region_level"] == "county")
                         & (in_period["year"] == row["year"])].set_index("region_code")["value"] if pd.notna(row["year"]) else pd.Series(dtype=float)
        figs["tile_map_indicator"] = figures.tile_map(vals.astype(float), st.grid, st.key, title=f"{lead.title.get(language)} ({row['year']})",
                                                      better=lead.better, highlight=st.region, language=language,
                                                      decimals=lead.decimals if lead.decimals is not None else 1)
    written = [
        writers.write_table(st.data, run_dir, STAGE, "indicator_data.csv"),
        writers.write_table(st.profile, run_dir, STAGE, "profile.csv"),
        writers.write_table(st.theme_signals, run_dir, STAGE, "theme_signals.csv"),
        writers.write_table(st.citations, run_dir, STAGE, "citations.csv"),
        writers.write_table(phen, run_dir, STAGE, "phenomena_indicators.csv"),
    ]
    name, years = st.key.region_name(st.region, language), f"{st.period[0]}–{st.period[1]}"
    alt = {"trends": f"Trends {years} of {len(st.indicator_set.indicators)} indicators: {name}, the whole country "
                     "and the municipalities",
           "heat_table": f"Every county and indicator {years}, coloured by the difference from the whole country",
           "tile_map_theme": f"Map of the counties coloured by the indicator signal of theme {first_theme}, {years}",
           "tile_map_indicator": f"Map of the counties coloured by {lead.title.get(language) if lead else ''}"}
    saved = figures.save_figures(figs, run_dir, STAGE, alt=alt)
    written.extend(p for f in saved.values() for p in f.paths)
    manifest = {**st.manifest(), "language": language, "social_reports": int(len(reports)),
                "phenomena_rows": int(len(phen)), "figures": sorted(saved), "warnings": caught,
                "seconds": round(time.perf_counter() - t0, 2)}
    written.append(writers.write_json(manifest, run_dir, STAGE, "stage_manifest.json"))
    return IndicatorRun(st, reports, phen, saved, manifest, written)
