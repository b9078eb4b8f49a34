"""Stage 05-indicator-data: the review's indicators prepared and profiled for every region (region-independent)."""

from __future__ import annotations

from pathlib import Path

from ..config import ReviewConfig
from ..indicators.dataset import (
    all_theme_signals,
    profile_all_regions,
    signal_overview,
)
from ..pipeline import StageRecorder, StageResult
from ..readers.indicator_tables import read_indicator_folder
from ..regions import region_key_from_folder

STAGE = "05-indicator-data"


def run(cfg: ReviewConfig, corpus_dir, run_dir, *, period: str | None = "2000-2012", language: str = "en") -> StageResult:
    """Run the region-independent stage ``05-indicator-data`` and write its artefacts.

    Reads ``corpus_dir/indicators/``, prepares the tidy data (municipalities mapped onto today's
    borders, counties published or computed), profiles every county and the whole country over
    ``period`` (the rank needs all counties anyway) and writes ``indicator_data.csv``,
    ``profiles.csv``, ``theme_signals_all.csv``, ``citations.csv`` and ``stage_manifest.json``
    (with the period, which ``06-regional-profile`` checks). A batch runs it once.

    Parameters
    ----------
    cfg : ReviewConfig
        The review (its indicator set).
    corpus_dir, run_dir : path-like
        The corpus (read-only) and this run's folder.
    period : str, optional
        ``"Y1-Y2"``; None for all years with data.
    language : str
        ``en`` or ``fi`` (titles and names).

    Returns
    -------
    StageResult
        Tables ``data``, ``profiles``, ``theme_signals``, ``signal_overview`` (region x theme), ``citations``.

    Raises
    ------
    ConfigError
        When the region key is missing.
    StageInputError
        When the period is invalid or has no data.
    """
    from ..indicators.profile import indicator_citations, parse_period, prepare_indicator_data

    rec = StageRecorder(STAGE, run_dir)
    inds = cfg.indicators
    folder = read_indicator_folder(Path(corpus_dir) / "indicators")
    key = region_key_from_folder(folder)
    with rec.capture():
        data = prepare_indicator_data(folder["data"], inds, key, data_key=folder["keys"][min(folder["keys"])])
        span = parse_period(period) or (int(data["year"].min()), int(data["year"].max()))
        profiles = profile_all_regions(data, inds, key, span, language=language)
    signals = all_theme_signals(profiles)
    cit = indicator_citations(inds, data, language=language)
    rec.write(data, "indicator_data.csv")
    rec.write(profiles, "profiles.csv")
    rec.write(signals, "theme_signals_all.csv")
    rec.write(cit, "citations.csv")
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
        "warnings": list(rec.warnings),
        "seconds": round(rec.seconds(), 2),
    }
    return rec.finish(manifest, tables={"data": data, "profiles": profiles, "theme_signals": signals,
                                        "signal_overview": signal_overview(signals), "citations": cit},
                      extra={"period": span})
