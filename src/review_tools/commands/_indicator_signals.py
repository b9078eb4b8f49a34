"""``review-tools indicators signals``: one region's named signals on the 2011–2020 panel, parameters checked first.

The region may be a wellbeing services county, a municipality (code or Finnish/Swedish name) or ``SSS``;
``--batch all-municipalities`` / ``municipalities:<county>`` / ``all-counties`` writes one folder per region.
Bad parameters are refused before any data is read (:func:`review_tools.parameters.validate_run_parameters`).
Writes ``signals.csv`` (machine-readable), ``signal_table.csv`` (as readers see it), ``breakdowns.csv``,
``phenomena.csv`` (each reported phenomenon with the indicators chosen for it; ids and counts only),
``warnings.txt`` and ``trends.png`` (series breaks marked).
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

__all__ = ["add_parser", "run_signals"]


def add_parser(s) -> None:
    """Add ``signals`` to the ``indicators`` sub-commands."""
    g = s.add_parser("signals", help="named signals of a county, municipality or the whole country (2011–2020 panel)")
    where = g.add_mutually_exclusive_group(required=True)
    where.add_argument("--region", help="county code (5), municipality code (853) or name (Turku, Åbo), or SSS")
    where.add_argument("--batch", help="all-counties, all-municipalities, municipalities:<county>, or a comma list")
    g.add_argument("--period", default="2011-2020", help="years Y1-Y2 (default: 2011-2020)")
    g.add_argument("--language", default="en", help="language of titles, names and headings")
    g.add_argument("--review", default="review", help="review folder (default: review)")
    g.add_argument("--corpus", default="corpus", help="corpus folder (default: corpus)")
    g.add_argument("--key-year", type=int, default=2025, help="year of the municipality key defining the regions")
    g.add_argument("--out", required=True, help="output folder (one sub-folder per region with --batch)")
    g.set_defaults(func=run_signals)


def _dates(values) -> list[dt.date]:
    out = []
    for v in values:
        try:
            out.append(dt.date.fromisoformat(str(v)[:10]))
        except ValueError:
            continue
    return out


def run_signals(args) -> int:
    """Validate the parameters, then write the signal tables of each region."""
    from ..parameters import RunParameterError, batch_regions, validate_run_parameters
    from ..readers.key_records import read_key_records

    t0 = time.perf_counter()
    try:
        params = validate_run_parameters({"region": args.region or "SSS", "period": args.period, "language": args.language},
                                         corpus_dir=args.corpus, key_year=args.key_year, languages=("fi", "sv", "en"))
        key_path = Path(args.corpus) / "indicators" / "regions" / f"municipality_key_{args.key_year}.csv"
        regions = batch_regions(read_key_records(key_path), args.batch) if args.batch else None
    except RunParameterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    import pandas as pd

    from .._config_definitions import load_phenomenon_links, load_series_breaks
    from ..config import load_review
    from ..indicators.regional_signals import reader_table, region_signal_tables
    from ..indicators.signal_figures import signal_trends_figure
    from ..indicators.signals import to_review_ids
    from ..readers.diak_panel import read_diak_folder
    from ..readers.reference_tables import read_region_key
    from ..writers import render_png

    cfg = load_review(args.review)
    inds, codes = cfg.indicators, cfg.code_ids()
    breaks, links = load_series_breaks(args.review, inds, codes), load_phenomenon_links(args.review, inds)
    folder = read_diak_folder(Path(args.corpus) / "indicators" / "diak")
    data, pop = to_review_ids(folder["data"], inds), folder["population"]
    key = read_region_key(args.corpus, args.key_year)
    reports_path = Path(args.corpus) / "social_reports" / "social_reports.csv"
    cols = ["phenomenon", "county_code", "municipality_code", "submitted_at"]
    reports = pd.read_csv(reports_path, dtype=str, usecols=lambda c: c in cols) if reports_path.exists() else None
    informants = cfg.informants
    y1, y2 = (int(y) for y in params["period"].split("-"))
    todo = [(r.code, r.level) for r in regions] if regions else [(params["region"], params["region_level"])]
    for code, level in todo:
        own = None
        if reports is not None:
            col = "municipality_code" if level == "municipality" else "county_code"
            own = reports if level == "country" else reports[reports[col].fillna("").str.lstrip("0") == code.lstrip("0")]
        interviews = [i.interview_date for i in (informants.informants if informants else [])
                      if i.interview_date and (level == "country" or str(i.region or "") in (code, key._county.get(code, "")))]
        tables = region_signal_tables(data, pop, inds, key, code, level, (y1, y2), breaks=breaks, links=links,
                                      reports=own, report_dates=_dates(own["submitted_at"]) if own is not None else (),
                                      interview_dates=interviews, language=args.language)
        out = Path(args.out) / code if regions else Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        tables["signals"].to_csv(out / "signals.csv", index=False, encoding="utf-8")
        reader_table(tables["signals"], inds, language=args.language).to_csv(out / "signal_table.csv", index=False, encoding="utf-8")
        tables["breakdowns"].to_csv(out / "breakdowns.csv", index=False, encoding="utf-8")
        tables["phenomena"].to_csv(out / "phenomena.csv", index=False, encoding="utf-8")
        (out / "warnings.txt").write_text("".join(w + "\n" for w in tables["warnings"]), encoding="utf-8")
        fig = signal_trends_figure(data, pop, inds, key, code, level, (y1, y2), tables["breaks"], language=args.language)
        (out / "trends.png").write_bytes(render_png(fig))
        sig = tables["signals"]
        print(f"{out}: {len(sig)} indicators for {sig['region_name'].iloc[0]} ({y1}-{y2}); level vs country "
              f"{sig['level_vs_country'].value_counts().to_dict()}; trend {sig['trend_over_period'].value_counts().to_dict()}")
    print(f"{len(todo)} region(s) in {time.perf_counter() - t0:.1f} s")
    return 0
