"""The region-dependent indicators stage ``06-regional-profile``.

Everything that does not depend on the region (reading the corpus, harmonising municipalities,
aggregating counties, profiling every county and the whole country, citations) is done once per
batch by ``05-indicator-data`` (:func:`review_tools.indicators.stage.run_data_stage`). This stage
only selects the region's rows from those artefacts, puts each reported phenomenon of stage
``04-social-reports`` beside the indicators of its themes, and draws the region's figures.

It imports neither scipy (profiling) nor the pseudonymiser or the lemmatiser, and matplotlib only
when it draws.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import writers
from ..errors import StageInputError
from ..readers.reference_tables import read_region_folder
from ..social_reports import phenomena_with_indicators
from .stage import STAGE as DATA_STAGE
from .stage import load_indicator_set, region_key_from_folder

__all__ = ["STAGE", "REPORTS_STAGE", "RegionalProfile", "read_coded_reports", "read_indicator_data", "run_stage"]

STAGE = "06-regional-profile"
REPORTS_STAGE = "04-social-reports"
PHENOMENA_COLUMNS = ["phenomenon", "county_code", "theme", "n_reports", "indicator_id", "indicator", "year", "value",
                     "country_value", "change", "signal"]


@dataclass
class RegionalProfile:
    """What :func:`run_stage` produced and wrote for one region.

    ``figures`` maps a name to the :class:`~review_tools.writers.SavedFigure` written
    (a notebook shows its PNG bytes, so no figure is drawn twice).
    """

    region: str
    region_name: str
    period: tuple[int, int]
    profile: pd.DataFrame
    theme_signals: pd.DataFrame
    phenomena: pd.DataFrame
    figures: dict
    manifest: dict
    written: list

    def figure(self, name: str):
        """Return the saved figure ``name`` (None when the stage could not draw it, e.g. no tile grid)."""
        return self.figures.get(name)

    def regional_phenomena(self) -> pd.DataFrame:
        """The phenomena-beside-indicators rows of the region's county (all rows for the whole country)."""
        if self.region == "SSS" or self.phenomena.empty:
            return self.phenomena
        return self.phenomena[self.phenomena["county_code"].astype(str) == self.region].reset_index(drop=True)


def read_coded_reports(run_dir) -> pd.DataFrame:
    """Read the pseudonymised, coded social reports written by stage ``04-social-reports``.

    Raises
    ------
    StageInputError
        When the artefact is missing (the stage was not run) or lacks ``report_id``,
        ``county_code``, ``phenomenon`` or ``codes``.
    """
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


def _read(run_dir, name: str, columns, **kwargs) -> pd.DataFrame:
    try:
        df = writers.read_table(run_dir, DATA_STAGE, name, **kwargs)
    except FileNotFoundError as exc:
        raise StageInputError(str(exc)) from exc
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise StageInputError(f"{DATA_STAGE}/{name}: missing column(s) {', '.join(missing)}; "
                              f"re-run the notebook of stage {DATA_STAGE}")
    return df


def read_indicator_data(run_dir) -> pd.DataFrame:
    """Read ``05-indicator-data/indicator_data.csv`` with the types the figures expect.

    Raises
    ------
    StageInputError
        When the artefact is missing or lacks a column the figures use.
    """
    data = _read(run_dir, "indicator_data.csv",
                 ("indicator_id", "region_code", "region_level", "year", "gender", "value", "computed"),
                 dtype={"region_code": str, "gender": str, "indicator_id": str})
    data["gender"] = data["gender"].fillna("")
    data["computed"] = data["computed"].astype(str).str.lower().eq("true")
    return data


def _normalise_period(period) -> str | None:
    if period is None or str(period).strip() == "":
        return None
    try:
        y1, y2 = (int(p) for p in str(period).split("-"))
    except ValueError:
        raise StageInputError(f"period '{period}': expected years Y1-Y2, e.g. 2000-2012") from None
    return f"{y1}-{y2}"


def run_stage(review_dir, corpus_dir, run_dir, *, region: str = "5", period: str | None = "2000-2012",
              language: str = "en") -> RegionalProfile:
    """Run the region-dependent stage and write ``RUN/artefacts/06-regional-profile/``.

    Reads the artefacts of ``05-indicator-data`` (profiles of every county and the whole country,
    tidy data, theme signals) and the coded reports of ``04-social-reports``; writes the region's
    ``profile.csv`` and ``theme_signals.csv``, ``phenomena_indicators.csv`` (each phenomenon beside
    the indicators of its themes in its own county), the figures (PNG, drawn once) and
    ``stage_manifest.json`` through :mod:`review_tools.writers`.

    Parameters
    ----------
    review_dir, corpus_dir, run_dir : path-like
        The review folder, the corpus (read-only: only the region key and tile grid are read) and this run's folder.
    region : str
        County code (2025 key) or ``SSS``.
    period : str
        ``"Y1-Y2"``; must be the period stage ``05-indicator-data`` profiled.
    language : str
        ``en`` or ``fi``.

    Returns
    -------
    RegionalProfile

    Raises
    ------
    StageInputError
        When an artefact of 04 or 05 is missing, the region is unknown, or the period differs from 05's.
    """
    from . import figures  # matplotlib: only when the stage draws

    t0 = time.perf_counter()
    reports = read_coded_reports(run_dir)
    try:
        data_manifest = writers.read_json(run_dir, DATA_STAGE, "stage_manifest.json")
    except FileNotFoundError as exc:
        raise StageInputError(str(exc)) from exc
    wanted = _normalise_period(period)
    if wanted is not None and wanted != data_manifest.get("period"):
        raise StageInputError(f"period {wanted}: stage {DATA_STAGE} profiled {data_manifest.get('period')}; "
                              f"run {DATA_STAGE} again with period={wanted}")
    y1, y2 = (int(y) for y in str(data_manifest["period"]).split("-"))
    inds = load_indicator_set(review_dir)
    folder = read_region_folder(Path(corpus_dir) / "indicators" / "regions")
    key, grid = region_key_from_folder(folder), folder["grid"]
    code, _ = key.check_region(region)

    profiles = _read(run_dir, "profiles.csv", ("indicator_id", "region_code", "year", "value", "signal"),
                     dtype={"region_code": str})
    for c in ("year", "rank", "n_regions", "first_year"):
        if c in profiles.columns:
            profiles[c] = profiles[c].astype("Int64")
    by_region = dict(tuple(profiles.groupby("region_code", sort=False)))
    if code not in by_region:
        raise StageInputError(f"region {code}: not in {DATA_STAGE}/profiles.csv; re-run that stage")
    profile = by_region[code].reset_index(drop=True)
    signals_all = _read(run_dir, "theme_signals_all.csv", ("region_code", "theme", "signal"), dtype={"region_code": str})
    signals = signals_all[signals_all["region_code"] == code].drop(columns="region_code").reset_index(drop=True)

    counties = {c: p for c, p in by_region.items() if c in set(reports["county_code"].astype(str))}
    phen = phenomena_with_indicators(reports, counties, inds) if len(reports) else pd.DataFrame(columns=PHENOMENA_COLUMNS)
    no_data = profile.loc[profile["value"].isna(), "indicator_id"].tolist()
    warnings = [f"region {code}, {y1}-{y2}: no data for {no_data}"] if no_data else []

    data = read_indicator_data(run_dir)
    in_period = data[(data["year"] >= y1) & (data["year"] <= y2)]
    figs = {"trends": figures.trend_small_multiples(in_period, inds, key, code, (y1, y2), language=language),
            "heat_table": figures.heat_table(in_period, inds, key, highlight=code, language=language)}
    first_theme = next((t for i in inds.indicators for t in i.themes), None)
    if first_theme is not None and grid is not None:
        theme = signals_all[(signals_all["theme"] == first_theme) & (signals_all["region_code"] != "SSS")]
        sig = theme.set_index("region_code")["signal"].reindex([str(c) for c in key.counties["county_code"]]).fillna("no data")
        figs["tile_map_theme"] = figures.tile_map(sig, grid, key, title=f"{first_theme}: {y1}–{y2}", highlight=code,
                                                  language=language)
    lead = next((i for i in inds.indicators if i.better != "context"), None)
    if lead is not None and grid is not None:
        row = profile.set_index("indicator_id").loc[lead.id]
        vals = in_period[(in_period["indicator_id"] == lead.id) & (in_period["region_level"] == "county")
                         & (in_period["year"] == row["year"])].set_index("region_code")["value"] if pd.notna(row["year"]) \
            else pd.Series(dtype=float)
        figs["tile_map_indicator"] = figures.tile_map(vals.astype(float), grid, key, title=f"{lead.title.get(language)} ({row['year']})",
                                                      better=lead.better, highlight=code, language=language,
                                                      decimals=lead.decimals if lead.decimals is not None else 1)
    written = [
        writers.write_table(profile, run_dir, STAGE, "profile.csv"),
        writers.write_table(signals, run_dir, STAGE, "theme_signals.csv"),
        writers.write_table(phen, run_dir, STAGE, "phenomena_indicators.csv"),
    ]
    name, years = key.region_name(code, language), f"{y1}–{y2}"
    alt = {"trends": f"Trends {years} of {len(inds.indicators)} indicators: {name}, the whole country "
                     "and the municipalities",
           "heat_table": f"Every county and indicator {years}, coloured by the difference from the whole country",
           "tile_map_theme": f"Map of the counties coloured by the indicator signal of theme {first_theme}, {years}",
           "tile_map_indicator": f"Map of the counties coloured by {lead.title.get(language) if lead else ''}"}
    saved = writers.save_figures(figs, run_dir, STAGE, alt=alt)
    written.extend(p for f in saved.values() for p in f.paths)
    manifest = {"region": code, "region_name": name, "period": f"{y1}-{y2}", "language": language,
                "indicators": len(inds.indicators),
                "signals": {k: int(v) for k, v in profile["signal"].value_counts().items()},
                "social_reports": int(len(reports)), "phenomena_rows": int(len(phen)), "figures": sorted(saved),
                "warnings": warnings, "seconds": round(time.perf_counter() - t0, 2)}
    written.append(writers.write_json(manifest, run_dir, STAGE, "stage_manifest.json"))
    return RegionalProfile(code, name, (y1, y2), profile, signals, phen, saved, manifest, written)
