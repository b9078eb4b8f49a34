"""Stage 06-regional-profile: one region's profile, phenomena beside indicators, and figures."""

from __future__ import annotations

import warnings as warnings_module
from pathlib import Path

import pandas as pd

from ..config import ReviewConfig
from ..errors import ReviewToolsWarning, StageInputError
from ..indicators.regional import (
    PHENOMENA_COLUMNS,
    coerce_indicator_data,
    coerce_profiles,
    normalise_period,
    regional_figures,
    regional_phenomena,
)
from ..parameters import resolve_region
from ..pipeline import StageRecorder, StageResult, artefact
from ..readers.key_records import read_key_records
from ..regions import CURRENT_KEY_YEAR
from ..report.i18n import t

STAGE = "06-regional-profile"
DATA_STAGE = "05-indicator-data"
REPORTS_STAGE = "04-social-reports"


def run(cfg: ReviewConfig, corpus_dir, run_dir, *, region: str = "5", period: str | None = "2011-2020",
        language: str = "en") -> StageResult:
    """Run the region-dependent stage and write ``RUN/artefacts/06-regional-profile/``.

    Reads the artefacts of ``05-indicator-data`` (profiles of every county and the whole country,
    tidy data, theme signals) and the coded reports of ``04-social-reports``; writes the region's
    ``profile.csv`` and ``theme_signals.csv``, ``phenomena_indicators.csv`` (each phenomenon beside
    the indicators of its themes in its own county), the figures (PNG, drawn once) and
    ``stage_manifest.json``.

    Parameters
    ----------
    cfg : ReviewConfig
        The review (its indicator set).
    corpus_dir, run_dir : path-like
        The corpus (read-only: only the region key and tile grid are read) and this run's folder.
    region : str
        County code (2025 key) or ``SSS``.
    period : str
        ``"Y1-Y2"``; must be the period stage ``05-indicator-data`` profiled.
    language : str
        ``en`` or ``fi``.

    Returns
    -------
    StageResult
        Tables ``profile``, ``theme_signals``, ``phenomena`` (every county), ``regional_phenomena``
        (the region's); figures ``trends``, ``heat_table`` (and the tile maps with a tile grid).

    Raises
    ------
    StageInputError
        When an artefact of 04 or 05 is missing, the region is unknown, or the period differs from 05's.
    """
    from ..readers.reference_tables import read_region_folder
    from ..regions import region_key_from_folder
    from ..report.social_loop import phenomenon_labels
    from ..social_reports import phenomena_with_indicators

    rec = StageRecorder(STAGE, run_dir)
    reports = rec.read(f"{REPORTS_STAGE}/social_reports.csv", need=("report_id", "county_code", "phenomenon", "codes"),
                       dtype={"county_code": str, "municipality_code": str, "report_id": str, "codes": str})
    data_manifest = rec.read(f"{DATA_STAGE}/stage_manifest.json")
    wanted = normalise_period(period)
    if wanted is not None and wanted != data_manifest.get("period"):
        raise StageInputError(f"period {wanted}: stage {DATA_STAGE} profiled {data_manifest.get('period')}; "
                              f"run {DATA_STAGE} again with period={wanted}")
    y1, y2 = (int(y) for y in str(data_manifest["period"]).split("-"))
    inds = cfg.indicators
    folder = read_region_folder(Path(corpus_dir) / "indicators" / "regions")
    key, grid = region_key_from_folder(folder), folder["grid"]
    place = resolve_region(read_key_records(Path(corpus_dir) / "indicators" / "regions"
                                            / f"municipality_key_{CURRENT_KEY_YEAR}.csv"), region)
    # 05 profiles every county and the whole country; a municipality is profiled here, from the tidy data,
    # against its county and the whole country (its county's rows stay the reference of the phenomena)
    code = place.county_code if place.level == "municipality" else place.code

    profiles = coerce_profiles(rec.read(f"{DATA_STAGE}/profiles.csv", need=("indicator_id", "region_code", "year",
                                                                           "value", "signal"),
                                        dtype={"region_code": str}))
    by_region = dict(tuple(profiles.groupby("region_code", sort=False)))
    if code not in by_region:
        raise StageInputError(f"region {code}: not in {DATA_STAGE}/profiles.csv; re-run that stage")
    profile = by_region[code].reset_index(drop=True)
    signals_all = rec.read(f"{DATA_STAGE}/theme_signals_all.csv", need=("region_code", "theme", "signal"),
                           dtype={"region_code": str})
    signals = signals_all[signals_all["region_code"] == code].drop(columns="region_code").reset_index(drop=True)
    data = coerce_indicator_data(rec.read(f"{DATA_STAGE}/indicator_data.csv",
                                          need=("indicator_id", "region_code", "region_level", "year", "gender",
                                                "value", "computed"),
                                          dtype={"region_code": str, "gender": str, "indicator_id": str}))
    if place.level == "municipality":
        profile, signals = _municipal_profile(data, inds, key, place.code, (y1, y2), language)

    counties = {c: p for c, p in by_region.items() if c in set(reports["county_code"].astype(str))}
    phen = phenomena_with_indicators(reports, counties, inds) if len(reports) else pd.DataFrame(columns=PHENOMENA_COLUMNS)
    no_data = profile.loc[profile["value"].isna(), "indicator_id"].tolist()
    titles = {i.id: i.title.get(language) for i in inds.indicators}
    warnings = [t("msg_no_data", language, region=place.name(language), period=f"{y1}-{y2}",
                  indicators="; ".join(titles.get(i, i) for i in no_data))] if no_data else []

    in_period = data[(data["year"] >= y1) & (data["year"] <= y2)]
    figs, alt = regional_figures(in_period, inds, key, grid, place.code, profile, signals_all, (y1, y2), language)
    rec.write(profile, "profile.csv")
    rec.write(signals, "theme_signals.csv")
    rec.write(phen, "phenomena_indicators.csv")
    sig = _diak_signals(cfg, corpus_dir, key, place, reports, (y1, y2), language)
    if sig["figure"] is not None:
        figs["signal_trends"] = sig["figure"]
    alt = _figure_alt(cfg, place.name(language), (y1, y2), language)
    rec.write(sig["signals"], "signals.csv")
    rec.write(sig["breakdowns"], "signal_breakdowns.csv")
    saved = rec.save_figures(figs, alt=alt)
    name = place.name(language)
    county = code if place.level == "municipality" else ""
    manifest = {"region": place.code, "county": county, "region_name": name,
                "county_names": {lg: key.region_name(county, lg) for lg in ("fi", "sv", "en")} if county else {}, "period": f"{y1}-{y2}", "language": language,
                "indicators": len(inds.indicators),
                "signals": {k: int(v) for k, v in profile["signal"].value_counts().items()},
                "social_reports": int(len(reports)), "phenomena_rows": int(len(phen)), "figures": sorted(saved),
                "region_level": place.level, "profile_region": place.code,
                "signal_indicators": int(sig["signals"]["indicator_id"].nunique()),
                "warnings": warnings + list(sig["warnings"]), "seconds": round(rec.seconds(), 2)}
    return rec.finish(manifest, tables={"profile": profile, "theme_signals": signals, "phenomena": phen,
                                        "regional_phenomena": regional_phenomena(phen, code),
                                        "signals": sig["signals"], "signal_breakdowns": sig["breakdowns"],
                                        "signal_phenomena": sig["phenomena"]},
                      extra={"region": place.code, "region_level": place.level, "signal_warnings": list(sig["warnings"]), "region_name": name, "period": (y1, y2),
                             "phenomenon_labels": phenomenon_labels(cfg, reports, language)})


def _municipal_profile(data: pd.DataFrame, inds, key, code: str, period: tuple[int, int], language: str):
    """A municipality's profile (against its county and the whole country) and its theme signals."""
    from ..indicators.profile import PROFILE_COLUMNS, build_profiles, theme_signals

    with warnings_module.catch_warnings():
        warnings_module.simplefilter("ignore", ReviewToolsWarning)  # indicators without municipal data: listed below
        profile = build_profiles(data, inds, key, [code], period, language=language, warn=False)[code]
    return profile.reindex(columns=PROFILE_COLUMNS), theme_signals(profile)


def _diak_signals(cfg: ReviewConfig, corpus_dir, key, place, reports: pd.DataFrame, period, language: str) -> dict:
    """The region's Diak panel signals (:func:`~review_tools.indicators.regional_signals.region_signal_tables`)
    with its own social reports beside them, and the trends figure (``figure``)."""
    from .._config_definitions import load_phenomenon_links, load_series_breaks
    from ..indicators.regional_signals import region_signal_tables
    from ..indicators.signal_figures import signal_trends_figure
    from ..indicators.signals import to_review_ids
    from ..readers.diak_panel import read_diak_folder

    inds = cfg.indicators
    diak_dir = Path(corpus_dir) / "indicators" / "diak"
    if not diak_dir.is_dir():  # a corpus without the Diak panel
        return {"signals": pd.DataFrame(columns=list(artefact(f"{STAGE}/signals.csv").columns)),
                "breakdowns": pd.DataFrame(columns=list(artefact(f"{STAGE}/signal_breakdowns.csv").columns)),
                "phenomena": pd.DataFrame(), "figure": None,
                "warnings": [f"{diak_dir}: no Diak indicator panel; no indicator signals"]}
    diak = read_diak_folder(diak_dir)
    data, pop = to_review_ids(diak["data"], inds), diak["population"]
    own = reports
    if place.level != "country":
        col = "municipality_code" if place.level == "municipality" else "county_code"
        own = reports[reports[col].fillna("").astype(str).str.lstrip("0") == place.code.lstrip("0")] if col in reports else reports.iloc[:0]
    dates = pd.to_datetime(own["submitted_at"], errors="coerce").dropna().dt.date.tolist() if "submitted_at" in own else []
    tables = region_signal_tables(data, pop, inds, key, place.code, place.level, period,
                                  breaks=load_series_breaks(cfg.root, inds, cfg.code_ids()),
                                  links=load_phenomenon_links(cfg.root, inds), reports=own, report_dates=dates,
                                  language=language)
    tables["figure"] = signal_trends_figure(data, pop, inds, key, place.code, place.level, period, tables["breaks"],
                                            language=language)
    return tables


def _figure_alt(cfg: ReviewConfig, name: str, span: tuple[int, int], language: str) -> dict[str, str]:
    """The figures' text alternatives in ``language`` (catalogue keys ``fig_<figure>``)."""
    inds, years = cfg.indicators.indicators, f"{span[0]}–{span[1]}"
    first_theme = next((th for i in inds for th in i.themes), "")
    theme = next((c.label.get(language) for c in cfg.codebook.codes if c.id == first_theme), first_theme)
    lead = next((i.title.get(language) for i in inds if i.better != "context"), "")
    return {"trends": t("fig_trends", language, years=years, n=len(inds), name=name),
            "heat_table": t("fig_heat_table", language, years=years),
            "tile_map_theme": t("fig_tile_map_theme", language, theme=theme, years=years),
            "tile_map_indicator": t("fig_tile_map_indicator", language, indicator=lead),
            "signal_trends": t("fig_signal_trends", language, name=name, years=years)}
