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
    build_profiles,
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
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
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


STAGE = "04-indicators"
KEY_FILE = Path("keys") / "pseudonyms.json"


@dataclass
class IndicatorRun:
    """What :func:`run_stage` produced and wrote (tables, figures, manifest)."""

    stage: IndicatorStage
    reports: pd.DataFrame
    report_summary: pd.DataFrame
    phenomena: pd.DataFrame
    figures: dict
    manifest: dict
    written: list


def run_stage(review_dir, corpus_dir, run_dir, *, region: str = "5", period: str | None = "2000-2012",
              language: str = "en", report_top_k: int = 3) -> IndicatorRun:
    """Run the whole indicators stage and write its artefacts to ``RUN/artefacts/04-indicators/``.

    Reads ``corpus_dir/indicators/`` and (when present) ``corpus_dir/social_reports/``; the
    social reports are validated, pseudonymised with the review's pseudonym key
    (``review_dir/keys/pseudonyms.json``), coded with the codebook, summarised and linked to the
    indicators of their themes for their county. Writes ``indicator_data.csv``, ``profile.csv``,
    ``theme_signals.csv``, ``citations.csv``, ``social_reports.csv``, ``social_report_summary.csv``,
    ``phenomena_indicators.csv``, the figures and ``stage_manifest.json`` through
    :mod:`review_tools.writers`.
    """
    import warnings as _warnings

    from .. import writers
    from ..errors import ReviewToolsWarning
    from ..pseudonymise import Pseudonymiser
    from ..readers.social_reports import REPORT_COLUMNS, read_social_reports
    from ..social_reports import (
        code_reports,
        phenomena_with_indicators,
        pseudonymise_reports,
        summarise_reports,
    )
    from . import figures

    caught: list[str] = []
    with _warnings.catch_warnings(record=True) as w:
        _warnings.simplefilter("always", ReviewToolsWarning)
        st = run_indicator_stage(corpus_dir, review_dir, region, period, language=language)
        codebook = load_codebook(review_dir)
        reports_dir = Path(corpus_dir) / "social_reports"
        pseudo_counts: dict = {}
        if reports_dir.exists():
            mun = {c: st.key.county_of(c) for c in st.key.crosswalk["old_code"]}
            raw = read_social_reports(reports_dir, counties=st.key.counties["county_code"], municipalities=mun,
                                      codes=[c.id for c in codebook.codes])
            pseudo = Pseudonymiser(key_path=Path(review_dir) / KEY_FILE)
            reports, pseudo_counts = pseudonymise_reports(raw, pseudo)
            pseudo.save_key()
            reports = code_reports(reports, codebook, top_k=report_top_k)
        else:
            reports = pd.DataFrame(columns=[*REPORT_COLUMNS, "suggested_codes", "suggestion_reasons", "codes", "code_origin"])
        summary = summarise_reports(reports)
        all_profiles = build_profiles(st.data, st.indicator_set, st.key, list(st.key.counties["county_code"]), st.period,
                                      language=language, warn=False)
        profiles = {c: all_profiles[c] for c in sorted(set(reports["county_code"])) if c in all_profiles}
        phen = phenomena_with_indicators(reports, profiles, st.indicator_set) if len(reports) else pd.DataFrame()
        caught = [str(x.message) for x in w if issubclass(x.category, ReviewToolsWarning)]
    in_period = st.data[(st.data["year"] >= st.period[0]) & (st.data["year"] <= st.period[1])]
    figs = {"trends": figures.trend_small_multiples(st.data, st.indicator_set, st.key, st.region, st.period, language=language),
            "heat_table": figures.heat_table(in_period, st.indicator_set, st.key, highlight=st.region, language=language)}
    county_signals = {c: theme_signals(p) for c, p in all_profiles.items()}
    first_theme = next((t for i in st.indicator_set.indicators for t in i.themes), None)
    if first_theme is not None and st.grid is not None:
        sig = pd.Series({c: (s.set_index("theme")["signal"].get(first_theme, "no data")) for c, s in county_signals.items()})
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
        writers.write_table(reports, run_dir, STAGE, "social_reports.csv"),
        writers.write_table(summary, run_dir, STAGE, "social_report_summary.csv"),
        writers.write_table(phen, run_dir, STAGE, "phenomena_indicators.csv"),
    ]
    for name, fig in figs.items():
        written.extend(writers.write_figure(fig, run_dir, STAGE, name))
    manifest = {**st.manifest(), "language": language, "social_reports": int(len(reports)),
                "social_report_code_origin": {k: int(v) for k, v in reports.get("code_origin", pd.Series(dtype=str)).value_counts().items()},
                "pseudonymisation": pseudo_counts, "warnings": caught}
    written.append(writers.write_json(manifest, run_dir, STAGE, "stage_manifest.json"))
    return IndicatorRun(st, reports, summary, phen, figs, manifest, written)
